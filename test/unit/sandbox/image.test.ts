// The image build's pieces, without building an image: cpio, module
// resolution, kernel extraction, init command line, manifest and verify
// (including a tampered artefact being rejected). A second block checks the
// real image when one has been built (`npm run sandbox:image`).

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCpio, writeCpio } from '../../../src/sandbox/image/cpio';
import { elfNotes, modinfo, pvhEntry, XEN_ELFNOTE_PHYS32_ENTRY } from '../../../src/sandbox/image/elf';
import { kernelCmdline } from '../../../src/sandbox/image/initScript';
import { ImageVerifyError, fileSha256, verifyImage, writeManifest } from '../../../src/sandbox/image/manifest';
import { moduleName, resolveModules, type ModuleInfo } from '../../../src/sandbox/image/modules';
import { INITRAMFS_MODULES } from '../../../src/sandbox/image/recipe';
import { findImage } from '../../../src/sandbox/image/store';
import { bzImagePayload, extractKernel } from '../../../src/sandbox/image/vmlinux';
import { needs } from '../../support/needs';

/** A minimal ELF64 with one PT_NOTE segment holding the given notes. */
function elfWithNotes(notes: Array<{ name: string; type: number; desc: Buffer }>): Buffer {
  const align4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const noteBytes = Buffer.concat(
    notes.map((n) => {
      const h = Buffer.alloc(12);
      h.writeUInt32LE(n.name.length + 1, 0);
      h.writeUInt32LE(n.desc.length, 4);
      h.writeUInt32LE(n.type, 8);
      return Buffer.concat([h, align4(Buffer.from(n.name + '\0')), align4(n.desc)]);
    }),
  );
  const ehdr = Buffer.alloc(64);
  ehdr.writeUInt32BE(0x7f454c46, 0);
  ehdr[4] = 2; // 64-bit
  ehdr[5] = 1; // little-endian
  ehdr.writeBigUInt64LE(64n, 0x20); // phoff
  ehdr.writeUInt16LE(56, 0x36);
  ehdr.writeUInt16LE(1, 0x38);
  const phdr = Buffer.alloc(56);
  phdr.writeUInt32LE(4, 0); // PT_NOTE
  phdr.writeBigUInt64LE(120n, 8);
  phdr.writeBigUInt64LE(BigInt(noteBytes.length), 0x20);
  return Buffer.concat([ehdr, phdr, noteBytes]);
}

/** A fake x86 bzImage: setup header (HdrS, protocol 2.15) and a compressed payload. */
function fakeBzImage(payload: Buffer): Buffer {
  const setupSects = 1;
  const head = Buffer.alloc((setupSects + 1) * 512);
  head[0x1f1] = setupSects;
  head.writeUInt32LE(0x53726448, 0x202);
  head.writeUInt16LE(0x20f, 0x206);
  head.writeUInt32LE(16, 0x248); // payload_offset, from the protected-mode code
  head.writeUInt32LE(payload.length, 0x24c);
  return Buffer.concat([head, Buffer.alloc(16, 0xcc), payload, Buffer.from([1, 2, 3, 4])]);
}

describe('sandbox image: building blocks', () => {
  it('cpio: newc archive round-trips entries, types and modes', () => {
    const buf = writeCpio([
      { path: 'bin', type: 'dir', mode: 0o755 },
      { path: 'bin/busybox', type: 'file', mode: 0o755, data: Buffer.from('odd-length!') },
      { path: 'bin/sh', type: 'symlink', mode: 0o777, data: 'busybox' },
    ]);
    assert.equal(buf.length % 4, 0);
    assert.ok(buf.includes(Buffer.from('TRAILER!!!')));
    const back = readCpio(buf);
    assert.deepEqual(back.map((e) => [e.path, e.type, e.mode]), [['bin', 'dir', 0o755], ['bin/busybox', 'file', 0o755], ['bin/sh', 'symlink', 0o777]]);
    assert.equal(back[1]?.data?.toString(), 'odd-length!');
    assert.equal(back[2]?.data, 'busybox');
  });

  it('modules: dependencies load first, built-ins are skipped, missing ones fail the build', () => {
    const table: Record<string, ModuleInfo> = {
      '9p': { path: 'kernel/fs/9p/9p.ko', deps: ['9pnet', 'netfs'] },
      '9pnet': { path: 'kernel/net/9p/9pnet.ko', deps: [] },
      '9pnet_virtio': { path: 'kernel/net/9p/9pnet_virtio.ko', deps: ['9pnet', 'virtio_ring'] },
      netfs: { path: 'kernel/fs/netfs/netfs.ko', deps: [] },
    };
    const order = resolveModules(['9pnet-virtio', '9p'], (n) => table[n], new Set(['virtio_ring'])).map((m) => moduleName(m.path));
    assert.deepEqual(order, ['9pnet', '9pnet_virtio', 'netfs', '9p']);
    assert.throws(() => resolveModules(['virtiofs'], (n) => table[n]), /virtiofs is neither a module nor built into/);
    assert.throws(() => resolveModules(['9p'], (n) => (n === 'netfs' ? undefined : table[n])), /netfs \(needed by 9p\)/);
  });

  it('elf: reads the PVH entry note and .modinfo', () => {
    const entry = Buffer.alloc(4);
    entry.writeUInt32LE(0x1000850, 0);
    const elf = elfWithNotes([{ name: 'GNU', type: 3, desc: Buffer.alloc(20) }, { name: 'Xen', type: XEN_ELFNOTE_PHYS32_ENTRY, desc: entry }]);
    assert.equal(elfNotes(elf).length, 2);
    assert.equal(pvhEntry(elf), 0x1000850);
    assert.equal(pvhEntry(elfWithNotes([{ name: 'GNU', type: 3, desc: Buffer.alloc(4) }])), undefined);
    assert.deepEqual(modinfo(elf), [], 'no .modinfo section');
  });

  it('vmlinux: extracts the ELF from a bzImage payload and insists on PVH', () => {
    const entry = Buffer.alloc(4, 1);
    const elf = elfWithNotes([{ name: 'Xen', type: XEN_ELFNOTE_PHYS32_ENTRY, desc: entry }]);
    const bz = fakeBzImage(gzipSync(elf));
    assert.deepEqual(bzImagePayload(bz).subarray(0, 3), Buffer.from([0x1f, 0x8b, 0x08]));
    assert.deepEqual(extractKernel(bz, 'amd64'), elf);
    const noPvh = fakeBzImage(gzipSync(elfWithNotes([{ name: 'GNU', type: 3, desc: entry }])));
    assert.throws(() => extractKernel(noPvh, 'amd64'), /CONFIG_PVH/);
    assert.throws(() => extractKernel(Buffer.alloc(4096), 'amd64'), /not an x86 bzImage/);
    // zstd (trixie's kernels): the kernel build appends the uncompressed size, which zstd itself would reject.
    const size = Buffer.alloc(4);
    size.writeUInt32LE(elf.length);
    const zst = execFileSync('zstd', ['-q', '-c'], { input: elf });
    assert.deepEqual(extractKernel(fakeBzImage(Buffer.concat([zst, size])), 'amd64'), elf);
    size.writeUInt32LE(elf.length + 1);
    assert.throws(() => extractKernel(fakeBzImage(Buffer.concat([zst, size])), 'amd64'), /zstd kernel payload: got \d+ bytes, the bzImage says/);
  });

  it('kernel command line: carries the settings and no commas (vfkit splits on them)', () => {
    const line = kernelCmdline({ transport: 'virtiofs', uid: 501, gid: 20, skills: ['pdf', 'xlsx'], vsockPort: 1024, console: 'hvc0', limits: { nproc: 128 } });
    for (const part of ['console=hvc0', 'cowork.transport=virtiofs', 'cowork.uid=501', 'cowork.gid=20', 'cowork.skills=pdf:xlsx', 'cowork.vsock=1024', 'cowork.nproc=128']) {
      assert.ok(line.split(' ').includes(part), `${part} in ${line}`);
    }
    assert.ok(!line.includes(','));
    assert.throws(() => kernelCmdline({ transport: '9p', uid: 1, gid: 1, skills: ['a b'], console: 'ttyS0' }), /skill name/);
  });
});

describe('sandbox image: manifest and verify', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cowork-image-test-'));
    writeFileSync(join(dir, 'vmlinux'), 'kernel bytes');
    writeFileSync(join(dir, 'initramfs.cpio'), writeCpio([{ path: 'init', type: 'file', mode: 0o755, data: '#!/bin/sh\n' }]));
    mkdirSync(join(dir, 'rootfs/usr/bin'), { recursive: true });
    writeFileSync(join(dir, 'rootfs/usr/bin/node'), 'node');
    writeManifest(dir, { version: 'test-1', arch: 'amd64', kernelRelease: '6.1.0-test' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts an intact image', () => {
    const m = verifyImage(dir);
    assert.equal(m.version, 'test-1');
    assert.match(m.artefacts['rootfs'] ?? '', /^sha256:[0-9a-f]{64}$/);
  });

  it('rejects a tampered kernel', () => {
    appendFileSync(join(dir, 'vmlinux'), 'x');
    assert.throws(() => verifyImage(dir), (e: unknown) => e instanceof ImageVerifyError && e.artefact === 'vmlinux' && /tampered/.test(e.message));
  });

  it('rejects a file changed or added inside the rootfs', () => {
    writeFileSync(join(dir, 'rootfs/usr/bin/node'), 'evil');
    assert.throws(() => verifyImage(dir), /rootfs does not match/);
    writeFileSync(join(dir, 'rootfs/usr/bin/node'), 'node');
    verifyImage(dir);
    writeFileSync(join(dir, 'rootfs/usr/bin/extra'), '');
    assert.throws(() => verifyImage(dir), /rootfs does not match/);
  });

  it('rejects a missing artefact and a manifest that does not match its pinned digest', () => {
    const pinned = fileSha256(join(dir, 'manifest.json'));
    verifyImage(dir, { manifestSha256: pinned });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.version = 'test-2';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    assert.throws(() => verifyImage(dir, { manifestSha256: pinned }), /manifest sha256 mismatch/);
    rmSync(join(dir, 'initramfs.cpio'));
    assert.throws(() => verifyImage(dir), /initramfs.cpio is missing/);
  });
});

describe('sandbox image: the built image', function () {
  this.timeout(60_000);
  const image = findImage();
  before(function () {
    needs(this, image ? undefined : 'no image for this version (npm run sandbox:image)');
  });

  it('kernel is an uncompressed PVH-bootable ELF', () => {
    const k = readFileSync(image!.kernel);
    assert.equal(k.readUInt32BE(0), 0x7f454c46);
    assert.ok(pvhEntry(k) !== undefined, 'XEN_ELFNOTE_PHYS32_ENTRY present');
  });

  it('initramfs holds busybox, /init and every wanted module after its dependencies', () => {
    const entries = readCpio(readFileSync(image!.initramfs));
    const byPath = new Map(entries.map((e) => [e.path, e]));
    assert.ok(byPath.get('bin/busybox'));
    assert.match(String(byPath.get('init')?.data), /cowork.transport/);
    const order = String(byPath.get('lib/modules/load-order')?.data).trim().split('\n');
    // Newer kernels build some in (6.12: virtio_pci, virtio_console, fuse, virtiofs); those are listed apart.
    const builtIn = String(byPath.get('lib/modules/built-in')?.data ?? '').split('\n').filter(Boolean);
    const loaded = [...order.map(moduleName), ...builtIn];
    for (const want of INITRAMFS_MODULES) assert.ok(loaded.includes(want), `${want} in load order or built in`);
    for (const must of ['9pnet', '9pnet_virtio', '9p', 'overlay', 'vsock']) assert.ok(loaded.includes(must), must);
    const blk = String(byPath.get('lib/modules/load-order.blk')?.data).trim().split('\n');
    assert.deepEqual(blk.map(moduleName).filter((m) => ['virtio_blk', 'ext4'].includes(m)), ['virtio_blk', 'ext4']);
    for (const f of blk) assert.ok(byPath.get(`lib/modules/${f}`)?.data, `${f} present`);
    order.forEach((file, i) => {
      const e = byPath.get(`lib/modules/${file}`);
      assert.ok(e?.data, `${file} present`);
      const deps = (modinfo(e.data as Buffer).find(([k]) => k === 'depends')?.[1] ?? '').split(',').filter(Boolean);
      for (const d of deps) {
        const at = loaded.indexOf(d.replace(/-/g, '_'));
        assert.ok(at >= 0 && at < i, `${file} needs ${d} loaded before it`);
      }
    });
  });

  it('verifies against its manifest', () => {
    assert.equal(verifyImage(image!.dir).version, image!.version);
  });
});
