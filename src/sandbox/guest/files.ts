// File operations of the guest agent. Every path goes through the PathResolver
// first. Writes are atomic (temp file in the same directory, then rename), so a
// reader, or a guest killed mid-write, only ever sees the old or the new file.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_READ_BYTES } from '../protocol';
import { SandboxError, type DirEntry, type ReadResult } from '../session';
import type { PathResolver } from './paths';

/** Whole-file reads by lines load the file; past this, read by bytes instead. */
const MAX_LINE_READ_FILE = 64 * 1024 * 1024;

export function entryOf(name: string, display: string, st: fs.Stats): DirEntry {
  const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  return { name, path: display, type, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Binary: a NUL byte, or bytes that are not UTF-8 (ignoring a sequence cut at the end). */
export function looksBinary(buf: Buffer): boolean {
  if (buf.subarray(0, 8192).includes(0)) return true;
  let end = buf.length;
  // Back off over a multi-byte sequence that a slice may have cut in two.
  for (let k = 0; k < 3 && end > 0 && (buf[end - 1] & 0xc0) === 0x80; k++) end--;
  if (end > 0 && buf[end - 1] >= 0xc0) end--;
  try {
    strictUtf8.decode(buf.subarray(0, end));
    return false;
  } catch {
    return true;
  }
}

export class FileOps {
  constructor(private readonly paths: PathResolver) {}

  async readFile(p: string, session: string | undefined, opts: { offset?: number; limit?: number; lines?: boolean }): Promise<ReadResult> {
    const { real } = this.paths.resolve(p, session, true);
    const st = await fsp.stat(real);
    if (st.isDirectory()) throw new SandboxError('EISDIR', `${p}: is a directory`);
    if (!st.isFile()) throw new SandboxError('EIO', `${p}: not a regular file`);
    const offset = Math.max(0, Math.floor(opts.offset ?? 0));
    if (opts.lines && st.size <= MAX_LINE_READ_FILE) {
      const buf = await fsp.readFile(real);
      if (!looksBinary(buf)) return readLines(buf, offset, opts.limit);
      // Binary files are read by bytes from the start, whatever the line offset was.
      return this.readBytes(real, st.size, 0, opts.limit);
    }
    return this.readBytes(real, st.size, offset, opts.limit);
  }

  private async readBytes(real: string, size: number, offset: number, limit: number | undefined): Promise<ReadResult> {
    const want = Math.max(0, Math.min(limit ?? MAX_READ_BYTES, MAX_READ_BYTES, size - offset));
    const buf = Buffer.alloc(want);
    const fh = await fsp.open(real, 'r');
    try {
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const data = buf.subarray(0, got);
      const binary = looksBinary(data);
      return {
        binary,
        data: data.toString(binary ? 'base64' : 'utf8'),
        encoding: binary ? 'base64' : 'utf8',
        size,
        truncated: offset > 0 || offset + got < size,
      };
    } finally {
      await fh.close();
    }
  }

  async writeFile(p: string, session: string | undefined, data: string, encoding: 'utf8' | 'base64'): Promise<{ size: number }> {
    const { real } = this.paths.resolve(p, session, true);
    const bytes = Buffer.from(data, encoding);
    await fsp.mkdir(path.posix.dirname(real), { recursive: true });
    await writeAtomic(real, bytes);
    return { size: bytes.length };
  }

  async editFile(p: string, session: string | undefined, oldText: string, newText: string, all: boolean): Promise<{ replacements: number }> {
    if (!oldText) throw new SandboxError('EPROTO', 'oldText must not be empty');
    const { real } = this.paths.resolve(p, session, true);
    const text = await fsp.readFile(real, 'utf8');
    let count = 0;
    for (let i = text.indexOf(oldText); i !== -1; i = text.indexOf(oldText, i + oldText.length)) count++;
    if (count === 0) throw new SandboxError('ENOMATCH', `${p}: the text to replace does not occur`);
    if (count > 1 && !all) throw new SandboxError('ENOTUNIQUE', `${p}: the text to replace occurs ${count} times; make it unique or replace all`);
    await writeAtomic(real, Buffer.from(text.split(oldText).join(newText), 'utf8'));
    return { replacements: count };
  }

  async list(p: string, session: string | undefined, depth: number, limit: number): Promise<{ entries: DirEntry[]; truncated: boolean }> {
    const { real } = this.paths.resolve(p, session, true);
    const st = await fsp.stat(real);
    if (!st.isDirectory()) throw new SandboxError('ENOTDIR', `${p}: not a directory`);
    const entries: DirEntry[] = [];
    let level: string[] = [real];
    for (let d = 0; d < Math.max(1, depth) && level.length > 0; d++) {
      const next: string[] = [];
      for (const dir of level) {
        const names = (await fsp.readdir(dir)).sort();
        for (const name of names) {
          const abs = path.posix.join(dir, name);
          let est: fs.Stats;
          try {
            est = await fsp.lstat(abs);
          } catch {
            continue;
          }
          if (entries.length >= limit) return { entries, truncated: true };
          entries.push(entryOf(name, this.paths.displayOf(abs), est));
          if (est.isDirectory()) next.push(abs);
        }
      }
      level = next;
    }
    return { entries, truncated: false };
  }

  async stat(p: string, session: string | undefined): Promise<DirEntry> {
    const { real, display } = this.paths.resolve(p, session, false);
    return entryOf(path.posix.basename(real), display, await fsp.lstat(real));
  }

  async exists(paths: string[], session: string | undefined): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const p of paths) {
      try {
        await fsp.lstat(this.paths.resolve(p, session, false).real);
        out.push(true);
      } catch {
        out.push(false);
      }
    }
    return out;
  }

  async move(from: string, to: string, session: string | undefined): Promise<void> {
    const src = this.paths.resolve(from, session, false);
    const dst = this.paths.resolve(to, session, false);
    this.refuseRoot(src.display, from);
    await fsp.lstat(src.real);
    await fsp.mkdir(path.posix.dirname(dst.real), { recursive: true });
    try {
      await fsp.rename(src.real, dst.real);
    } catch (err) {
      // overlayfs refuses to rename directories that come from the lower layer.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyTree(src.real, dst.real);
      await fsp.rm(src.real, { recursive: true, force: true });
    }
  }

  async delete(p: string, session: string | undefined, recursive: boolean): Promise<void> {
    const { real, display } = this.paths.resolve(p, session, false);
    this.refuseRoot(display, p);
    const st = await fsp.lstat(real);
    if (!st.isDirectory() || recursive) await emptyIfLayerFull(real);
    if (!st.isDirectory()) return fsp.unlink(real);
    if (recursive) return fsp.rm(real, { recursive: true });
    try {
      await fsp.rmdir(real);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY') throw new SandboxError('EISDIR', `${p}: directory not empty; delete it recursively`);
      throw err;
    }
  }

  async mkdir(p: string, session: string | undefined): Promise<void> {
    const { real } = this.paths.resolve(p, session, true);
    await fsp.mkdir(real, { recursive: true });
  }

  private refuseRoot(display: string, p: string): void {
    if (display === '.' || /^\/scratch\/[^/]+$/.test(display)) throw new SandboxError('EOUTSIDE', `${p}: refusing to remove or move the folder itself`);
  }
}

/** Writes `bytes` to `target` through a temp file and rename, keeping the old file's mode. */
export async function writeAtomic(target: string, bytes: Buffer): Promise<void> {
  const tmp = path.posix.join(path.posix.dirname(target), `.cowork-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let mode = 0o644;
  try {
    mode = (await fsp.stat(target)).mode & 0o7777;
  } catch {
    // new file
  }
  try {
    await fsp.writeFile(tmp, bytes, { flag: 'wx', mode });
    await fsp.rename(tmp, target);
  } catch (err) {
    // Emptied first: on a full FUSE layer the unlink itself needs room (see emptyIfLayerFull).
    await fsp.truncate(tmp, 0).catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/** Free room below which a deletion may find none (see emptyIfLayerFull). */
const NEARLY_FULL_BYTES = 256 * 1024;

/**
 * Empties the files a deletion is about to remove when the filesystem is
 * (nearly) full. On the write budget's FUSE layer (fuse-overlayfs on fuse2fs,
 * an ordinary user's) a deletion allocates: the file is renamed into the
 * overlay's work dir and a `.wh.` file is created, and fuse2fs refuses both
 * once the budget is used up. Worse, fuse-overlayfs then hides the file
 * anyway while the layer keeps it, so the deletion cannot be retried.
 * Emptying a file allocates nothing and gives its blocks back. Only files
 * with one link are emptied (another name would lose its data).
 */
export async function emptyIfLayerFull(target: string): Promise<void> {
  const s = await fsp.statfs(path.posix.dirname(target)).catch(() => undefined);
  if (!s || s.bavail * s.bsize >= NEARLY_FULL_BYTES) return;
  await emptyFiles(target);
}

async function emptyFiles(p: string): Promise<void> {
  const st = await fsp.lstat(p).catch(() => undefined);
  if (st?.isFile() && st.nlink === 1 && st.size > 0) await fsp.truncate(p, 0).catch(() => undefined);
  if (!st?.isDirectory()) return;
  for (const name of await fsp.readdir(p).catch(() => [] as string[])) await emptyFiles(path.posix.join(p, name));
}

async function copyTree(src: string, dst: string): Promise<void> {
  const st = await fsp.lstat(src);
  if (st.isDirectory()) {
    await fsp.mkdir(dst, { recursive: true, mode: st.mode & 0o7777 });
    for (const name of await fsp.readdir(src)) await copyTree(path.posix.join(src, name), path.posix.join(dst, name));
  } else if (st.isSymbolicLink()) {
    await fsp.symlink(await fsp.readlink(src), dst);
  } else if (st.isFile()) {
    await fsp.copyFile(src, dst);
  }
}

/** Text read by lines: `offset` and `limit` count lines; the slice keeps its line endings. */
function readLines(buf: Buffer, offset: number, limit: number | undefined): ReadResult {
  const text = buf.toString('utf8');
  const lines = text.length === 0 ? [] : text.split(/(?<=\n)/);
  const end = limit === undefined ? lines.length : Math.min(lines.length, offset + Math.max(0, limit));
  let data = lines.slice(offset, end).join('');
  let truncated = offset > 0 || end < lines.length;
  if (Buffer.byteLength(data) > MAX_READ_BYTES) {
    data = Buffer.from(data).subarray(0, MAX_READ_BYTES).toString('utf8');
    truncated = true;
  }
  return { binary: false, data, encoding: 'utf8', size: buf.length, truncated, totalLines: lines.length };
}
