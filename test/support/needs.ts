// What a test needs from the machine it runs on. Outside CI a missing piece skips
// the test and says why. With CI=true it fails instead: .ci/run installs every
// piece (the sandbox image, qemu, ...), so one missing there is a broken set-up,
// not a reason to pass quietly. Hosts a test cannot run on at all (macOS-only,
// another CPU) still skip: use skipBecause for those.

export function needs(ctx: Mocha.Context, missing: string | undefined): void {
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(`CI=true, but ${missing}`);
  skipBecause(ctx, missing);
}

export function skipBecause(ctx: Mocha.Context, why: string): never {
  console.log(`      skipped: ${why}`);
  return ctx.skip();
}

export const NO_IMAGE = 'no sandbox image: build it with `npm run sandbox:image`';

/**
 * For suites with one reason string: a host the test cannot run on at all says
 * "needs ..." (e.g. "needs an x86_64 Linux host") and skips everywhere; anything
 * else is a missing piece (see needs).
 */
export function needsHost(ctx: Mocha.Context, why: string | undefined): void {
  if (!why) return;
  if (why.startsWith('needs ')) skipBecause(ctx, why);
  needs(ctx, why);
}
