// Reads the central directory of a zip file and inflates entries on demand, with the
// limits of limits.ts. Each entry can hand over its raw compressed bytes so a writer can
// copy it unchanged; from a file (zipSource.ts) they are read when asked for, not kept. Sizes declared in the directory are enforced while inflating
// (maxOutputLength), so an entry cannot expand beyond what was checked against limits.

import { inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';
import { DocumentError } from './documentError';
import type { PackageLimits } from './limits';
import { notAPackageError } from './sniff';
import { bufferSource, type ZipSource } from './zipSource';

export interface ZipEntry {
  name: string;
  /** The name exactly as stored (so a copied entry keeps it byte for byte). */
  nameBytes: Buffer;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Extra field of the local header. */
  localExtra: Buffer;
  /** The compressed data, read from the source each time it is asked for (a view when that is a buffer). */
  readonly raw: Buffer;
  isDirectory: boolean;
  /** Where the compressed data lies, for reading it a slice at a time (rawSlice). */
  source?: ZipSource;
  dataOffset?: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CEN = 0x02014b50;
const SIG_LOC = 0x04034b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

export function readZip(input: Uint8Array, limits: PackageLimits, expected = 'an Office Open XML package'): ZipEntry[] {
  return readZipFrom(bufferSource(input), limits, expected);
}

export function readZipFrom(src: ZipSource, limits: PackageLimits, expected = 'an Office Open XML package'): ZipEntry[] {
  const first = src.read(0, Math.min(4, src.size));
  if (first.length < 4 || first.readUInt32LE(0) !== SIG_LOC) {
    if (src.size >= 22 && first.readUInt32LE(0) === SIG_EOCD) return []; // an empty zip
    throw notAPackageError(src.whole(), expected);
  }
  const tailStart = Math.max(0, src.size - 22 - 0xffff);
  const tail = src.read(tailStart, src.size - tailStart);
  const at = findEocd(tail);
  if (at < 0) throw new DocumentError('TRUNCATED', 'the file is truncated: the zip central directory is missing (the download or copy was probably cut short)');
  const eocd = tailStart + at;
  if (at >= 20 && tail.readUInt32LE(at - 20) === SIG_ZIP64_LOCATOR) {
    throw new DocumentError('UNSUPPORTED', 'zip64 packages are not supported');
  }
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count > limits.maxEntries) {
    throw new DocumentError('LIMIT_EXCEEDED', `the package has ${count} entries, more than the limit of ${limits.maxEntries}`);
  }
  if (cdOffset + cdSize > eocd) throw new DocumentError('TRUNCATED', 'the file is truncated or corrupt: the zip central directory lies outside the file');
  const cd = src.read(cdOffset, eocd - cdOffset);

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CEN) throw new DocumentError('CORRUPT', `the zip central directory is corrupt at entry ${i + 1}`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const dosTime = cd.readUInt16LE(p + 12);
    const dosDate = cd.readUInt16LE(p + 14);
    const crc = cd.readUInt32LE(p + 16);
    const compressedSize = cd.readUInt32LE(p + 20);
    const uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const localOffset = cd.readUInt32LE(p + 42);
    if (p + 46 + nameLen > cd.length) throw new DocumentError('CORRUPT', `the zip central directory is corrupt at entry ${i + 1}`);
    const nameBytes = Buffer.from(cd.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');

    checkName(name);
    const key = name.toLowerCase();
    if (seen.has(key)) throw new DocumentError('DUPLICATE_ENTRY', `the package contains the entry "${name}" twice`, name);
    seen.add(key);
    if (flags & 1) throw new DocumentError('UNSUPPORTED', `the zip entry "${name}" is encrypted`, name);
    if (method !== 0 && method !== 8) throw new DocumentError('UNSUPPORTED', `the zip entry "${name}" uses compression method ${method} (only stored and deflate are supported)`, name);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new DocumentError('UNSUPPORTED', 'zip64 packages are not supported', name);
    }
    if (uncompressedSize > limits.maxEntryUncompressed) {
      throw new DocumentError('LIMIT_EXCEEDED', `the entry "${name}" would expand to ${uncompressedSize} bytes, more than the limit of ${limits.maxEntryUncompressed}`, name);
    }
    total += uncompressedSize;
    if (total > limits.maxTotalUncompressed) {
      throw new DocumentError('LIMIT_EXCEEDED', `the package would expand to more than ${limits.maxTotalUncompressed} bytes (a zip bomb?)`, name);
    }
    if (uncompressedSize > 1024 * 1024 && uncompressedSize / Math.max(compressedSize, 1) > limits.maxCompressionRatio) {
      throw new DocumentError('LIMIT_EXCEEDED', `the entry "${name}" has a compression ratio of ${Math.round(uncompressedSize / Math.max(compressedSize, 1))}:1, over the limit of ${limits.maxCompressionRatio}:1 (a zip bomb?)`, name);
    }

    if (localOffset + 30 > src.size) throw new DocumentError('TRUNCATED', `the file is truncated: the entry "${name}" lies past the end`, name);
    const local = src.read(localOffset, 30);
    if (local.readUInt32LE(0) !== SIG_LOC) throw new DocumentError('CORRUPT', `the local header of "${name}" is corrupt`, name);
    const localNameLen = local.readUInt16LE(26);
    const localExtraLen = local.readUInt16LE(28);
    const dataStart = localOffset + 30 + localNameLen + localExtraLen;
    if (dataStart + compressedSize > src.size) throw new DocumentError('TRUNCATED', `the file is truncated: the data of "${name}" runs past the end`, name);
    const entry = {
      name,
      nameBytes,
      flags,
      method,
      dosTime,
      dosDate,
      crc,
      compressedSize,
      uncompressedSize,
      localExtra: Buffer.from(src.read(localOffset + 30 + localNameLen, localExtraLen)),
      isDirectory: name.endsWith('/'),
      source: src,
      dataOffset: dataStart,
    };
    entries.push(Object.defineProperty(entry, 'raw', { get: () => src.read(dataStart, compressedSize), enumerable: true }) as ZipEntry);
  }
  return entries;
}

/** `length` compressed bytes of an entry from `offset` into its data (clipped to its end). */
export function rawSlice(entry: ZipEntry, offset: number, length: number): Buffer {
  const n = Math.max(0, Math.min(length, entry.compressedSize - offset));
  if (entry.source && entry.dataOffset !== undefined) return entry.source.read(entry.dataOffset + offset, n);
  return entry.raw.subarray(offset, offset + n);
}

/** The uncompressed bytes of an entry, checked against its declared size and CRC. */
export function inflateEntry(entry: ZipEntry): Buffer {
  let data: Buffer;
  if (entry.method === 0) {
    data = entry.raw;
  } else {
    try {
      data = inflateRawSync(entry.raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (err instanceof RangeError)) {
        throw new DocumentError('LIMIT_EXCEEDED', `the entry "${entry.name}" expands beyond its declared size (a zip bomb?)`, entry.name);
      }
      throw new DocumentError('CORRUPT', `the compressed data of "${entry.name}" is corrupt (${(err as Error).message})`, entry.name);
    }
  }
  if (data.length !== entry.uncompressedSize) {
    throw new DocumentError('CORRUPT', `the entry "${entry.name}" has ${data.length} bytes, not the ${entry.uncompressedSize} its header declares`, entry.name);
  }
  if (crc32(data) !== entry.crc) throw new DocumentError('CORRUPT', `the entry "${entry.name}" fails its CRC check`, entry.name);
  return data;
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === SIG_EOCD) return i;
  }
  return -1;
}

// Zip-slip: a name that could escape a folder it is extracted into, or that no OPC
// part name can be. Refused rather than sanitised: such a file was made on purpose.
function checkName(name: string): void {
  const bad =
    name.length === 0 ||
    name.includes('\0') ||
    name.includes('\\') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((seg) => seg === '..' || seg === '.');
  if (bad) throw new DocumentError('UNSAFE_NAME', `the package contains an unsafe entry name "${name.replace(/\0/g, '\\0')}" (zip-slip)`, name);
}
