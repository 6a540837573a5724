// `npm run sandbox:image [-- --force | --verify | --print]`: builds the guest
// image for this machine's architecture when it is absent (idempotent: a
// second run only checks), verifies it, or prints where it is.

import { buildImage } from './build';
import { verifyImage } from './manifest';
import { findImage, imageDir } from './store';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--print')) {
    const img = findImage();
    process.stdout.write((img ? JSON.stringify(img, null, 2) : `no image at ${imageDir()}`) + '\n');
    return img ? 0 : 1;
  }
  if (argv.includes('--verify')) {
    const m = verifyImage(imageDir());
    process.stdout.write(`image ${m.version} (${m.arch}, kernel ${m.kernelRelease}) verified\n`);
    return 0;
  }
  const img = await buildImage((line) => process.stdout.write(line + '\n'), { force: argv.includes('--force') });
  process.stdout.write(`kernel:    ${img.kernel}\ninitramfs: ${img.initramfs}\nrootfs:    ${img.rootfs}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sandbox-image: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
