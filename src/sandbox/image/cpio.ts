// A minimal writer for the "newc" cpio format the kernel unpacks as an
// initramfs. Writing it ourselves keeps the build free of file-ordering and
// ownership surprises from host tools: every entry is root-owned, with a fixed
// mtime, so the same inputs give the same bytes.

export interface CpioEntry {
  /** Path inside the archive, without a leading slash. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits (e.g. 0o755). */
  mode: number;
  /** File content, or the link target for a symlink. */
  data?: Buffer | string;
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pad4(len: number): Buffer {
  return Buffer.alloc((4 - (len % 4)) % 4);
}

function header(ino: number, mode: number, nlink: number, size: number, nameLen: number): string {
  // magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
  // rdevmajor, rdevminor, namesize, check
  return (
    '070701' +
    [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, nameLen, 0].map(hex8).join('')
  );
}

/** Serialises entries (parents must come before children) into one newc archive. */
export function writeCpio(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const push = (hdr: string, name: string, data: Buffer): void => {
    const nameBuf = Buffer.from(name + '\0');
    const head = Buffer.concat([Buffer.from(hdr, 'ascii'), nameBuf]);
    parts.push(head, pad4(head.length), data, pad4(data.length));
  };
  for (const e of entries) {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    const kind = e.type === 'dir' ? S_IFDIR : e.type === 'symlink' ? S_IFLNK : S_IFREG;
    const body = e.type === 'dir' ? Buffer.alloc(0) : data;
    const name = e.path.replace(/^\/+/, '');
    push(header(ino++, kind | (e.mode & 0o7777), e.type === 'dir' ? 2 : 1, body.length, name.length + 1), name, body);
  }
  push(header(0, 0, 1, 0, 'TRAILER!!!'.length + 1), 'TRAILER!!!', Buffer.alloc(0));
  return Buffer.concat(parts);
}

/** Reads a newc archive back (used by tests and by `verify` to list contents). */
export function readCpio(buf: Buffer): CpioEntry[] {
  const out: CpioEntry[] = [];
  let off = 0;
  const align = (n: number): number => (n + 3) & ~3;
  while (off + 110 <= buf.length) {
    const magic = buf.toString('ascii', off, off + 6);
    if (magic !== '070701') throw new Error(`cpio: bad magic at offset ${off}`);
    const field = (i: number): number => parseInt(buf.toString('ascii', off + 6 + i * 8, off + 14 + i * 8), 16);
    const mode = field(1);
    const size = field(6);
    const nameLen = field(11);
    const name = buf.toString('utf8', off + 110, off + 110 + nameLen - 1);
    const dataStart = align(off + 110 + nameLen);
    if (name === 'TRAILER!!!') break;
    const data = buf.subarray(dataStart, dataStart + size);
    const fmt = mode & 0o170000;
    const type = fmt === S_IFDIR ? 'dir' : fmt === S_IFLNK ? 'symlink' : 'file';
    out.push({ path: name, type, mode: mode & 0o7777, data: type === 'symlink' ? data.toString('utf8') : Buffer.from(data) });
    off = align(dataStart + size);
  }
  return out;
}
