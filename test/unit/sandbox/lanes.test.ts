// Parallel tasks on one folder (namespace driver, real guests): each task's
// session gets a lane of its own (guest + upper layer), so one task's pending
// changes are invisible to the other and are applied on their own, while a
// new file either task writes reaches the folder, and the other task, at once.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { makeFixture, requireTestImage, type Fixture } from '../../support/sandboxFixture';

describe('sandbox lanes: parallel tasks on one folder (namespace driver)', function () {
  this.timeout(120_000);
  let fx: Fixture | undefined;
  const open: StagedSandboxSession[] = [];

  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await fx?.dispose();
    fx = undefined;
  });

  async function session(taskId: string): Promise<StagedSandboxSession> {
    const s = await fx!.manager.openSession(fx!.folder, { taskId });
    open.push(s);
    return s;
  }
  const cat = async (s: StagedSandboxSession, rel: string): Promise<string> => (await s.readFile(rel)).data;

  it('two tasks get two guests and two stagings: own pending changes, shared new files, own applies', async function () {
    fx = makeFixture(requireTestImage(this), { 'shared.md': 'original\n', 'a.txt': 'a0\n', 'b.txt': 'b0\n' });
    const a = await session('lane-a');
    const b = await session('lane-b');
    const guests = fx.manager.laneGuests(fx.folder);
    assert.equal(guests.length, 2, 'a second lane for the second task');
    assert.ok(guests.every((g) => g.isRunning));
    assert.notEqual(guests[0].staging.upper, guests[1].staging.upper);

    await a.writeFile('a.txt', 'a1\n');
    await b.exec({ command: 'echo b1 > b.txt' });
    assert.equal(await cat(a, 'b.txt'), 'b0\n', "A does not see B's staged edit");
    assert.equal(await cat(b, 'a.txt'), 'a0\n', "B does not see A's staged edit");
    assert.deepEqual((await a.pendingChanges()).items.map((i) => i.path), ['a.txt']);
    assert.deepEqual((await b.pendingChanges()).items.map((i) => i.path), ['b.txt']);

    // A new file is an output: in the folder at once, so B (whose lower layer is the folder) reads it.
    await a.writeFile('from-a.txt', 'hello from A\n');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'from-a.txt'), 'utf8'), 'hello from A\n');
    assert.equal(await cat(b, 'from-a.txt'), 'hello from A\n');

    await a.applyChanges();
    assert.equal(fs.readFileSync(path.join(fx.folder, 'a.txt'), 'utf8'), 'a1\n');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'b.txt'), 'utf8'), 'b0\n', "A's apply leaves B's change staged");
    // (What B reads of a.txt now is overlayfs's business: it had looked the file up before A's
    // rename replaced it, and may keep seeing the version it read, which is its conflict base.)
    assert.deepEqual((await b.pendingChanges()).items.map((i) => i.path), ['b.txt']);
    assert.deepEqual((await a.pendingChanges()).items, []);
    await b.applyChanges();
    assert.equal(fs.readFileSync(path.join(fx.folder, 'b.txt'), 'utf8'), 'b1\n');

    // A lane is reused once its task is closed; a third task while both run gets a third.
    await a.close();
    const c = await session('lane-c');
    assert.equal(fx.manager.laneGuests(fx.folder).length, 2, 'lane 1 reused');
    assert.equal(await cat(c, 'a.txt'), 'a1\n');
    const d = await session('lane-d');
    assert.equal(fx.manager.laneGuests(fx.folder).length, 3);
    assert.equal(await cat(d, 'b.txt'), 'b1\n');
  });

  it('a second process on the folder takes another lane (the lane lock)', async function () {
    fx = makeFixture(requireTestImage(this), { 'n.txt': 'n0\n' });
    // Another live process holds lane 1: this process (pid 1 is always alive) must not share it.
    const lane1 = fx.manager.stateDirFor(fx.folder);
    fs.mkdirSync(lane1, { recursive: true });
    const init = fs.readFileSync('/proc/1/stat', 'utf8');
    const start = init.slice(init.lastIndexOf(')') + 2).split(' ')[19];
    fs.writeFileSync(path.join(lane1, 'lane.lock'), JSON.stringify({ pid: 1, start }));
    const s = await session('other-process');
    assert.deepEqual(fx.manager.laneGuests(fx.folder).map((g) => g.staging.stateDir), [`${lane1}-lane2`], 'lane 1 left alone');
    await s.writeFile('n.txt', 'n1\n');
    await s.applyChanges();
    assert.equal(fs.readFileSync(path.join(fx.folder, 'n.txt'), 'utf8'), 'n1\n');
    assert.ok(fs.existsSync(`${lane1}-lane2/sessions/other-process`), 'its undo record is in lane 2');
    await s.close();
    open.length = 0;
    await fx.manager.undoTask(fx.folder, 'other-process');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'n.txt'), 'utf8'), 'n0\n');
  });
});
