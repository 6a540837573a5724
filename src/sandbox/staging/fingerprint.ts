// What a path in the real folder held at one moment, small enough to keep per
// file: a task's conflict base (what it saw when it first read or changed the
// file) and what a task left behind (for undo). Two fingerprints are the same
// when the content is: the sha256 when both have one, else size, mtime and
// inode (a file too large to hash changed if any of them did).

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';

/** Files up to this size are hashed. */
const HASH_LIMIT = 64 * 1024 * 1024;

export type Fingerprint =
  | { kind: 'none' }
  | { kind: 'dir' }
  | { kind: 'link'; target: string }
  | { kind: 'file'; size: number; mtimeNs: string; ino: number; sha256?: string };

export async function fingerprintOf(abs: string): Promise<Fingerprint> {
  let st: fs.BigIntStats;
  try {
    st = await fsp.lstat(abs, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
    throw err;
  }
  if (st.isDirectory()) return { kind: 'dir' };
  if (st.isSymbolicLink()) return { kind: 'link', target: await fsp.readlink(abs) };
  const size = Number(st.size);
  const fp: Fingerprint = { kind: 'file', size, mtimeNs: st.mtimeNs.toString(), ino: Number(st.ino) };
  if (size <= HASH_LIMIT) fp.sha256 = await sha256Of(abs);
  return fp;
}

export async function sha256Of(abs: string): Promise<string> {
  const hash = createHash('sha256');
  // O_NOFOLLOW: the path was just lstat'ed as a regular file; never read through a swapped-in link.
  const fh = await fsp.open(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    for await (const chunk of fh.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await fh.close().catch(() => undefined);
  }
  return hash.digest('hex');
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'link' && b.kind === 'link') return a.target === b.target;
  if (a.kind === 'file' && b.kind === 'file') {
    if (a.sha256 && b.sha256) return a.size === b.size && a.sha256 === b.sha256;
    return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;
  }
  return true;
}

/** How the folder's version differs from the one a task saw, in words for the person. */
export function describeChange(seen: Fingerprint, now: Fingerprint): string {
  if (seen.kind === 'none') return 'created on disk since this task looked';
  if (now.kind === 'none') return 'deleted on disk since this task read it';
  return 'changed on disk since this task read it';
}
