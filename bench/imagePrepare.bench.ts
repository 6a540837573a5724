// Getting an image onto a machine, all in one run: a root build, a rootless
// build as an ordinary user (--user NAME: a user with a subordinate id range;
// skipped without it), packing the image, and download + verify + install of
// the packed image from a local HTTP server into an empty store (median of
// --runs). Builds go into temporary stores, so the shared cache is not
// touched (--install: the root build goes into the real store instead, when
// this version is not there yet). Writes "Sandbox image (build, pack,
// download)" in RESULTS.md.
// Run as root: npx tsx bench/imagePrepare.bench.ts --user cwimg [--runs 3] [--install]

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { downloadImage } from '../src/sandbox/image/download';
import { readManifest } from '../src/sandbox/image/manifest';
import { packImage } from '../src/sandbox/image/pack';
import { mib } from '../src/sandbox/image/progress';
import { IMAGE_VERSION, ROOTFS_PACKAGES } from '../src/sandbox/image/recipe';
import { findImage, imageInfo, imagesRoot } from '../src/sandbox/image/store';
import { removeTree } from '../src/sandbox/image/tarExtract';
import { startReleaseServer } from '../test/support/releaseServer';
import { percentile, writeResultsSection } from './results';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs')) || 3;
const USER = arg('--user');
const CLI = resolve(__dirname, '..', 'dist', 'sandbox-image.js');

function store(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `cowork-bench-${prefix}-`));
  chmodSync(d, 0o755);
  return d;
}

/** One `sandbox-image.js` build into `dir` (as `user` when given); wall seconds. */
function build(dir: string | undefined, user?: string): number {
  const env = dir ? `COWORK_IMAGE_CACHE=${dir}` : 'COWORK_BENCH=1';
  const argv = user ? ['runuser', '-u', user, '--', 'env', `HOME=/home/${user}`, env, process.execPath, CLI] : ['env', env, process.execPath, CLI];
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`build${user ? ` as ${user}` : ''} failed: ${r.stderr.slice(-2000)}`);
  console.log(`build${user ? ` as ${user}` : ' as root'}: ${s.toFixed(0)} s`);
  return s;
}

async function main(): Promise<void> {
  const install = process.argv.includes('--install') && !findImage();
  const rootStore = install ? imagesRoot() : store('root');
  const rootBuild = build(install ? undefined : rootStore);
  let rootless: number | undefined;
  let sameRootfs: boolean | undefined;
  if (USER) {
    const userStore = store('user');
    spawnSync('chown', [USER, userStore]);
    rootless = build(userStore, USER);
    const digest = (d: string): string | undefined => readManifest(join(d, IMAGE_VERSION)).artefacts.rootfs;
    sameRootfs = digest(rootStore) === digest(userStore);
    console.log(`root and rootless rootfs digests ${sameRootfs ? 'identical' : 'differ'}`);
    spawnSync('runuser', ['-u', USER, '--', 'rm', '-rf', userStore]);
  }
  const img = imageInfo(join(rootStore, IMAGE_VERSION));
  const du = spawnSync('du', ['-sm', img.dir], { encoding: 'utf8' }).stdout.split('\t')[0];
  const release = store('release');
  const p0 = performance.now();
  const packed = await packImage(img, release);
  const packS = (performance.now() - p0) / 1000;
  const server = await startReleaseServer(release);
  const downloads: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const target = store('download');
      process.env.COWORK_IMAGE_CACHE = target;
      const t0 = performance.now();
      await downloadImage({ url: server.url });
      downloads.push((performance.now() - t0) / 1000);
      console.log(`download + verify + install ${i + 1}: ${downloads.at(-1)!.toFixed(1)} s`);
      removeTree(target);
    }
  } finally {
    await server.close();
  }
  if (!install) removeTree(rootStore);
  removeTree(release);
  const table = [
    '| step | wall s |',
    '|---|---|',
    `| build as root (mmdebstrap root mode) | ${rootBuild.toFixed(0)} |`,
    `| build as an ordinary user (unshare mode, subordinate ids) | ${rootless === undefined ? 'not run (no --user)' : rootless.toFixed(0)} |`,
    `| pack (tar + Brotli q5) | ${packS.toFixed(0)} |`,
    `| download + verify every sha256 + unpack + install, 127.0.0.1, median of ${RUNS} | ${percentile(downloads, 50).toFixed(1)} |`,
  ].join('\n');
  console.log(table);
  writeResultsSection(
    'Sandbox image (build, pack, download)',
    `Image ${IMAGE_VERSION}: ${du} MiB unpacked, archive ${mib(packed.archiveBytes)} MiB (\`.tar.br\`). Packages: ${ROOTFS_PACKAGES.join(', ')}. Builds download from deb.debian.org (this machine's mirror is fast; the network is a small share here) into temporary stores, one after the other in the same run; the machine is shared, so load varies between the rows.\n\n${table}\n\n${sameRootfs === undefined ? '' : `Root and rootless builds: rootfs digests ${sameRootfs ? 'identical' : 'different (two builds minutes apart, same package list; not investigated: a file written at install time, e.g. a cache, may differ)'}.\n\n`}The download row is what a fresh machine with \`cowork.sandbox.imageUrl\` / \`COWORK_IMAGE_URL\` pays instead of a build (plus the transfer time of ${mib(packed.archiveBytes)} MiB over its own link).`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
