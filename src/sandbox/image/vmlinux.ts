// Turns Debian's compressed kernel into what the hypervisors boot fastest:
// - x86_64: the uncompressed ELF vmlinux inside the bzImage. QEMU loads it
//   through its PVH note, skipping both firmware and the in-guest decompressor
//   (about 3 s under TCG).
// - arm64: the raw Image inside Debian's gzip'd vmlinuz (Apple's
//   Virtualization framework only boots uncompressed kernels).
// Same idea as the kernel's scripts/extract-vmlinux, but reading the bzImage
// setup header (boot protocol >= 2.08) for the exact payload instead of
// scanning for magic numbers.

import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { isElf, pvhEntry } from './elf';

const HDRS_MAGIC = 0x53726448; // "HdrS" at 0x202

interface Decompressor {
  magic: Buffer;
  name: string;
  run(data: Buffer): Buffer;
}

// The kernel appends the uncompressed size after the stream; decoders must
// stop at the end of the first stream rather than reject trailing bytes.
const viaTool = (cmd: string, args: string[]) => (data: Buffer) =>
  execFileSync(cmd, args, { input: data, maxBuffer: 1 << 30 });

const DECOMPRESSORS: Decompressor[] = [
  { name: 'gzip', magic: Buffer.from([0x1f, 0x8b, 0x08]), run: (d) => gunzipSync(d) },
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), run: viaTool('xz', ['-dc', '--single-stream']) },
  // zstd has no single-stream switch: cut the 4-byte size the kernel build appends (and check it).
  {
    name: 'zstd',
    magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
    run: (d) => {
      const out = viaTool('zstd', ['-dcq'])(d.subarray(0, d.length - 4));
      if (out.length !== d.readUInt32LE(d.length - 4)) throw new Error(`zstd kernel payload: got ${out.length} bytes, the bzImage says ${d.readUInt32LE(d.length - 4)}`);
      return out;
    },
  },
  { name: 'lzma', magic: Buffer.from([0x5d, 0x00, 0x00]), run: viaTool('xz', ['-dc', '--format=lzma']) },
];

/** Byte range of the compressed payload in an x86 bzImage, from its setup header. */
export function bzImagePayload(bz: Buffer): Buffer {
  if (bz.length < 0x250 || bz.readUInt32LE(0x202) !== HDRS_MAGIC) throw new Error('not an x86 bzImage (no HdrS setup header)');
  const version = bz.readUInt16LE(0x206);
  if (version < 0x208) throw new Error(`bzImage boot protocol ${version.toString(16)} too old (need 2.08 for payload_offset)`);
  const setupSects = bz[0x1f1] || 4;
  const start = (setupSects + 1) * 512 + bz.readUInt32LE(0x248);
  const length = bz.readUInt32LE(0x24c);
  if (start + length > bz.length) throw new Error('bzImage payload runs past the end of the file');
  return bz.subarray(start, start + length);
}

function decompress(data: Buffer): Buffer {
  const d = DECOMPRESSORS.find((c) => data.subarray(0, c.magic.length).equals(c.magic));
  if (!d) throw new Error(`unknown kernel compression (magic ${data.subarray(0, 6).toString('hex')})`);
  return d.run(data);
}

/**
 * The bootable uncompressed kernel for `arch` ('amd64' | 'arm64') from a
 * Debian vmlinuz. For amd64 the result must be a PVH-bootable ELF, checked here
 * so a kernel without CONFIG_PVH fails the build rather than hang the boot.
 */
export function extractKernel(vmlinuz: Buffer, arch: string): Buffer {
  if (arch === 'arm64') {
    const image = vmlinuz[0] === 0x1f && vmlinuz[1] === 0x8b ? gunzipSync(vmlinuz) : vmlinuz;
    // arm64 Image header: "ARM\x64" magic at offset 56.
    if (image.readUInt32LE(56) !== 0x644d5241) throw new Error('not an arm64 Image after decompression');
    return image;
  }
  const elf = decompress(bzImagePayload(vmlinuz));
  if (!isElf(elf)) throw new Error('decompressed bzImage payload is not an ELF vmlinux');
  if (pvhEntry(elf) === undefined) throw new Error('vmlinux has no XEN_ELFNOTE_PHYS32_ENTRY note: kernel built without CONFIG_PVH');
  return elf;
}
