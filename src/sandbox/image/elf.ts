// Just enough ELF64 (little-endian) reading for the image build: the notes of
// vmlinux (to check the PVH entry point QEMU needs for a direct, firmware-less
// boot) and the .modinfo section of kernel modules (to find their dependencies
// without running depmod).

export interface ElfSection {
  name: string;
  type: number;
  offset: number;
  size: number;
}

const PT_NOTE = 4;

function assertElf64(buf: Buffer): void {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (buf[4] !== 2) throw new Error('not a 64-bit ELF file');
  if (buf[5] !== 1) throw new Error('not a little-endian ELF file');
}

export function isElf(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32BE(0) === 0x7f454c46;
}

export function elfSections(buf: Buffer): ElfSection[] {
  assertElf64(buf);
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    raw.push({
      nameOff: buf.readUInt32LE(at),
      type: buf.readUInt32LE(at + 4),
      offset: Number(buf.readBigUInt64LE(at + 0x18)),
      size: Number(buf.readBigUInt64LE(at + 0x20)),
    });
  }
  const strtab = raw[shstrndx];
  return raw.map((s) => {
    const start = (strtab?.offset ?? 0) + s.nameOff;
    const end = buf.indexOf(0, start);
    return { name: buf.toString('latin1', start, end), type: s.type, offset: s.offset, size: s.size };
  });
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Buffer;
}

/** Notes from every PT_NOTE program header (what a loader such as QEMU's sees). */
export function elfNotes(buf: Buffer): ElfNote[] {
  assertElf64(buf);
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const phentsize = buf.readUInt16LE(0x36);
  const phnum = buf.readUInt16LE(0x38);
  const notes: ElfNote[] = [];
  const align4 = (n: number): number => (n + 3) & ~3;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (buf.readUInt32LE(at) !== PT_NOTE) continue;
    const offset = Number(buf.readBigUInt64LE(at + 8));
    const size = Number(buf.readBigUInt64LE(at + 0x20));
    let p = offset;
    while (p + 12 <= offset + size) {
      const namesz = buf.readUInt32LE(p);
      const descsz = buf.readUInt32LE(p + 4);
      const type = buf.readUInt32LE(p + 8);
      const name = buf.toString('latin1', p + 12, p + 12 + Math.max(0, namesz - 1));
      const descAt = p + 12 + align4(namesz);
      notes.push({ name, type, desc: buf.subarray(descAt, descAt + descsz) });
      p = descAt + align4(descsz);
    }
  }
  return notes;
}

/** XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit PVH entry point QEMU's `-kernel` uses for an ELF kernel. */
export const XEN_ELFNOTE_PHYS32_ENTRY = 18;

/** The PVH entry address when the ELF is PVH-bootable, otherwise undefined. */
export function pvhEntry(buf: Buffer): number | undefined {
  const note = elfNotes(buf).find((n) => n.name === 'Xen' && n.type === XEN_ELFNOTE_PHYS32_ENTRY);
  if (!note || note.desc.length < 4) return undefined;
  return note.desc.readUInt32LE(0);
}

/** key=value pairs of a kernel module's .modinfo section (keys may repeat, e.g. alias). */
export function modinfo(buf: Buffer): Array<[string, string]> {
  const sec = elfSections(buf).find((s) => s.name === '.modinfo');
  if (!sec) return [];
  return buf
    .toString('latin1', sec.offset, sec.offset + sec.size)
    .split('\0')
    .filter((s) => s.includes('='))
    .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] as [string, string]);
}
