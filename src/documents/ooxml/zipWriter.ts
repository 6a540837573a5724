// Writes a zip file. Entries taken from a ZipReader are copied with their original
// compressed bytes, CRC, times and name; new or changed entries are deflated.

import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';
import type { ZipEntry } from './zipReader';

export type ZipOutput =
  | { kind: 'copy'; entry: ZipEntry }
  | { kind: 'new'; name: string; data: Buffer; dosTime?: number; dosDate?: number };

// 1980-01-01 00:00, the zip epoch: new entries get a fixed time so output is reproducible.
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

export function writeZip(outputs: ZipOutput[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const out of outputs) {
    const e = out.kind === 'copy' ? out.entry : freshEntry(out);
    // Bit 3 (data descriptor) is cleared: sizes and CRC are always in the local header.
    const flags = e.flags & ~0x8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.method === 8 ? 20 : 10, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.dosTime, 10);
    local.writeUInt16LE(e.dosDate, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.uncompressedSize, 22);
    local.writeUInt16LE(e.nameBytes.length, 26);
    local.writeUInt16LE(e.localExtra.length, 28);
    chunks.push(local, e.nameBytes, e.localExtra, e.raw);

    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(e.method === 8 ? 20 : 10, 6);
    cen.writeUInt16LE(flags, 8);
    cen.writeUInt16LE(e.method, 10);
    cen.writeUInt16LE(e.dosTime, 12);
    cen.writeUInt16LE(e.dosDate, 14);
    cen.writeUInt32LE(e.crc, 16);
    cen.writeUInt32LE(e.compressedSize, 20);
    cen.writeUInt32LE(e.uncompressedSize, 24);
    cen.writeUInt16LE(e.nameBytes.length, 28);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, e.nameBytes);
    offset += 30 + e.nameBytes.length + e.localExtra.length + e.compressedSize;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(outputs.length, 8);
  eocd.writeUInt16LE(outputs.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, eocd]);
}

function freshEntry(out: { name: string; data: Buffer; dosTime?: number; dosDate?: number }): ZipEntry {
  const raw = deflateRawSync(out.data, { level: 6 });
  const stored = raw.length >= out.data.length;
  const nameBytes = Buffer.from(out.name, 'utf8');
  const ascii = /^[\x20-\x7e]*$/.test(out.name);
  return {
    name: out.name,
    nameBytes,
    flags: ascii ? 0 : 0x800,
    method: stored ? 0 : 8,
    dosTime: out.dosTime ?? 0,
    dosDate: out.dosDate ?? DOS_DATE_1980,
    crc: crc32(out.data),
    compressedSize: stored ? out.data.length : raw.length,
    uncompressedSize: out.data.length,
    localExtra: Buffer.alloc(0),
    raw: stored ? out.data : raw,
    isDirectory: out.name.endsWith('/'),
  };
}
