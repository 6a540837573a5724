// Where saved guests live and when one may be used. A snapshot is a directory
// ~/.cache/cowork/snapshots/<key>/ (or $COWORK_SNAPSHOT_CACHE/<key>/) holding
//   rootfs.ext4  the image's rootfs as a read-only ext4 disk (the saved guest's
//                page cache refers to its blocks, so it belongs to this snapshot)
//   state        QEMU's migration stream of the parked guest
//   meta.json    the key's inputs, and size + sha256 of both files
// The key hashes everything the saved RAM depends on: image (its manifest,
// which digests kernel, initramfs and rootfs), agent bundle, QEMU version, VM
// size, accelerator, the agent's uid/gid and limits (the device list is fixed:
// one skills share whatever the session mounts).
// Directories appear complete (renamed into place) and are checked before use.

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostTool } from '../hostTools';
import { coworkCacheDir } from '../cacheDir';

/** Bump when the snapshot layout or the parked guest's protocol changes. */
/** 2: one skills share (format 1 had one device per skill). */
export const SNAPSHOT_FORMAT = 2;

export const SNAPSHOT_FILES = { disk: 'rootfs.ext4', state: 'state', meta: 'meta.json' } as const;

export interface SnapshotKeyInputs {
  format: number;
  imageVersion: string;
  /** sha256 of the image's manifest.json. */
  imageManifest: string;
  /** sha256 of guest-agent.js. */
  agent: string;
  qemuVersion: string;
  accel: 'kvm' | 'tcg';
  memoryMiB: number;
  cpus: number;
  uid: number;
  gid: number;
  nproc: number;
  addressSpaceBytes: number;
}

export interface SnapshotMeta {
  key: string;
  inputs: SnapshotKeyInputs;
  stateBytes: number;
  stateSha256: string;
  diskBytes: number;
  /** The disk is too big to hash on every start; its mtime catches a rewrite. */
  diskMtimeMs: number;
  createdAt: string;
}

export function snapshotsRoot(): string {
  if (process.env.COWORK_SNAPSHOT_CACHE) return process.env.COWORK_SNAPSHOT_CACHE;
  return coworkCacheDir('snapshots');
}

export function snapshotKey(inputs: SnapshotKeyInputs): string {
  // Sorted keys: the digest must not depend on property order. Built as a new object rather
  // than with a replacer array, whose order a polyfilled JSON.stringify may not honour.
  const sorted = Object.fromEntries(Object.keys(inputs).sort().map((k) => [k, inputs[k as keyof SnapshotKeyInputs]]));
  const canonical = JSON.stringify(sorted);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export function sha256FileSync(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const qemuVersions = new Map<string, string>();

/** `qemu --version`'s first line, once per binary (a different QEMU may not load the stream). */
export function qemuVersion(qemu: string): string {
  let v = qemuVersions.get(qemu);
  if (!v) {
    v = execFileSync(qemu, ['--version'], { encoding: 'utf8' }).split('\n')[0]?.trim() ?? 'unknown';
    qemuVersions.set(qemu, v);
  }
  return v;
}

export type SnapshotCheck = { ok: true; dir: string; meta: SnapshotMeta } | { ok: false; dir: string; reason: string };

/**
 * Cheap checks (no hashing of the state: the restore hashes it while QEMU
 * loads it, and resumes the guest only when it matches).
 */
export function checkSnapshot(root: string, key: string): SnapshotCheck {
  const dir = join(root, key);
  if (!existsSync(join(dir, SNAPSHOT_FILES.meta))) return { ok: false, dir, reason: 'no snapshot yet' };
  let meta: SnapshotMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, SNAPSHOT_FILES.meta), 'utf8')) as SnapshotMeta;
  } catch (e) {
    return { ok: false, dir, reason: `unreadable meta.json: ${(e as Error).message}` };
  }
  if (meta.key !== key || snapshotKey(meta.inputs) !== key) return { ok: false, dir, reason: 'meta.json does not match its key (stale)' };
  try {
    const state = statSync(join(dir, SNAPSHOT_FILES.state));
    if (state.size !== meta.stateBytes) return { ok: false, dir, reason: `state is ${state.size} bytes, expected ${meta.stateBytes} (truncated?)` };
    const disk = statSync(join(dir, SNAPSHOT_FILES.disk));
    if (disk.size !== meta.diskBytes || disk.mtimeMs !== meta.diskMtimeMs) return { ok: false, dir, reason: 'rootfs disk changed since the save' };
  } catch (e) {
    return { ok: false, dir, reason: `missing file: ${(e as Error).message}` };
  }
  return { ok: true, dir, meta };
}

/** Deletes a snapshot found bad so the next start rebuilds it. */
export function discardSnapshot(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** mke2fs, also where an ordinary user's PATH does not reach (hostTools.ts). */
export function mke2fsPath(path: string = process.env.PATH ?? ''): string {
  return hostTool('mke2fs', path);
}

/**
 * Writes the image's rootfs directory as an ext4 filesystem image (e2fsprogs'
 * `mke2fs -d`, no root or loop device needed). No journal: it is only ever
 * mounted read-only.
 */
export async function makeRootfsDisk(rootfsPath: string, out: string): Promise<void> {
  // mke2fs -d misreads a symlinked source directory.
  const rootfs = realpathSync(rootfsPath);
  const kib = Number(execFileSync('du', ['-sk', '--apparent-size', rootfs], { encoding: 'utf8' }).split('\t')[0]);
  const sizeKiB = Math.ceil(kib * 1.3) + 64 * 1024; // inodes, metadata, headroom
  await new Promise<void>((resolve, reject) => {
    const child = spawn(mke2fsPath(), ['-q', '-F', '-t', 'ext4', '-O', '^has_journal', '-m', '0', '-d', rootfs, out, `${sizeKiB}k`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`mke2fs: ${e.message} (install e2fsprogs)`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mke2fs exited with ${code}: ${err.trim()}`))));
  });
}

/** Records the finished files and moves `tmp` into place as `<root>/<key>`. */
export async function commitSnapshot(tmp: string, root: string, key: string, inputs: SnapshotKeyInputs): Promise<SnapshotMeta> {
  const state = join(tmp, SNAPSHOT_FILES.state);
  const disk = statSync(join(tmp, SNAPSHOT_FILES.disk));
  const meta: SnapshotMeta = {
    key,
    inputs,
    stateBytes: statSync(state).size,
    stateSha256: await sha256File(state),
    diskBytes: disk.size,
    diskMtimeMs: disk.mtimeMs,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(tmp, SNAPSHOT_FILES.meta), JSON.stringify(meta, null, 2));
  const final = join(root, key);
  try {
    renameSync(tmp, final);
  } catch (e) {
    // Another start built the same key first: keep theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(final, SNAPSHOT_FILES.meta))) throw e;
  }
  return meta;
}
