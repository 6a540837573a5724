// Unpacks a tar stream (mmdebstrap's rootfs tarball, or a packed image) into
// an empty directory as whoever runs it: no root, no owners applied, device
// nodes and fifos skipped (every driver mounts its own /dev). Entries are
// confined to the destination: absolute names and `..` are refused, and
// nothing is ever written through a symlink, because every parent of an entry
// must be a directory this extraction created itself.

import { chmodSync, closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

export interface ExtractResult {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Device nodes, fifos and sockets that were left out. */
  skipped: string[];
  bytes: number;
}

const BLOCK = 512;

/** Reads a NUL-terminated string field. */
function str(b: Buffer, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return b.toString('utf8', off, end === -1 || end > off + len ? off + len : end);
}

/** Octal numeric field, or GNU base-256 when the top bit is set. */
function num(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = str(b, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad numeric field in tar header: ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === num(h, 148, 8);
}

/** pax records: "<len> key=value\n". */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp === -1) break;
    const len = parseInt(data.toString('utf8', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > data.length) throw new TarError('bad pax extended header');
    const rec = data.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** "./a/b/" → "a/b"; refuses absolute names and `..` (zip-slip). Empty string is the root. */
export function safeEntryName(raw: string): string {
  if (raw.startsWith('/')) throw new TarError(`tar entry has an absolute name: ${raw}`);
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new TarError(`tar entry leaves the destination: ${raw}`);
  return parts.join('/');
}

class Extractor {
  private readonly dirs = new Map<string, number>([['', 0o755]]);
  private readonly files = new Set<string>();
  private readonly nonDirs = new Set<string>();
  readonly result: ExtractResult = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, skipped: [], bytes: 0 };

  constructor(private readonly dest: string) {}

  private abs(rel: string): string {
    return rel ? join(this.dest, rel) : this.dest;
  }

  /** Every parent of `rel` is (made) a directory created by this extraction. */
  private parents(rel: string): void {
    const parts = rel.split('/');
    let cur = '';
    for (const p of parts.slice(0, -1)) {
      cur = cur ? `${cur}/${p}` : p;
      if (this.dirs.has(cur)) continue;
      if (this.nonDirs.has(cur)) throw new TarError(`tar entry ${rel} goes through ${cur}, which is not a directory`);
      mkdirSync(this.abs(cur), { mode: 0o700 });
      this.dirs.set(cur, 0o755);
    }
  }

  /** Makes room for a non-directory at `rel` (a later entry replaces an earlier one, as tar does). */
  private clear(rel: string): void {
    if (this.dirs.has(rel)) throw new TarError(`tar entry ${rel} would replace a directory`);
    if (this.nonDirs.has(rel)) unlinkSync(this.abs(rel));
    this.files.delete(rel);
    this.nonDirs.add(rel);
  }

  dir(rel: string, mode: number): void {
    if (rel === '') {
      this.dirs.set('', mode);
      return;
    }
    this.parents(rel);
    if (this.nonDirs.has(rel)) throw new TarError(`tar entry ${rel} is both a file and a directory`);
    // Owner-writable while unpacking; the real mode is applied at the end.
    if (!this.dirs.has(rel)) {
      mkdirSync(this.abs(rel), { mode: 0o700 });
      this.result.dirs++;
    }
    this.dirs.set(rel, mode);
  }

  openFile(rel: string): number {
    this.parents(rel);
    this.clear(rel);
    this.files.add(rel);
    this.result.files++;
    return openSync(this.abs(rel), 'wx', 0o600);
  }

  symlink(rel: string, target: string): void {
    this.parents(rel);
    this.clear(rel);
    symlinkSync(target, this.abs(rel));
    this.result.symlinks++;
  }

  hardlink(rel: string, targetRaw: string): void {
    const target = safeEntryName(targetRaw);
    if (!this.files.has(target)) throw new TarError(`tar hard link ${rel} points at ${targetRaw}, which is not a file in the archive`);
    this.parents(rel);
    this.clear(rel);
    linkSync(this.abs(target), this.abs(rel));
    this.files.add(rel);
    this.result.hardlinks++;
  }

  /** Applies directory modes deepest first (a 0555 directory may hold entries). */
  finish(): void {
    const all = [...this.dirs.entries()].sort((a, b) => b[0].split('/').length - a[0].split('/').length);
    for (const [rel, mode] of all) chmodSync(this.abs(rel), mode);
  }
}

/**
 * Extracts `source` (an uncompressed tar byte stream) into `dest`, which must
 * not exist or be empty. Throws TarError on a malformed or unsafe archive; the
 * caller removes `dest` then.
 */
export async function extractTar(source: AsyncIterable<Buffer>, dest: string): Promise<ExtractResult> {
  mkdirSync(dest, { recursive: true });
  const ex = new Extractor(dest);
  let buf: Buffer = Buffer.alloc(0);
  // Current data entry being written, if any.
  let entry:
    | { fd: number | undefined; left: number; pad: number; capture?: Buffer[]; kind?: 'pax' | 'longname' | 'longlink'; chmod?: { path: string; mode: number } }
    | undefined;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let zeroBlocks = 0;
  let ended = false;

  const header = (h: Buffer): void => {
    if (h.every((b) => b === 0)) {
      if (++zeroBlocks >= 2) ended = true;
      return;
    }
    zeroBlocks = 0;
    if (!checksumOk(h)) throw new TarError('tar header checksum mismatch: the archive is corrupt');
    const type = String.fromCharCode(h[156] || 0x30);
    const size = pax.size !== undefined ? Number(pax.size) : num(h, 124, 12);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > 1 << 20) throw new TarError('tar extended header is too large');
      entry = { fd: undefined, left: size, pad, capture: [], kind: type === 'L' ? 'longname' : type === 'K' ? 'longlink' : type === 'x' ? 'pax' : undefined };
      return;
    }
    const prefix = h.toString('utf8', 257, 262) === 'ustar' ? str(h, 345, 155) : '';
    const rawName = pax.path ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    const link = pax.linkpath ?? longLink ?? str(h, 157, 100);
    pax = {};
    longName = longLink = undefined;
    const rel = safeEntryName(rawName);
    const mode = num(h, 100, 8) & 0o7777;
    let fd: number | undefined;
    switch (type) {
      case '0':
      case '7':
        if (rel === '') throw new TarError('tar file entry has an empty name');
        fd = ex.openFile(rel);
        // The mode is applied after the data: a write by an ordinary user clears setuid bits.
        entry = { fd, left: size, pad, chmod: { path: join(dest, rel), mode } };
        break;
      case '5':
        ex.dir(rel, mode);
        break;
      case '2':
        ex.symlink(rel, link);
        break;
      case '1':
        ex.hardlink(rel, link);
        break;
      case '3':
      case '4':
      case '6':
        ex.result.skipped.push(rel);
        break;
      default:
        throw new TarError(`unsupported tar entry type ${JSON.stringify(type)} for ${rawName}`);
    }
    if (!entry && size > 0 && type !== '5') entry = { fd: undefined, left: size, pad };
    if (entry && entry.left === 0 && entry.pad === 0) finishEntry();
  };

  const finishEntry = (): void => {
    if (!entry) return;
    if (entry.fd !== undefined) closeSync(entry.fd);
    if (entry.chmod) chmodSync(entry.chmod.path, entry.chmod.mode);
    if (entry.capture && entry.kind) {
      const data = Buffer.concat(entry.capture);
      if (entry.kind === 'pax') pax = parsePax(data);
      else if (entry.kind === 'longname') longName = str(data, 0, data.length);
      else longLink = str(data, 0, data.length);
    }
    entry = undefined;
  };

  try {
    for await (const chunk of source) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let off = 0;
      while (!ended) {
        if (entry) {
          if (entry.left > 0) {
            const n = Math.min(entry.left, buf.length - off);
            if (n === 0) break;
            const part = buf.subarray(off, off + n);
            if (entry.fd !== undefined) writeSync(entry.fd, part);
            else if (entry.capture) entry.capture.push(Buffer.from(part));
            ex.result.bytes += entry.fd !== undefined ? n : 0;
            entry.left -= n;
            off += n;
            continue;
          }
          const n = Math.min(entry.pad, buf.length - off);
          entry.pad -= n;
          off += n;
          if (entry.pad > 0) break;
          finishEntry();
          continue;
        }
        if (buf.length - off < BLOCK) break;
        header(buf.subarray(off, off + BLOCK));
        off += BLOCK;
      }
      buf = buf.subarray(off);
      if (ended) break;
    }
    if (entry || !ended) throw new TarError('the archive ends early (truncated)');
    ex.finish();
    return ex.result;
  } finally {
    if (entry?.fd !== undefined) closeSync(entry.fd);
  }
}

/** Removes a partial extraction even where directory modes would stop rmSync (0555 dirs). */
export function removeTree(dir: string): void {
  try {
    lstatSync(dir);
  } catch {
    return;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    const walk = (d: string): void => {
      try {
        chmodSync(d, 0o700);
      } catch {
        return;
      }
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (lstatSync(p).isDirectory()) walk(p);
      }
    };
    walk(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
