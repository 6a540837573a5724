// `npx tsx test/support/packedImageCli.ts`: prints the release folder of the
// current sandbox image (packedImage: the one the unit suite's download tests
// serve), packing it first only when the cache has none for this manifest.
// scripts/ciOrdinaryUser.sh serves it to the ordinary user, so CI packs the
// image at most once per image instead of once per test file and once more for
// the user.

import { findImage } from '../../src/sandbox/image/store';
import { packedImage } from './packedImage';

async function main(): Promise<void> {
  const image = findImage();
  if (!image) throw new Error('no sandbox image of the current version: run `npm run sandbox:image` first');
  const packed = await packedImage(image.dir);
  process.stdout.write(`${packed.dir}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`packedImageCli: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
