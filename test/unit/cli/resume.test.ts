// `cowork resume` as a person uses it, with a real CLI process, the real sandbox
// (namespace driver) and the scripted model server. A task delegates two briefs;
// one child finishes, the other is waiting on the model when the process is killed
// (no end written, as when a terminal or machine goes away). `cowork resume` lists
// it as interrupted; `cowork resume ID` continues it from the kept records: the
// finished child is not run again, the other continues its own conversation, the
// parent gets both reports and writes the result. Then nothing is left to resume.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer, type RecordedRequest, type TurnInput } from '../../model-server';
import { bundledCli, runCli } from '../../support/cliRunner';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';

const PROMPT = 'Compare a.txt and b.txt into both.md';
const child = (name: string) => ({ firstUserText: `[Sub-agent "${name}"]` });

function turns(): TurnInput[] {
  return [
    {
      label: 'parent delegates',
      match: { firstUserText: PROMPT, messageCount: 1 },
      reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: ['alpha', 'beta'].map((n) => ({ name: n, brief: `Read ${n[0]}.txt and report.`, model: 'inherit' })) } }] },
    },
    { label: 'alpha reads', match: child('alpha'), reply: { content: [{ type: 'tool_use', id: 'ra', name: 'read_file', input: { path: 'a.txt' } }] } },
    { label: 'alpha reports', match: { ...child('alpha'), toolResultFor: 'ra' }, reply: { content: [{ type: 'text', text: 'Alpha says apples.' }] } },
    { label: 'beta reads', match: child('beta'), reply: { content: [{ type: 'tool_use', id: 'rb', name: 'read_file', input: { path: 'b.txt' } }] } },
    // Still thinking when the process is killed: this reply never arrives.
    { label: 'beta, before the kill', match: { ...child('beta'), toolResultFor: 'rb' }, reply: { initialDelayMs: 120_000, content: [{ type: 'text', text: 'never sent' }] } },
    { label: 'beta, resumed', match: { ...child('beta'), toolResultFor: 'rb', messageCount: 3 }, reply: { content: [{ type: 'text', text: 'Beta says bananas.' }] } },
    {
      label: 'parent writes',
      match: { firstUserText: PROMPT, toolResultIncludes: 'Beta says bananas.' },
      reply: { content: [{ type: 'tool_use', id: 'w1', name: 'write_file', input: { path: 'both.md', content: 'apples and bananas\n' } }] },
    },
    { label: 'parent ends', match: { firstUserText: PROMPT, toolResultFor: 'w1' }, reply: { content: [{ type: 'text', text: 'Wrote both.md.' }] } },
  ];
}

const firstText = (r: RecordedRequest) => {
  const c = r.body.messages?.[0]?.content;
  return typeof c === 'string' ? c : (c ?? []).map((b) => (b.type === 'text' ? b.text : '')).join('\n');
};

describe('cli: cowork resume', function () {
  this.timeout(120_000);
  let image: string | undefined;
  let server: ModelServer | undefined;
  let folder = '';
  let stateDir = '';
  let home = '';
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server?.url ?? 'http://127.0.0.1:9', COWORK_IMAGE_DIR: image ?? '', COWORK_STATE_DIR: stateDir, COWORK_SANDBOX_DRIVER: 'namespace', COWORK_HOME: home });
  const requestsOf = (needle: string) => server!.messageRequests().filter((r) => firstText(r).includes(needle));

  beforeEach(function () {
    image = requireTestImage(this);
    folder = tempDir('resume-folder');
    stateDir = tempDir('resume-state');
    home = tempDir('resume-home');
    fs.writeFileSync(path.join(folder, 'a.txt'), 'apples\n');
    fs.writeFileSync(path.join(folder, 'b.txt'), 'bananas\n');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of [folder, stateDir, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  /** `cowork run`, killed (SIGKILL) once `ready` holds; resolves with what it printed. */
  async function runAndKill(args: string[], ready: () => boolean): Promise<string> {
    const p = spawn(process.execPath, [bundledCli(), ...args], { env: { ...process.env, ...env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<void>((resolve) => p.on('close', () => resolve()));
    const t0 = Date.now();
    while (!ready()) {
      if (Date.now() - t0 > 60_000) {
        p.kill('SIGKILL');
        throw new Error(`the run never got there; it printed:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // The child's record is written as its conversation changes: give that write a moment to land.
    await new Promise((r) => setTimeout(r, 500));
    p.kill('SIGKILL');
    await closed;
    return out;
  }

  it('a task killed while a sub-agent waits is listed, resumes from its records, and ends done', async () => {
    server = await startModelServer({ transcript: { order: 'byMatch', turns: turns() } });
    const first = await runAndKill(['run', PROMPT, '--folder', folder, '--yes', '--no-plan'], () => requestsOf('[Sub-agent "alpha"]').length === 2 && requestsOf('[Sub-agent "beta"]').length === 2);
    const id = /· task (\S+)/.exec(first)?.[1];
    assert.ok(id, first);
    assert.equal(fs.existsSync(path.join(folder, 'both.md')), false);

    const listed = await runCli(['resume'], env());
    assert.equal(listed.code, 0, listed.stdout + listed.stderr);
    assert.match(listed.stdout, new RegExp(`${id}  [0-9: -]+  interrupted while running  .*  ${PROMPT}\\n\\s+${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const resumed = await runCli(['resume', id, '--yes'], env());
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`▶ resuming ${PROMPT}\\n  folder: .* · task ${id} · sub-agents: 2 kept, 1 finished`));
    server.assertComplete();
    assert.equal(requestsOf('[Sub-agent "alpha"]').length, 2, 'alpha was not run again');
    assert.equal(requestsOf('[Sub-agent "beta"]').length, 3, 'beta continued its own conversation');
    const resumedBeta = requestsOf('[Sub-agent "beta"]').at(-1)!;
    assert.equal(resumedBeta.body.messages!.length, 3, 'brief, its read, the read result');
    // One result for the delegate call, with both reports.
    const back = requestsOf(PROMPT).find((r) => JSON.stringify(r.body.messages).includes('Beta says bananas.'))!;
    assert.match(JSON.stringify(back.body.messages), /name=\\"alpha\\" outcome=\\"done\\"[\s\S]*Alpha says apples\.[\s\S]*name=\\"beta\\" outcome=\\"done\\"[\s\S]*Beta says bananas\./);
    assert.match(resumed.stdout, /⇇ \[beta\] done/);
    assert.match(resumed.stdout, /■ done: Wrote both\.md\./);
    assert.equal(fs.readFileSync(path.join(folder, 'both.md'), 'utf8'), 'apples and bananas\n');

    // The log went on after the first run's events: one task, its end after the interrupted one.
    const events = fs.readFileSync(path.join(home, '.cowork', 'tasks', id, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string; outcome?: string });
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), 'seq numbers run on without a gap or a repeat');
    assert.deepEqual(events.filter((e) => e.type === 'finished').map((e) => e.outcome), ['cancelled', 'done']);

    const after = await runCli(['resume'], env());
    assert.match(after.stdout, /No task to resume \(1 kept in .*, all done\)/);
    const again = await runCli(['resume', id], env());
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`task ${id} is done; there is nothing to resume`));
  });

  it('bad input is refused with a clear message and changes nothing', async () => {
    const unknown = await runCli(['resume', '20260101-000000-abcd'], env());
    assert.equal(unknown.code, 1, unknown.stdout + unknown.stderr);
    assert.match(unknown.stderr, /there is no task 20260101-000000-abcd in .*tasks\. "cowork resume" lists/);
    const notAnId = await runCli(['resume', '../etc'], env());
    assert.equal(notAnId.code, 2);
    assert.match(notAnId.stderr, /"\.\.\/etc" is not a task id/);
    const folderGiven = await runCli(['resume', '20260101-000000-abcd', '--folder', folder], env());
    assert.equal(folderGiven.code, 2);
    assert.match(folderGiven.stderr, /--folder is not for resume/);
    const none = await runCli(['resume'], env());
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No task to resume \(0 kept/);
  });
});
