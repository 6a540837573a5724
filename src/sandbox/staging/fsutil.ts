// Small host-side file helpers for staging. Everything here refuses to follow
// symlinks: the upper layer is written by the task, so a link or a FIFO in it
// must never make the host read or write somewhere else, or block.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export type EntryType = 'file' | 'dir' | 'symlink' | 'whiteout' | 'other';

export function typeOf(st: fs.Stats): EntryType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  // overlayfs marks a deleted lower entry with a 0:0 character device.
  if (st.isCharacterDevice() && st.rdev === 0) return 'whiteout';
  return 'other';
}

/** fuse-overlayfs (used on FUSE layers) marks a deleted entry with an empty `.wh.<name>` file, an opaque directory with these. */
export const FUSE_WHITEOUT_PREFIX = '.wh.';
export const FUSE_OPAQUE_MARKERS: ReadonlySet<string> = new Set(['.wh..wh..opq', '.wh..opq']);

/**
 * The marker hiding `rel` in the upper layer, if any: a 0:0 device at `rel`
 * (overlayfs), or with `whiteoutFiles` also a `.wh.<name>` file beside it (fuse-overlayfs).
 */
export async function whiteoutAt(upper: string, rel: string, whiteoutFiles: boolean): Promise<string | null> {
  const abs = path.join(upper, rel);
  const st = await lstatOrNull(abs);
  if (st && typeOf(st) === 'whiteout') return abs;
  if (!whiteoutFiles) return null;
  const marker = path.join(path.dirname(abs), FUSE_WHITEOUT_PREFIX + path.basename(abs));
  return (await lstatOrNull(marker))?.isFile() ? marker : null;
}

export async function lstatOrNull(p: string): Promise<fs.Stats | null> {
  try {
    return await fsp.lstat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

const SMALL_FILE = 256 * 1024;

/**
 * Small files are copied with synchronous calls: a handful of syscalls each,
 * without a thread-pool round trip per call (10x faster for a 1,000-file batch).
 * Returns false, having copied nothing, when the file is not small.
 */
function copySmallSync(src: string, dst: string, fsync: boolean): boolean {
  const fin = fs.openSync(src, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    checkOpenedPath(fin, src);
    const st = fs.fstatSync(fin);
    if (!st.isFile()) throw Object.assign(new Error(`${src}: not a regular file`), { code: 'EINVAL' });
    if (st.size > SMALL_FILE) return false;
    const buf = Buffer.allocUnsafe(st.size + 1);
    let got = 0;
    for (let n; got < buf.length && (n = fs.readSync(fin, buf, got, buf.length - got, null)) > 0; ) got += n;
    if (got > st.size) return false; // grew while we looked: take the streaming path
    const fout = fs.openSync(dst, 'wx', st.mode & 0o777);
    try {
      let off = 0;
      while (off < got) off += fs.writeSync(fout, buf, off, got - off);
      if (fsync) fs.fsyncSync(fout);
    } finally {
      fs.closeSync(fout);
    }
    return true;
  } finally {
    fs.closeSync(fin);
  }
}

/** Read buffer for a file of `size` bytes: no bigger than needed (most files are small), at most 1 MiB. */
function chunkFor(size: number): number {
  return Math.max(4096, Math.min(size + 1, 1024 * 1024));
}

const HAVE_PROC_FD = fs.existsSync('/proc/self/fd');

/**
 * O_NOFOLLOW guards only the last component. The guest can swap a directory of
 * the upper layer for a link (`out -> /etc`) between our scan and our read, so
 * after opening, the kernel's own idea of the path (/proc/self/fd) must be the
 * path we asked for: callers pass paths built from realpath'd roots, so any
 * difference means a link was followed. (No /proc: macOS, where the upper layer
 * lives in the VM and the host never reads it.)
 */
function checkOpenedPath(fd: number, p: string): void {
  if (!HAVE_PROC_FD) return;
  const actual = fs.readlinkSync(`/proc/self/fd/${fd}`);
  if (actual !== path.resolve(p)) {
    throw Object.assign(new Error(`${p}: reached through a symbolic link (${actual}); refusing`), { code: 'ELOOP' });
  }
}

/** Opens a regular file for reading without following links or blocking on FIFOs. */
async function openRegular(p: string): Promise<fsp.FileHandle> {
  const fh = await fsp.open(p, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    checkOpenedPath(fh.fd, p);
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${p}: not a regular file`), { code: 'EINVAL' });
  } catch (err) {
    await fh.close();
    throw err;
  }
  return fh;
}

/** Whole content of a regular file up to `max` bytes (undefined when bigger), with openRegular's guarantees. */
export async function readRegular(p: string, max: number): Promise<Buffer | undefined> {
  const fh = await openRegular(p);
  try {
    const st = await fh.stat();
    if (st.size > max) return undefined;
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

export async function sha256File(p: string): Promise<string> {
  const fh = await openRegular(p);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(chunkFor((await fh.stat()).size));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await fh.close();
  }
}

/** Byte-for-byte equality of two regular files. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([openRegular(a), openRegular(b)]);
  try {
    const [sa, sb] = await Promise.all([fa.stat(), fb.stat()]);
    if (sa.size !== sb.size) return false;
    const n = chunkFor(sa.size);
    const ba = Buffer.allocUnsafe(n);
    const bb = Buffer.allocUnsafe(n);
    for (;;) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, ba.length, null), fb.read(bb, 0, bb.length, null)]);
      if (ra.bytesRead !== rb.bytesRead) return false;
      if (ra.bytesRead === 0) return true;
      if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
    }
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/**
 * Copies a regular file (never a link or FIFO). Mode keeps rwx bits only. The
 * copy is fsynced unless `fsync` is false (batches flush once, see flushToDisk).
 */
export async function copyRegular(src: string, dst: string, fsync = true): Promise<void> {
  if (copySmallSync(src, dst, fsync)) return;
  const fin = await openRegular(src);
  try {
    const st = await fin.stat();
    const fout = await fsp.open(dst, 'wx', st.mode & 0o777);
    try {
      const buf = Buffer.allocUnsafe(chunkFor(st.size));
      for (;;) {
        const { bytesRead } = await fin.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        let off = 0;
        while (off < bytesRead) off += (await fout.write(buf, off, bytesRead - off)).bytesWritten;
      }
      if (fsync) await fout.sync();
    } finally {
      await fout.close();
    }
  } finally {
    await fin.close();
  }
}

/**
 * When the host runs as root, what Cowork writes into a person's folder takes
 * the owner of the directory it lands in, so the person can still edit and
 * delete it; otherwise it is already theirs.
 */
export async function matchParentOwner(p: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const parent = await fsp.stat(path.dirname(p));
  if (parent.uid !== 0 || parent.gid !== 0) await fsp.lchown(p, parent.uid, parent.gid);
}

/**
 * Makes `rel`'s parent directories under `root`, refusing to pass through a
 * symlink (which could point anywhere on the host). Returns the dirs it made.
 */
export async function mkdirsInside(root: string, relDir: string): Promise<string[]> {
  const made: string[] = [];
  let cur = root;
  for (const part of relDir.split('/').filter((x) => x && x !== '.')) {
    cur = path.join(cur, part);
    const st = await lstatOrNull(cur);
    if (!st) {
      await fsp.mkdir(cur);
      await matchParentOwner(cur);
      made.push(cur);
    } else if (!st.isDirectory()) {
      throw Object.assign(new Error(`${cur}: not a directory (refusing to follow a link or replace a file)`), { code: 'ENOTDIR' });
    }
  }
  return made;
}

/** True when every parent of `rel` under `root` is a real directory (or missing). */
export async function parentsAreDirs(root: string, rel: string): Promise<boolean> {
  let cur = root;
  const parts = rel.split('/');
  for (const part of parts.slice(0, -1)) {
    cur = path.join(cur, part);
    const st = await lstatOrNull(cur);
    if (!st) return true;
    if (!st.isDirectory()) return false;
  }
  return true;
}

/** All non-directory entries below `dir`, as paths relative to `base`. */
export async function filesBelow(base: string, relDir: string): Promise<string[]> {
  const out: string[] = [];
  const abs = path.join(base, relDir);
  for (const e of await fsp.readdir(abs, { withFileTypes: true })) {
    const rel = `${relDir}/${e.name}`;
    if (e.isDirectory()) out.push(...(await filesBelow(base, rel)));
    else out.push(rel);
  }
  return out;
}

/**
 * Makes written files durable. One `sync -f` (syncfs of each filesystem) costs
 * far less than a thousand fsyncs; where that is missing (macOS), each file and
 * directory is fsynced instead.
 */
export async function flushToDisk(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const r = spawnSync('sync', ['-f', ...new Set(paths.map((p) => path.dirname(p)))], { stdio: 'ignore' });
  if (!r.error && r.status === 0) return;
  await runLimited(paths, 16, async (p) => {
    const fh = await fsp.open(p, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
