// Two tasks on one folder, as a person runs them: two `cowork run` processes
// started at once on the same folder, one scripted model server (each task
// follows its own turns, order: byMatch), the real sandbox (namespace driver).
// Their turns interleave by construction: A waits until B has read the shared
// file, B waits until A has applied, each through a marker file the other
// creates (new files reach the folder at once; a listing shows them). Then B's
// batch conflicts on shared.md and the terminal settles it: mine, theirs or
// both, one run each, and `cowork undo` of either task is exact.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { runCli, type CliRun } from '../../support/cliRunner';
import { requireTestImage, snapshot, tempDir } from '../../support/sandboxFixture';

const tool = (id: string, name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, id, name, input });
const waitFor = (dir: string, name: string) => `until ls ${dir} | grep -qx ${name}; do sleep 0.1; done; echo seen ${name}`;

function script(who: 'A' | 'B'): TurnInput[] {
  const first = { firstUserText: `Task ${who}` };
  const x = who.toLowerCase();
  // Two calls: a new file reaches the folder when the call that wrote it returns.
  const [mark, wait] = who === 'A' ? ['touch from-a/read', waitFor('from-b', 'read')] : ['touch from-b/read', waitFor('from-a', 'applied')];
  return [
    { match: first, reply: { content: [tool(`${x}1`, 'read_file', { path: 'shared.md' })] } },
    {
      match: { ...first, toolResultFor: `${x}1` },
      reply: { content: [tool(`${x}m`, 'run_command', { command: mark }), tool(`${x}2`, 'run_command', { command: wait, timeout_seconds: 90 })] },
    },
    {
      match: { ...first, toolResultFor: `${x}2` },
      reply: { content: [tool(`${x}3`, 'write_file', { path: 'shared.md', content: `${who}'s version\n` }), tool(`${x}4`, 'write_file', { path: `${x}.txt`, content: `${x}1\n` })] },
    },
    who === 'A'
      ? { match: { ...first, toolResultFor: ['a3', 'a4'] }, reply: { content: [tool('a5', 'run_command', { command: 'touch from-a/applied' })] } }
      : { match: { ...first, toolResultFor: ['b3', 'b4'] }, reply: { content: [{ type: 'text', text: 'B done.' }] } },
    ...(who === 'A' ? [{ match: { ...first, toolResultFor: 'a5' }, reply: { content: [{ type: 'text' as const, text: 'A done.' }] } }] : []),
  ];
}

describe('parallel tasks on one folder through the CLI (namespace driver)', function () {
  this.timeout(300_000);
  // Once in CI (ordinary user, idle machine) one of the three runs never finished and
  // gave no output; the barrier waits are now bounded (90 s), so such a run fails with
  // both tasks' output (no "seen ..." line) instead of hanging, and it is run once more.
  this.retries(1);
  let image = '';
  let server: ModelServer | undefined;
  let folder = '';
  let stateDir = '';
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server!.url, COWORK_IMAGE_DIR: image, COWORK_STATE_DIR: stateDir, COWORK_SANDBOX_DRIVER: 'namespace', COWORK_WRITE_BUDGET: 'off' });
  const read = (rel: string) => fs.readFileSync(path.join(folder, rel), 'utf8');
  const taskIdOf = (r: CliRun) => /· task ([A-Za-z0-9_-]+)/.exec(r.stdout)?.[1] ?? assert.fail(`no task id in:\n${r.stdout}`);
  const undo = (id: string, answer = '', ...flags: string[]) => runCli(['undo', id, '--folder', folder, ...flags], env(), answer);

  let original: Record<string, string>;
  beforeEach(function () {
    image = requireTestImage(this);
    folder = tempDir('parallel-folder');
    stateDir = tempDir('parallel-state');
    for (const [rel, text] of Object.entries({ 'shared.md': 'original\n', 'a.txt': 'a0\n', 'b.txt': 'b0\n', 'from-a/.keep': '', 'from-b/.keep': '' })) {
      fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
      fs.writeFileSync(path.join(folder, rel), text);
    }
    original = snapshot(folder);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of [folder, stateDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  /** Both tasks at once; A approves its batch, B approves and answers the conflict with `choice`. */
  async function runBoth(choice: 'm' | 't' | 'b'): Promise<{ a: CliRun; b: CliRun }> {
    server = await startModelServer({ transcript: { order: 'byMatch', turns: [...script('A'), ...script('B')] } });
    const [a, b] = await Promise.all([
      runCli(['run', 'Task A: put your version in shared.md', '--folder', folder, '--no-plan'], env(), 'y\n'),
      runCli(['run', 'Task B: put your version in shared.md', '--folder', folder, '--no-plan'], env(), `y\n${choice}\n`),
    ]);
    assert.equal(a.code, 0, a.stdout + a.stderr);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.deepEqual(server.failures, []);
    server.assertComplete();
    // The barriers passed, so the two ran at once: each saw the marker the other made mid-task.
    assert.match(a.stdout, /seen read/);
    assert.match(b.stdout, /seen applied/);
    assert.match(a.stdout, /A done\./);
    assert.doesNotMatch(a.stdout, /conflict/);
    assert.match(b.stdout, /modified shared\.md {2}⚠ conflict: changed on disk since this task read it/);
    assert.equal(read('a.txt'), 'a1\n');
    assert.equal(read('b.txt'), 'b1\n');
    return { a, b };
  }

  it('mine: B overwrites A; undo of A names shared.md and asks; undo B then A is exact', async () => {
    const { a, b } = await runBoth('m');
    assert.equal(read('shared.md'), "B's version\n");
    const refused = await undo(taskIdOf(a), 'c\n');
    assert.equal(refused.code, 3, refused.stdout);
    assert.match(refused.stdout, /changed after task .*\n {2}- shared\.md\n[\s\S]*Nothing was changed/);
    assert.equal(read('shared.md'), "B's version\n");
    const ub = await undo(taskIdOf(b));
    assert.equal(ub.code, 0, ub.stdout);
    assert.equal(read('shared.md'), "A's version\n", "undoing B brings back A's version");
    assert.equal(read('b.txt'), 'b0\n');
    const ua = await undo(taskIdOf(a));
    assert.equal(ua.code, 0, ua.stdout);
    assert.deepEqual(snapshot(folder), original, 'the original folder, byte for byte (the marker files were outputs, removed too)');
  });

  it("theirs: A's version stays and B is told; undo of either, in turn, is exact", async () => {
    const { a, b } = await runBoth('t');
    assert.equal(read('shared.md'), "A's version\n");
    assert.ok(server!.requests.some((r) => JSON.stringify(r.body).includes('the person kept that version and your change was dropped')), 'the model is told');
    assert.equal((await undo(taskIdOf(b))).code, 0);
    assert.equal(read('shared.md'), "A's version\n");
    assert.equal(read('b.txt'), 'b0\n');
    assert.equal((await undo(taskIdOf(a))).code, 0);
    assert.deepEqual(snapshot(folder), original, 'the original folder, byte for byte (the marker files were outputs, removed too)');
    const again = await undo(taskIdOf(a));
    assert.equal(again.code, 1, again.stdout);
    assert.match(again.stdout, /is already undone in .*; nothing was changed/);
    assert.doesNotMatch(again.stdout, /✓ undid/);
    assert.deepEqual(snapshot(folder), original);
  });

  it("both: A's version stays, B's is saved beside it; undo A first, then B, is exact", async () => {
    const { a, b } = await runBoth('b');
    assert.equal(read('shared.md'), "A's version\n");
    assert.equal(read('shared (mine).md'), "B's version\n");
    const ua = await undo(taskIdOf(a));
    assert.equal(ua.code, 0, ua.stdout);
    assert.equal(read('shared.md'), 'original\n');
    assert.equal(read('a.txt'), 'a0\n');
    assert.equal(read('shared (mine).md'), "B's version\n", "B's file stays until B is undone");
    assert.equal((await undo(taskIdOf(b))).code, 0);
    assert.deepEqual(snapshot(folder), original, 'the original folder, byte for byte (the marker files were outputs, removed too)');
  });
});
