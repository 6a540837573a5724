// Every file operation through a real session: namespace driver, real bwrap,
// the bundled guest agent on the image's Node 20.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { requireTestImage, makeFixture, rejectsCode, type Fixture } from '../../support/sandboxFixture';

describe('sandbox file operations (namespace driver)', function () {
  this.timeout(60_000);
  let fx: Fixture;
  let s: StagedSandboxSession;

  before(async function () {
    const image = requireTestImage(this);
    fx = makeFixture(image, {
      'notes.md': 'line one\nline two\nline three\n',
      'docs/a.md': '# A\nalpha beta\n',
      'docs/deep/b.md': '# B\nBeta gamma\n',
      'docs/c.txt': 'not markdown\n',
      'data.bin': Buffer.from([0, 1, 2, 3, 255, 254]),
      'olddir/x.txt': 'x\n',
    });
    s = await fx.manager.openSession(fx.folder, { taskId: 'files' });
  });
  after(async () => {
    await s?.close();
    await fx?.dispose();
  });

  it('reports the driver and a hello from Node 20 as an unprivileged user', async () => {
    assert.equal(s.driver, 'namespace');
    assert.equal(s.isolation, 'namespace');
    const hello = await fx.manager.guestFor(fx.folder).call('hello', {});
    assert.match(hello.node, /^v20\./);
    assert.notEqual(hello.uid, 0);
  });

  it('reads text whole, by lines with offset/limit, and binary as base64', async () => {
    const whole = await s.readFile('notes.md');
    assert.deepEqual([whole.data, whole.binary, whole.encoding, whole.size, whole.truncated], ['line one\nline two\nline three\n', false, 'utf8', 29, false]);
    const mid = await s.readFile('notes.md', { lines: true, offset: 1, limit: 1 });
    assert.deepEqual([mid.data, mid.totalLines, mid.truncated], ['line two\n', 3, true]);
    const bin = await s.readFile('data.bin');
    assert.equal(bin.binary, true);
    assert.equal(bin.encoding, 'base64');
    assert.deepEqual([...Buffer.from(bin.data, 'base64')], [0, 1, 2, 3, 255, 254]);
    const slice = await s.readFile('notes.md', { offset: 5, limit: 3 });
    assert.deepEqual([slice.data, slice.truncated], ['one', true]);
  });

  it('fails clearly on missing files and directories', async () => {
    await rejectsCode(s.readFile('nope.txt'), 'ENOENT');
    await rejectsCode(s.readFile('docs'), 'EISDIR');
    await rejectsCode(s.list('notes.md'), 'ENOTDIR');
  });

  it('writes text and bytes atomically, creating parent directories', async () => {
    await s.writeFile('out/report.md', 'hello report\n');
    await s.writeFile('out/blob.bin', new Uint8Array([9, 0, 9]));
    assert.equal((await s.readFile('out/report.md')).data, 'hello report\n');
    assert.deepEqual([...Buffer.from((await s.readFile('out/blob.bin')).data, 'base64')], [9, 0, 9]);
    // New outputs are in the real folder as soon as the call returns.
    assert.equal(fs.readFileSync(path.join(fx.folder, 'out/report.md'), 'utf8'), 'hello report\n');
    const leftovers = (await s.exec({ command: 'ls -a out' })).stdout;
    assert.doesNotMatch(leftovers, /cowork-tmp/);
  });

  it('edits by exact replacement with ENOMATCH, ENOTUNIQUE and replace-all', async () => {
    await s.writeFile('e.txt', 'a-b-a-c');
    await rejectsCode(s.editFile('e.txt', 'zzz', 'y'), 'ENOMATCH');
    await rejectsCode(s.editFile('e.txt', 'a', 'y'), 'ENOTUNIQUE');
    assert.deepEqual(await s.editFile('e.txt', 'b', 'B'), { replacements: 1 });
    assert.deepEqual(await s.editFile('e.txt', 'a', 'A', true), { replacements: 2 });
    assert.equal((await s.readFile('e.txt')).data, 'A-B-A-c');
  });

  it('lists with depth and limit, and stats entries', async () => {
    const one = await s.list('docs');
    assert.deepEqual(one.map((e) => [e.path, e.type]), [['docs/a.md', 'file'], ['docs/c.txt', 'file'], ['docs/deep', 'dir']]);
    const two = await s.list('docs', { depth: 2 });
    assert.ok(two.some((e) => e.path === 'docs/deep/b.md'));
    assert.equal((await s.list('.', { limit: 2 })).length, 2);
    const st = await s.stat('notes.md');
    assert.deepEqual([st.name, st.type, st.size], ['notes.md', 'file', 29]);
    await rejectsCode(s.stat('missing'), 'ENOENT');
  });

  it('globs and greps', async () => {
    assert.deepEqual(await s.glob('**/*.md', { cwd: 'docs' }), ['a.md', 'deep/b.md']);
    assert.deepEqual(await s.glob('docs/*.{md,txt}'), ['docs/a.md', 'docs/c.txt']);
    const m = await s.grep('beta', { ignoreCase: true, glob: '*.md' });
    assert.deepEqual(m.map((x) => [x.path, x.line]), [['docs/a.md', 2], ['docs/deep/b.md', 2]]);
    assert.equal((await s.grep('beta', { path: 'docs/a.md' })).length, 1);
    assert.equal((await s.grep('e', { limit: 2 })).length, 2);
    await rejectsCode(s.grep('(unclosed'), 'EPROTO');
  });

  it('moves files and directories from the lower layer, deletes and makes directories', async () => {
    await s.writeFile('m1.txt', 'move me');
    await s.move('m1.txt', 'moved/m2.txt');
    assert.equal((await s.readFile('moved/m2.txt')).data, 'move me');
    await rejectsCode(s.stat('m1.txt'), 'ENOENT');
    // A directory that exists in the real folder: overlayfs answers EXDEV, the agent copies.
    await s.move('olddir', 'newdir');
    assert.equal((await s.readFile('newdir/x.txt')).data, 'x\n');
    await s.mkdir('made/deep');
    assert.equal((await s.stat('made/deep')).type, 'dir');
    await s.writeFile('made/deep/f', '1');
    await rejectsCode(s.delete('made'), 'EISDIR');
    await s.delete('made', { recursive: true });
    await rejectsCode(s.stat('made'), 'ENOENT');
    await rejectsCode(s.delete('.', { recursive: true }), 'EOUTSIDE');
  });

  it('uses its own scratch dir and cannot reach another session\'s', async () => {
    const { stdout } = await s.exec({ command: 'echo $HOME' });
    assert.equal(stdout.trim(), '/scratch/files');
    await s.writeFile('/scratch/files/tmp.txt', 'scratch');
    assert.equal((await s.readFile('/scratch/files/tmp.txt')).data, 'scratch');
    assert.equal(fs.existsSync(path.join(fx.folder, 'tmp.txt')), false);
    const other = await fx.manager.openSession(fx.folder, { taskId: 'other', staging: 'shared' });
    try {
      await rejectsCode(other.readFile('/scratch/files/tmp.txt'), 'EOUTSIDE');
    } finally {
      await other.close();
    }
  });

  it('refuses a message over the frame limit with ETOOBIG and stays usable', async () => {
    await rejectsCode(s.writeFile('huge.txt', 'x'.repeat(17 * 1024 * 1024)), 'ETOOBIG');
    // A file bigger than one read returns a truncated first slice.
    await s.exec({ command: 'head -c 9000000 /dev/zero > zeros.bin' });
    const r = await s.readFile('zeros.bin');
    assert.equal(r.truncated, true);
    assert.equal(Buffer.from(r.data, 'base64').length, 8 * 1024 * 1024);
    assert.equal((await s.readFile('notes.md')).size, 29);
  });
});
