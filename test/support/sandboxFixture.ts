// Shared fixture for the sandbox tests: a real guest-agent bundle (built once
// with esbuild), a real image rootfs, and throwaway folders and state dirs.
// The image is the one src/sandbox/image builds (~/.cache/cowork/images/<v>/);
// until that exists, a bookworm minbase rootfs made with mmdebstrap.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { GuestDriver } from '../../src/sandbox/driver';
import { coworkCacheDir } from '../../src/sandbox/cacheDir';
import { NamespaceDriver } from '../../src/sandbox/drivers/namespace';
import { findImage, imagesRoot } from '../../src/sandbox/image/store';
import { SandboxManager, type SandboxManagerOptions } from '../../src/sandbox/manager';
import { SandboxError } from '../../src/sandbox/session';
import { needs, NO_IMAGE } from './needs';

export async function rejectsCode(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SandboxError, `expected SandboxError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

const REPO = path.resolve(__dirname, '../..');
const FALLBACK_IMAGE = coworkCacheDir('sandbox-test');

/**
 * The image src/sandbox/image built (findImage), else any complete-looking
 * version in the cache, else the test's own mmdebstrap rootfs; undefined when
 * none has rootfs/usr/bin/node (the tests then skip).
 */
export function findTestImage(): string | undefined {
  // Pinned, as the CLI pins it (e.g. an ordinary user's run, shown root's image through a bind mount).
  const pinned = process.env.COWORK_IMAGE_DIR;
  if (pinned && fs.existsSync(path.join(pinned, 'rootfs', 'usr', 'bin', 'node'))) return pinned;
  const built = findImage();
  if (built && fs.existsSync(path.join(built.rootfs, 'usr', 'bin', 'node'))) return built.dir;
  const candidates: string[] = [];
  try {
    for (const v of fs.readdirSync(imagesRoot()).sort().reverse()) candidates.push(path.join(imagesRoot(), v));
  } catch {
    // the image module has not built one yet
  }
  candidates.push(FALLBACK_IMAGE);
  return candidates.find((c) => fs.existsSync(path.join(c, 'rootfs', 'usr', 'bin', 'node')));
}

/** The test image, for a test that cannot run without one: skipped without it, failed with CI=true (see needs.ts). */
export function requireTestImage(ctx: Mocha.Context): string {
  const image = findTestImage();
  needs(ctx, image ? undefined : NO_IMAGE);
  return image as string;
}

/** Builds the one-off rootfs the fallback uses (slow; needs apt access). */
export function buildFallbackImage(): string {
  fs.mkdirSync(FALLBACK_IMAGE, { recursive: true });
  const rootfs = path.join(FALLBACK_IMAGE, 'rootfs');
  if (!fs.existsSync(path.join(rootfs, 'usr', 'bin', 'node'))) {
    execFileSync('flock', ['/tmp/cowork-test-rootfs.lock', 'sh', '-c',
      `test -x ${rootfs}/usr/bin/node || (rm -rf ${rootfs}.tmp && mmdebstrap --variant=minbase --include=nodejs,python3,bash,coreutils,procps bookworm ${rootfs}.tmp && mv ${rootfs}.tmp ${rootfs})`], { stdio: 'inherit' });
  }
  return FALLBACK_IMAGE;
}

let toolsDir: string | undefined;

/** dist-like dir holding a freshly bundled guest-agent.js (Node 20 target, as in scripts/build.mjs). */
export function guestTools(): string {
  if (!toolsDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-tools-'));
    toolsDir = dir;
    fs.chmodSync(dir, 0o755);
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    buildSync({
      entryPoints: [path.join(REPO, 'src/sandbox/guest/main.ts')],
      outfile: path.join(toolsDir, 'guest-agent.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
  }
  return toolsDir;
}

export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `cowork-${prefix}-`));
  fs.chmodSync(d, 0o755);
  return d;
}

/** Writes a tree of files: { 'a/b.txt': 'text' }. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  }
}

/** sha256 of every file (and link target) under root, keyed by relative path. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(root, r);
      if (e.isDirectory()) {
        out[r + '/'] = 'dir';
        walk(r);
      } else if (e.isSymbolicLink()) {
        out[r] = `link:${fs.readlinkSync(abs)}`;
      } else {
        out[r] = createHash('sha256').update(fs.readFileSync(abs)).digest('hex') + `:${(fs.statSync(abs).mode & 0o777).toString(8)}`;
      }
    }
  };
  walk('');
  return out;
}

export interface Fixture {
  manager: SandboxManager;
  folder: string;
  stateRoot: string;
  dispose(): Promise<void>;
}

export function makeFixture(imageDir: string, files: Record<string, string | Buffer> = {}, extra: Partial<SandboxManagerOptions> & { driver?: GuestDriver } = {}): Fixture {
  const folder = tempDir('folder');
  const stateRoot = extra.stateRoot ?? tempDir('state');
  writeTree(folder, files);
  const manager = new SandboxManager({
    imageDir,
    toolsDir: guestTools(),
    stateRoot,
    driver: extra.driver ?? new NamespaceDriver(),
    idleMs: 60_000,
    ...extra,
  });
  return {
    manager,
    folder,
    stateRoot,
    async dispose() {
      await manager.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
      if (!extra.stateRoot) removeStateTree(stateRoot);
    },
  };
}

/**
 * rm -rf for a state dir. overlayfs mounted in a user namespace (an ordinary
 * user's sandbox) leaves its work/work directory with mode 000, which the owner
 * can chmod but not list: open such directories up first.
 */
export function removeStateTree(dir: string): void {
  const openUp = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      try {
        fs.chmodSync(d, 0o700);
        entries = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
    }
    for (const e of entries) if (e.isDirectory()) openUp(path.join(d, e.name));
  };
  if (process.getuid?.() !== 0) openUp(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}
