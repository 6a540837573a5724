// Conflicts between parallel tasks on one folder, and undo after both applied
// (namespace driver, real guests, two lanes). Task A and task B read the same
// three files; A applies its versions first; B's batch then conflicts on all
// three, and each is settled a different way: mine, theirs, both. Undo is
// checked byte for byte (sha256 of every file) in both orders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConflictError } from '../../../src/sandbox/session';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { makeFixture, rejectsCode, requireTestImage, snapshot, type Fixture } from '../../support/sandboxFixture';

const ORIGINAL = { 'm.md': 'm0\n', 't.md': 't0\n', 'b.md': 'b0\n', 'own-a.txt': 'a0\n', 'own-b.txt': 'b0\n' };

describe('sandbox lanes: conflicts at apply, undo after another task (namespace driver)', function () {
  this.timeout(120_000);
  let fx: Fixture;
  let a: StagedSandboxSession;
  let b: StagedSandboxSession;
  let original: Record<string, string>;
  let afterA: Record<string, string>;
  let afterB: Record<string, string>;
  const read = (rel: string): string => fs.readFileSync(path.join(fx.folder, rel), 'utf8');

  before(async function () {
    fx = makeFixture(requireTestImage(this), ORIGINAL);
    original = snapshot(fx.folder);
    a = await fx.manager.openSession(fx.folder, { taskId: 'conflict-a' });
    b = await fx.manager.openSession(fx.folder, { taskId: 'conflict-b' });
    for (const s of [a, b]) for (const f of ['m.md', 't.md', 'b.md']) await s.readFile(f);
  });
  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await fx?.dispose();
  });

  it('A applies first: no conflict, and B still sees nothing of it as its own change', async () => {
    for (const f of ['m.md', 't.md', 'b.md']) await a.writeFile(f, `A's ${f}\n`);
    await a.writeFile('own-a.txt', 'a1\n');
    assert.deepEqual((await a.pendingChanges()).items.filter((i) => i.conflict), []);
    await a.applyChanges();
    afterA = snapshot(fx.folder);
    assert.equal(read('m.md'), "A's m.md\n");
    assert.deepEqual((await b.pendingChanges()).items, []);
  });

  it("B's batch on the same files is marked as conflicting and refused without a choice; nothing is written", async () => {
    // B changes all three through a shell command: its bases are from its reads, before A applied.
    const r = await b.exec({ command: "for f in m t b; do echo \"B's $f.md\" > $f.md; done; echo b1 > own-b.txt" });
    assert.equal(r.exitCode, 0, r.stderr);
    const items = (await b.pendingChanges()).items;
    const marked = Object.fromEntries(items.map((i) => [i.path, i.conflict]));
    assert.deepEqual(Object.keys(marked).sort(), ['b.md', 'm.md', 'own-b.txt', 't.md']);
    for (const f of ['m.md', 't.md', 'b.md']) assert.equal(marked[f], 'changed on disk since this task read it');
    assert.equal(marked['own-b.txt'], undefined);
    await rejectsCode(b.applyChanges(), 'ECONFLICT');
    const err = await b.applyChanges(undefined, { 'm.md': 'mine' }).catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError);
    assert.deepEqual([...err.files].sort(), ['b.md', 't.md']);
    assert.deepEqual(snapshot(fx.folder), afterA, 'a refused batch writes nothing');
  });

  it('mine, theirs and both each do what they say', async () => {
    const outcome = await b.applyChanges(undefined, { 'm.md': 'mine', 't.md': 'theirs', 'b.md': 'both' });
    assert.equal(read('m.md'), "B's m.md\n", 'mine: B overwrote A');
    assert.equal(read('t.md'), "A's t.md\n", "theirs: A's stays");
    assert.equal(read('b.md'), "A's b.md\n", "both: A's stays…");
    assert.equal(read('b (mine).md'), "B's b.md\n", '…and B is saved beside it');
    assert.equal(read('own-b.txt'), 'b1\n');
    assert.deepEqual(outcome, { savedBeside: { 'b.md': 'b (mine).md' }, keptTheirs: ['t.md', 'b.md'] });
    // B's view now shows the folder's version of what it gave up; nothing is left pending for either.
    assert.equal((await b.readFile('t.md')).data, "A's t.md\n");
    assert.deepEqual((await b.pendingChanges()).items, []);
    assert.deepEqual((await a.pendingChanges()).items, [], "A's applied m.md, overwritten by B since, is not a change of A's");
    afterB = snapshot(fx.folder);
  });

  it('A editing m.md again now conflicts with B (its base is what it applied)', async () => {
    // A's view still holds the copy it applied (its upper layer); the folder holds B's.
    await a.editFile('m.md', "A's", 'A again');
    const [item] = (await a.pendingChanges()).items;
    assert.equal(item?.conflict, 'changed on disk since this task read it');
    await a.discardChanges();
  });

  it('undo of A names the file B changed since, and leaves everything as it was when refused', async () => {
    const err = await fx.manager.undoTask(fx.folder, 'conflict-a').catch((e: unknown) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.deepEqual(err.files, ['m.md']);
    assert.deepEqual(snapshot(fx.folder), afterB);
  });

  it('undo of B, then of A, is exact at each step', async () => {
    await b.close();
    await fx.manager.undoTask(fx.folder, 'conflict-b');
    assert.deepEqual(snapshot(fx.folder), afterA, 'after undoing B: the folder as A left it');
    await a.close();
    await fx.manager.undoTask(fx.folder, 'conflict-a');
    assert.deepEqual(snapshot(fx.folder), original, 'after undoing A: the original, byte for byte');
  });

  /** C applies x.md and c.txt, then D (reading x.md after) applies x.md over it: D's is the later work. */
  async function laterWork(tag: string): Promise<Record<string, string>> {
    fs.writeFileSync(path.join(fx.folder, 'x.md'), 'x0\n');
    fs.writeFileSync(path.join(fx.folder, 'c.txt'), 'c0\n');
    const c = await fx.manager.openSession(fx.folder, { taskId: `${tag}-c` });
    await c.writeFile('x.md', 'x by C\n');
    await c.writeFile('c.txt', 'c by C\n');
    await c.applyChanges();
    await c.close();
    const d = await fx.manager.openSession(fx.folder, { taskId: `${tag}-d` });
    await d.writeFile('x.md', 'x by D\n');
    await d.applyChanges();
    await d.close();
    return snapshot(fx.folder);
  }

  it("undo asked to keep later work restores the rest and leaves the later file alone", async () => {
    const before = await laterWork('keep');
    await rejectsCode(fx.manager.undoTask(fx.folder, 'keep-c'), 'ECONFLICT');
    assert.deepEqual(snapshot(fx.folder), before);
    await fx.manager.undoTask(fx.folder, 'keep-c', { laterChanges: 'keep' });
    assert.equal(read('x.md'), 'x by D\n');
    assert.equal(read('c.txt'), 'c0\n');
  });

  it('undo asked to overwrite later work restores the original and keeps the later bytes in its trash', async () => {
    await laterWork('over');
    await fx.manager.undoTask(fx.folder, 'over-c', { laterChanges: 'overwrite' });
    assert.equal(read('x.md'), 'x0\n');
    assert.equal(read('c.txt'), 'c0\n');
    const trash = fx.manager.laneGuests(fx.folder).map((g) => path.join(g.staging.stateDir, 'sessions', 'over-c', 'trash', 'x.md')).find((f) => fs.existsSync(f));
    assert.ok(trash, "D's x.md is in C's trash");
    assert.equal(fs.readFileSync(trash, 'utf8'), 'x by D\n');
  });
});
