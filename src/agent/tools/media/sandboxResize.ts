// Resizing with whatever the sandbox has (ImageMagick, ffmpeg, python3 + PIL),
// for image formats the extension cannot decode in pure JS (GIF, WebP). The
// result comes back base64 on stdout; nothing is written to the person's folder.

import type { SandboxSession } from '../../../sandbox/session';
import type { ExternalResizer } from './image';

// The file name travels in an environment variable, never in the script, so
// spaces, quotes, leading dashes or newlines in it cannot change the command.
const SCRIPT = `
set -o pipefail
if command -v magick >/dev/null 2>&1; then magick "$SRC[0]" -resize "\${MAXW}x\${MAXH}>" jpg:- | base64 -w0
elif command -v convert >/dev/null 2>&1; then convert "$SRC[0]" -resize "\${MAXW}x\${MAXH}>" jpg:- | base64 -w0
elif command -v ffmpeg >/dev/null 2>&1; then ffmpeg -loglevel error -i "$SRC" -frames:v 1 -vf "scale=\${MAXW}:\${MAXH}:force_original_aspect_ratio=decrease" -f image2pipe -vcodec mjpeg - | base64 -w0
elif python3 -c 'import PIL' >/dev/null 2>&1; then python3 -c '
import base64, io, os, sys
from PIL import Image
im = Image.open(os.environ["SRC"]); im.seek(0); im = im.convert("RGB")
im.thumbnail((int(os.environ["MAXW"]), int(os.environ["MAXH"])))
buf = io.BytesIO(); im.save(buf, "JPEG", quality=85); sys.stdout.write(base64.b64encode(buf.getvalue()).decode())'
else exit 127
fi
`;

export function sandboxResizer(session: SandboxSession, path: string, signal?: AbortSignal): ExternalResizer {
  return async (maxWidth, maxHeight) => {
    try {
      const r = await session.exec(
        {
          command: SCRIPT,
          env: { SRC: path.startsWith('/') ? path : `./${path}`, MAXW: String(maxWidth), MAXH: String(maxHeight) },
          timeoutMs: 60_000,
          maxOutputBytes: 12 * 1024 * 1024,
        },
        undefined,
        signal,
      );
      if (r.exitCode !== 0 || r.truncated || !r.stdout.trim()) return undefined;
      const bytes = Buffer.from(r.stdout.trim(), 'base64');
      return bytes.length > 0 ? { bytes, mediaType: 'image/jpeg' } : undefined;
    } catch {
      return undefined;
    }
  };
}
