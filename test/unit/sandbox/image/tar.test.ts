// The tar writer (packing an image) and extractor (a downloaded image, and
// mmdebstrap's rootfs stream) on real trees: digests survive the round trip,
// GNU tar's own archives unpack to the same tree, and unsafe or damaged
// archives are refused.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { treeSha256 } from '../../../../src/sandbox/image/manifest';
import { extractTar, removeTree, safeEntryName, TarError } from '../../../../src/sandbox/image/tarExtract';
import { tarStream } from '../../../../src/sandbox/image/tarWrite';

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of gen) parts.push(b);
  return Buffer.concat(parts);
}

function chunks(b: Buffer, size = 777): AsyncIterable<Buffer> {
  const list: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) list.push(b.subarray(i, i + size));
  return Readable.from(list);
}

/** A small tree with what a rootfs has: odd modes, setuid, links, a long path, an empty file. */
function makeTree(root: string): void {
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  writeFileSync(join(root, 'usr/bin/tool'), 'x'.repeat(5000));
  chmodSync(join(root, 'usr/bin/tool'), 0o4755);
  linkSync(join(root, 'usr/bin/tool'), join(root, 'usr/bin/tool-again'));
  symlinkSync('usr/bin', join(root, 'bin'));
  symlinkSync('/proc/self/fd', join(root, 'fd'));
  const deep = join(root, 'usr/share', 'a-rather-long-directory-name-'.repeat(3), 'and-another-long-one-'.repeat(3));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'file-with-a-long-name-too.txt'), 'deep\n');
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'secret'), 'shadow\n');
  chmodSync(join(root, 'secret'), 0o640);
  mkdirSync(join(root, 'proc'));
  mkdirSync(join(root, 'ro/inner'), { recursive: true });
  writeFileSync(join(root, 'ro/inner/f'), 'f');
  chmodSync(join(root, 'ro'), 0o555);
}

describe('sandbox image: tar pack and unpack', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'cowork-tar-'))));
  afterEach(() => removeTree(tmp));

  it('round-trips a tree: same digest, setuid kept, hard links stay links, 0555 directories restored', async () => {
    const src = join(tmp, 'src');
    mkdirSync(src);
    makeTree(src);
    const tar = await collect(tarStream([['rootfs', src]]));
    const out = join(tmp, 'out');
    const r = await extractTar(chunks(tar), out);
    assert.equal(treeSha256(join(out, 'rootfs')), treeSha256(src));
    assert.equal(lstatSync(join(out, 'rootfs/usr/bin/tool')).mode & 0o7777, 0o4755);
    assert.equal(lstatSync(join(out, 'rootfs/usr/bin/tool')).ino, lstatSync(join(out, 'rootfs/usr/bin/tool-again')).ino);
    assert.equal(lstatSync(join(out, 'rootfs/ro')).mode & 0o777, 0o555);
    assert.equal(r.hardlinks, 1);
    // Reproducible: the same tree gives the same bytes.
    assert.ok(tar.equals(await collect(tarStream([['rootfs', src]]))));
  });

  it('unpacks what GNU tar writes (the format mmdebstrap streams) to the same tree, skipping device nodes', async function () {
    const src = join(tmp, 'src');
    mkdirSync(src);
    makeTree(src);
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      mkdirSync(join(src, 'dev'));
      execFileSync('mknod', [join(src, 'dev/null'), 'c', '1', '3']);
    }
    for (const format of ['gnu', 'pax']) {
      const tar = execFileSync('tar', ['-C', src, `--format=${format}`, '--numeric-owner', '-cf', '-', '.'], { maxBuffer: 1 << 26 });
      const out = join(tmp, `out-${format}`);
      const r = await extractTar(chunks(tar, 4096), out);
      if (isRoot) {
        assert.deepEqual(r.skipped, ['dev/null']);
        rmSync(join(src, 'dev/null'));
        assert.equal(treeSha256(out), treeSha256(src), format);
        execFileSync('mknod', [join(src, 'dev/null'), 'c', '1', '3']);
      } else assert.equal(treeSha256(out), treeSha256(src), format);
    }
  });

  it('refuses names that leave the destination, and never writes through a symlink', async () => {
    assert.throws(() => safeEntryName('../etc/passwd'), TarError);
    assert.throws(() => safeEntryName('/etc/passwd'), TarError);
    assert.throws(() => safeEntryName('a/../../b'), TarError);
    assert.equal(safeEntryName('./usr//bin/'), 'usr/bin');

    // A symlink to a directory outside, then a file "through" it.
    const outside = join(tmp, 'outside');
    mkdirSync(outside);
    const evil = join(tmp, 'evil');
    mkdirSync(evil);
    symlinkSync(outside, join(evil, 'link'));
    const first = await collect(tarStream([['link', join(evil, 'link')]]));
    writeFileSync(join(tmp, 'payload'), 'pwned');
    const second = await collect(tarStream([['link/payload', join(tmp, 'payload')]]));
    const tar = Buffer.concat([first.subarray(0, first.length - 1024), second]);
    await assert.rejects(extractTar(chunks(tar), join(tmp, 'dest')), /goes through link, which is not a directory/);
    assert.equal(existsSync(join(outside, 'payload')), false);

    // A hard link to a file that is not in the archive.
    const hl = Buffer.from(await collect(tarStream([['x', join(tmp, 'payload')]])));
    hl[156] = '1'.charCodeAt(0);
    hl.write('../../etc/passwd\0', 157, 'utf8');
    fixChecksum(hl);
    await assert.rejects(extractTar(chunks(hl), join(tmp, 'dest2')), /leaves the destination|not a file in the archive/);
  });

  it('refuses a truncated or corrupt archive', async () => {
    const src = join(tmp, 'src');
    mkdirSync(src);
    makeTree(src);
    const tar = await collect(tarStream([['rootfs', src]]));
    await assert.rejects(extractTar(chunks(tar.subarray(0, Math.floor(tar.length / 2))), join(tmp, 'a')), /truncated/);
    const bad = Buffer.from(tar);
    bad[600] = bad[600]! ^ 0x55; // inside the second header
    await assert.rejects(extractTar(chunks(bad), join(tmp, 'b')), TarError);
    // removeTree copes with the 0555 directories a partial extraction leaves.
    removeTree(join(tmp, 'a'));
    assert.equal(existsSync(join(tmp, 'a')), false);
  });

  it('refuses to pack a device node', async function () {
    if (process.getuid?.() !== 0) return this.skip();
    mkdirSync(join(tmp, 'd'));
    execFileSync('mknod', [join(tmp, 'd/null'), 'c', '1', '3']);
    await assert.rejects(collect(tarStream([['d', join(tmp, 'd')]])), /device node/);
    void readFileSync;
  });
});

function fixChecksum(h: Buffer): void {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
}
