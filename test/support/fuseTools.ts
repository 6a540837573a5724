// Whether the FUSE write-budget layer can run here (fuse2fs, fuse-overlayfs, fusermount3 on PATH).

import * as fs from 'node:fs';
import * as path from 'node:path';

export function fuseMissing(): string | undefined {
  const tools = ['fuse2fs', 'fuse-overlayfs', 'fusermount3'].filter((t) => !(process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(path.join(d, t))));
  return tools.length > 0 ? `${tools.join(', ')} not installed (apt install fuse2fs fuse-overlayfs fuse3)` : undefined;
}
