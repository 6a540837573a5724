// `npm run sandbox:image [-- --force | --verify | --print | --pack [--out DIR]
// [--gzip] | --download [URL]]`: builds the guest image for this machine's
// architecture when it is absent (idempotent: a second run only checks),
// verifies it, prints where it is, packs it as a downloadable release, or
// installs it from one (URL defaults to COWORK_IMAGE_URL).

import { resolve } from 'node:path';
import { buildImage } from './build';
import { downloadImage } from './download';
import { verifyImage } from './manifest';
import { packImage } from './pack';
import { mib } from './progress';
import { findImage, imageDir } from './store';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v && !v.startsWith('--') ? v : undefined;
}

async function main(argv: string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(line + '\n');
  if (argv.includes('--print')) {
    const img = findImage();
    out(img ? JSON.stringify(img, null, 2) : `no image at ${imageDir()}`);
    return img ? 0 : 1;
  }
  if (argv.includes('--verify')) {
    const m = verifyImage(imageDir());
    out(`image ${m.version} (${m.arch}, kernel ${m.kernelRelease}) verified`);
    return 0;
  }
  if (argv.includes('--download')) {
    const url = option(argv, '--download') ?? process.env.COWORK_IMAGE_URL;
    if (!url) throw new Error('--download needs a URL (or COWORK_IMAGE_URL)');
    const existing = findImage();
    if (existing && !argv.includes('--force')) {
      out(`image ${existing.version} already present at ${existing.dir}`);
      return 0;
    }
    let last = '';
    const img = await downloadImage({
      url,
      log: out,
      onStep: (s) => {
        const line = `${s.phase}: ${s.message}`;
        if (line !== last && (s.phase !== 'download' || s.percent % 10 === 0)) out(`${String(s.percent).padStart(3)}% ${line}`);
        last = line;
      },
    });
    out(`image ${img.version} ready at ${img.dir}`);
    return 0;
  }
  const img = await buildImage(out, { force: argv.includes('--force') });
  if (argv.includes('--pack')) {
    const dir = resolve(option(argv, '--out') ?? 'dist/image-release');
    const r = await packImage(img, dir, { compression: argv.includes('--gzip') ? 'gzip' : 'brotli', log: out });
    out(`release in ${dir}:\n  ${r.files.archive} (${mib(r.archiveBytes)} MiB, sha256 ${r.archiveSha256})\n  ${r.files.manifest}\n  ${r.files.sums}`);
    out(`serve it with e.g. \`python3 -m http.server --bind 127.0.0.1 8765 --directory ${dir}\` and set COWORK_IMAGE_URL=http://127.0.0.1:8765`);
    return 0;
  }
  out(`kernel:    ${img.kernel}\ninitramfs: ${img.initramfs}\nrootfs:    ${img.rootfs}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sandbox-image: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
