// The image rule for sandbox tests: skip with the reason where there is no
// image, but fail under CI=true (CI builds or downloads one, so a missing image
// there is a broken setup, not a reason to pass).

import { findTestImage } from './sandboxFixture';

export function imageOrSkip(ctx: Mocha.Context): string {
  const image = findTestImage();
  if (image) return image;
  if (process.env.CI === 'true') throw new Error('no sandbox image: CI must build or download one before the tests');
  console.log('      skipped: no sandbox image (npm run sandbox:image)');
  ctx.skip();
}

/** Same rule for QEMU itself (x86_64 Linux with qemu-system-x86_64). */
export function qemuOrSkip(ctx: Mocha.Context, qemuInstalled: boolean): void {
  const why = process.platform !== 'linux' || process.arch !== 'x64' ? 'needs an x86_64 Linux host' : !qemuInstalled ? 'qemu-system-x86_64 is not installed' : undefined;
  if (!why) return;
  if (process.env.CI === 'true' && process.platform === 'linux' && process.arch === 'x64') throw new Error(`CI: ${why}`);
  console.log(`      skipped: ${why}`);
  ctx.skip();
}
