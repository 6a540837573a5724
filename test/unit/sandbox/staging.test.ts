// Staging: nothing a task does can lose a person's file. Real bwrap, real
// overlay, real guest agent; the folder is checked by sha256 of every file.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { copyRegular, readRegular } from '../../../src/sandbox/staging/fsutil';
import { Journal } from '../../../src/sandbox/staging/journal';
import { requireTestImage, makeFixture, rejectsCode, snapshot, tempDir, writeTree, type Fixture } from '../../support/sandboxFixture';
import { withTmpfs } from '../../support/sandboxEscapeSuite';

const ORIGINAL = {
  'report.md': '# Report\nold text\n',
  'notes/a.txt': 'alpha\n',
  'notes/b.txt': 'beta\n',
  'notes/keep.txt': 'keep\n',
  'photos/one.jpg': Buffer.from([0xff, 0xd8, 0, 1, 2, 3]),
  'old-name.txt': 'rename me\n',
};

describe('sandbox staging (namespace driver)', function () {
  this.timeout(60_000);
  let image: string | undefined;
  let fx: Fixture;
  let s: StagedSandboxSession;
  let before0: Record<string, string>;

  before(function () {
    image = requireTestImage(this);
  });
  beforeEach(async () => {
    fx = makeFixture(image as string, ORIGINAL);
    before0 = snapshot(fx.folder);
    s = await fx.manager.openSession(fx.folder, { taskId: 'stage' });
  });
  afterEach(async () => {
    await s.close().catch(() => undefined);
    await fx.dispose();
  });

  const shell = (command: string) => s.exec({ command, timeoutMs: 20_000 });

  it('keeps the real folder untouched by a shell command that deletes and rewrites, except new outputs', async () => {
    const r = await shell('rm notes/a.txt && echo changed > report.md && rm -rf photos && mv old-name.txt new-name.txt && echo fresh > out.txt && mkdir -p out/sub && echo deep > out/sub/d.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    const now = snapshot(fx.folder);
    for (const [k, v] of Object.entries(before0)) assert.equal(now[k], v, `${k} changed before approval`);
    // New outputs appear in the real folder right away.
    assert.equal(fs.readFileSync(path.join(fx.folder, 'out.txt'), 'utf8'), 'fresh\n');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'out/sub/d.txt'), 'utf8'), 'deep\n');
    const pending = (await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}${i.from ? ` <- ${i.from}` : ''}`);
    assert.deepEqual(pending, ['renamed new-name.txt <- old-name.txt', 'deleted notes/a.txt', 'deleted photos/one.jpg', 'modified report.md']);
    const report = (await s.pendingChanges()).items.find((i) => i.path === 'report.md');
    assert.equal(report?.diff, '--- a/report.md\n+++ b/report.md\n@@ -1,2 +1,1 @@\n-# Report\n-old text\n+changed\n');
  });

  it('gives the outputs it writes into the folder to the folder owner, not to root', async function () {
    if (process.getuid?.() !== 0) this.skip();
    await s.close();
    // Only the folder itself changes owner: as root, the namespace driver's user
    // namespace shows other owners' files as nobody's, so the task writes new files only.
    fs.chownSync(fx.folder, 1000, 1000);
    s = await fx.manager.openSession(fx.folder, { taskId: 'owner' });
    const r = await shell('echo fresh > out.txt && mkdir -p made/sub && echo deep > made/sub/d.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    await s.applyChanges();
    for (const rel of ['out.txt', 'made', 'made/sub', 'made/sub/d.txt']) {
      const st = fs.lstatSync(path.join(fx.folder, rel));
      assert.deepEqual([st.uid, st.gid], [1000, 1000], `${rel} is owned by ${st.uid}:${st.gid}`);
    }
  });

  it('applies all changes as one batch: the folder then matches the guest view', async () => {
    await shell('rm notes/a.txt && echo changed > report.md && rm -rf photos && mv old-name.txt new-name.txt');
    await s.applyChanges();
    const now = snapshot(fx.folder);
    assert.equal(fs.readFileSync(path.join(fx.folder, 'report.md'), 'utf8'), 'changed\n');
    assert.equal(now['notes/a.txt'], undefined);
    assert.equal(now['photos/one.jpg'], undefined);
    assert.equal(now['photos/'], undefined, 'the deleted directory went too');
    assert.equal(now['old-name.txt'], undefined);
    assert.equal(fs.readFileSync(path.join(fx.folder, 'new-name.txt'), 'utf8'), 'rename me\n');
    assert.deepEqual((await s.pendingChanges()).items, []);
    // The guest sees the same tree as the host.
    const guest = (await shell('find . -type f | sort')).stdout.trim().split('\n');
    const host = Object.keys(now).filter((k) => !k.endsWith('/')).map((k) => `./${k}`).sort();
    assert.deepEqual(guest, host);
  });

  it('applies only the chosen paths and discards the rest, restoring the guest view', async () => {
    await shell('echo changed > report.md && rm notes/b.txt && echo x >> notes/keep.txt');
    await s.applyChanges(['report.md']);
    assert.equal(fs.readFileSync(path.join(fx.folder, 'report.md'), 'utf8'), 'changed\n');
    assert.deepEqual((await s.pendingChanges()).items.map((i) => i.path), ['notes/b.txt', 'notes/keep.txt']);
    await rejectsCode(s.applyChanges(['not-staged.txt']), 'ENOENT');
    await s.discardChanges();
    assert.deepEqual((await s.pendingChanges()).items, []);
    assert.equal((await shell('cat notes/b.txt notes/keep.txt')).stdout, 'beta\nkeep\n');
    assert.equal(snapshot(fx.folder)['notes/b.txt'], before0['notes/b.txt']);
  });

  it('discards a deletion inside a directory the task removed and re-created (opaque directory)', async () => {
    await shell('rm -rf notes && mkdir notes && echo new > notes/new.txt');
    assert.deepEqual((await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}`), ['deleted notes/a.txt', 'deleted notes/b.txt', 'deleted notes/keep.txt']);
    await s.discardChanges(['notes/a.txt']);
    assert.equal((await shell('cat notes/a.txt')).stdout, 'alpha\n');
    assert.deepEqual((await s.pendingChanges()).items.map((i) => i.path), ['notes/b.txt', 'notes/keep.txt']);
  });

  it('undoTask restores the folder byte for byte (sha256 of every file)', async () => {
    await s.writeFile('summary.md', 'made by the task\n');
    await shell('echo changed > report.md && rm -rf notes && mv old-name.txt renamed.txt && chmod 600 photos/one.jpg && echo out > photos/out.txt');
    await s.applyChanges();
    assert.notDeepEqual(snapshot(fx.folder), before0);
    await s.undoTask();
    assert.deepEqual(snapshot(fx.folder), before0);
    // And the guest's view is the original folder again.
    assert.equal((await shell('cat notes/a.txt; ls summary.md 2>&1 | grep -c "No such"')).stdout, 'alpha\n1\n');
  });

  it('undo works after the session closed, through the manager', async () => {
    await s.writeFile('later.txt', 'x');
    await shell('echo changed > report.md');
    await s.applyChanges();
    await s.close();
    await fx.manager.undoTask(fx.folder, 'stage');
    assert.deepEqual(snapshot(fx.folder), before0);
  });

  it('lets a task change and delete its own outputs without approval', async () => {
    await s.writeFile('draft.md', 'v1');
    await s.writeFile('draft.md', 'v2');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'draft.md'), 'utf8'), 'v2');
    await s.writeFile('tmp-out.md', 'bye');
    await s.delete('tmp-out.md');
    assert.equal(fs.existsSync(path.join(fx.folder, 'tmp-out.md')), false);
    assert.deepEqual((await s.pendingChanges()).items, []);
  });

  it('leaves the real folder consistent when the guest is killed mid-write; the next call works', async () => {
    const guest = fx.manager.guestFor(fx.folder);
    const writing = shell('while true; do head -c 65536 /dev/urandom >> report.md; echo rewrite > notes/a.txt; done');
    await new Promise((r) => setTimeout(r, 400));
    await guest.crash();
    await rejectsCode(writing, 'EGUESTDIED');
    const now = snapshot(fx.folder);
    for (const [k, v] of Object.entries(before0)) assert.equal(now[k], v, `${k} changed`);
    const again = await shell('echo back');
    assert.equal(again.stdout, 'back\n');
    assert.equal(guest.starts, 2);
    assert.deepEqual((await s.pendingChanges()).items.map((i) => i.path), ['notes/a.txt', 'report.md']);
  });

  it('stops an idle guest and starts it again transparently', async () => {
    await s.close();
    await fx.dispose();
    fx = makeFixture(image as string, ORIGINAL, { idleMs: 200 });
    s = await fx.manager.openSession(fx.folder, { taskId: 'idle' });
    const g = fx.manager.guestFor(fx.folder);
    assert.equal(g.isRunning, true);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(g.isRunning, false);
    assert.equal((await s.exec({ command: 'echo woke' })).stdout, 'woke\n');
    assert.equal(g.starts, 2);
  });

  it('fails cleanly when the staging disk fills; the real folder is unharmed', async function () {
    const tmpfs = withTmpfs(24);
    if (!tmpfs) return this.skip();
    const m = makeFixture(image as string, ORIGINAL, { stateRoot: tmpfs.dir });
    try {
      const t = await m.manager.openSession(m.folder, { taskId: 'full' });
      const before1 = snapshot(m.folder);
      const r = await t.exec({ command: 'dd if=/dev/zero of=report.md bs=1M count=64 2>&1; echo rc=$?' });
      assert.match(r.stdout, /No space left on device/);
      await rejectsCode(t.writeFile('big.bin', new Uint8Array(8 * 1024 * 1024)), 'ENOSPC');
      assert.deepEqual(snapshot(m.folder), before1);
      await t.discardChanges();
      assert.equal((await t.exec({ command: 'cat report.md' })).stdout, ORIGINAL['report.md']);
      await t.close();
    } finally {
      await m.dispose();
      tmpfs.unmount();
    }
  });
});

describe('sandbox apply journal', () => {
  let root: string;
  let state: string;
  beforeEach(() => {
    root = tempDir('journal-folder');
    state = tempDir('journal-state');
    writeTree(root, { 'a.txt': 'old a', 'b.txt': 'old b', 'c.txt': 'old c' });
    writeTree(state, { 'new-a': 'new a', 'new-b': 'new b' });
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  const steps = () => [
    { op: 'put' as const, target: path.join(root, 'a.txt'), source: path.join(state, 'new-a') },
    { op: 'put' as const, target: path.join(root, 'sub/b.txt'), source: path.join(state, 'new-b') },
    { op: 'remove' as const, target: path.join(root, 'c.txt') },
  ];

  it('rolls a batch interrupted mid-commit forward on recovery', async () => {
    const j = new Journal(path.join(state, 'journal.json'), root);
    await assert.rejects(j.commit(steps(), { beforeStep: (i) => { if (i === 1) throw new Error('crash'); } }), /crash/);
    // Half done: a.txt new, c.txt still there.
    assert.equal(fs.readFileSync(path.join(root, 'a.txt'), 'utf8'), 'new a');
    assert.equal(fs.existsSync(path.join(root, 'c.txt')), true);
    assert.equal(await new Journal(path.join(state, 'journal.json'), root).recover(), 'rolled-forward');
    assert.deepEqual(snapshotText(root), { 'a.txt': 'new a', 'b.txt': 'old b', 'sub/b.txt': 'new b' });
  });

  it('rolls back a batch that failed while preparing: folder untouched, no temp files', async () => {
    const j = new Journal(path.join(state, 'journal.json'), root);
    const bad = [...steps(), { op: 'put' as const, target: path.join(root, 'd.txt'), source: path.join(state, 'missing') }];
    await assert.rejects(j.commit(bad));
    assert.deepEqual(snapshotText(root), { 'a.txt': 'old a', 'b.txt': 'old b', 'c.txt': 'old c' });
    assert.equal(await j.recover(), 'none');
  });

  it('never reads through a link in a parent directory (a swapped upper-layer dir)', async () => {
    // upper/out -> a directory elsewhere: what a task could swap in mid-scan.
    fs.mkdirSync(path.join(state, 'upper'));
    fs.symlinkSync(root, path.join(state, 'upper', 'out'));
    await assert.rejects(copyRegular(path.join(state, 'upper', 'out', 'a.txt'), path.join(state, 'copy')), /symbolic link/);
    await assert.rejects(readRegular(path.join(state, 'upper', 'out', 'a.txt'), 1000), /symbolic link/);
    assert.equal(fs.existsSync(path.join(state, 'copy')), false);
    assert.equal((await readRegular(path.join(root, 'a.txt'), 1000))?.toString(), 'old a');
  });

  it('refuses steps outside the folder', async () => {
    const j = new Journal(path.join(state, 'journal.json'), root);
    await assert.rejects(j.commit([{ op: 'remove', target: path.join(state, 'new-a') }]), /not inside/);
    assert.equal(fs.existsSync(path.join(state, 'new-a')), true);
  });
});

function snapshotText(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(root, r), 'utf8');
    }
  };
  walk('');
  return out;
}
