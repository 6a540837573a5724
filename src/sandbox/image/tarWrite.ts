// Writes a directory as a reproducible tar stream (pax format): names sorted,
// owners 0:0, mtimes 0, hard links kept as links. Only what an image holds is
// allowed (files, directories, symlinks); a device node or fifo is an error,
// because an ordinary user could not unpack it and the image would then fail
// its own manifest.

import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { TarError } from './tarExtract';

const BLOCK = 512;
const CHUNK = 1 << 20;

function octal(value: number, len: number): string {
  return value.toString(8).padStart(len - 1, '0') + '\0';
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function header(name: string, type: string, mode: number, size: number, link = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii');
  h.write(type, 156, 'ascii');
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Header blocks for one entry, with a pax header in front when a name does not fit ustar's fields. */
function entryHeaders(name: string, type: string, mode: number, size: number, link = ''): Buffer[] {
  const records: string[] = [];
  if (Buffer.byteLength(name) > 100) records.push(paxRecord('path', name));
  if (Buffer.byteLength(link) > 100) records.push(paxRecord('linkpath', link));
  if (records.length === 0) return [header(name, type, mode, size, link)];
  const pax = Buffer.from(records.join(''));
  return [header('././@PaxHeader', 'x', 0o644, pax.length), pax, padding(pax.length), header(name.slice(0, 100), type, mode, size, link.slice(0, 100))];
}

/**
 * Yields the tar stream of `entries` (names inside the archive → paths on
 * disk); a directory entry brings its whole tree. `onBytes` counts file data.
 */
export async function* tarStream(entries: Array<[string, string]>, onBytes: (n: number) => void = () => undefined): AsyncGenerator<Buffer> {
  const seen = new Map<string, string>(); // dev:ino → first name, for hard links
  async function* one(name: string, path: string): AsyncGenerator<Buffer> {
    const st = lstatSync(path);
    const mode = st.mode & 0o7777;
    if (st.isDirectory()) {
      yield* entryHeaders(`${name}/`, '5', mode, 0);
      for (const child of readdirSync(path).sort()) yield* one(`${name}/${child}`, join(path, child));
    } else if (st.isSymbolicLink()) {
      yield* entryHeaders(name, '2', 0o777, 0, readlinkSync(path));
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? seen.get(key) : undefined;
      if (first) {
        yield* entryHeaders(name, '1', mode, 0, first);
        return;
      }
      if (st.nlink > 1) seen.set(key, name);
      yield* entryHeaders(name, '0', mode, st.size);
      const fd = openSync(path, 'r');
      try {
        let left = st.size;
        while (left > 0) {
          const b = Buffer.allocUnsafe(Math.min(CHUNK, left));
          const n = readSync(fd, b, 0, b.length, null);
          if (n === 0) throw new TarError(`${path} shrank while it was being packed`);
          left -= n;
          onBytes(n);
          yield n === b.length ? b : b.subarray(0, n);
        }
      } finally {
        closeSync(fd);
      }
      yield padding(st.size);
    } else {
      throw new TarError(`${path} is a device node, fifo or socket; an image to pack may hold only files, directories and links (rebuild it with the current recipe)`);
    }
  }
  for (const [name, path] of entries) yield* one(name, path);
  yield Buffer.alloc(BLOCK * 2);
}
