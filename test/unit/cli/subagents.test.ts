// Sub-agents through `cowork run`, as a person runs it: a real CLI process, the
// scripted model server (turns picked by the brief each request carries, since the
// children's requests arrive in any order), the real sandbox (namespace driver).
// Asserts what each request contained: fresh context for a child, a capped and
// fenced report for the parent, never a child's transcript.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelServer, RecordedRequest, ScriptedReply, ScriptedToolUseBlock, TurnInput } from '../../model-server';
import { bundledCli, CliRunSetup } from '../../support/cliRunner';

const PROMPT = 'Compare the three notes and write combined.md';
const LATENCY_MS = 300;
const CAP = 4_000;

const slow = (reply: ScriptedReply): ScriptedReply => ({ ...reply, initialDelayMs: LATENCY_MS });

function childTurns(name: string, file: string, report: string): TurnInput[] {
  return [
    { label: `${name} reads`, match: { firstUserText: `[Sub-agent "${name}"]` }, reply: slow({ content: [{ type: 'tool_use', id: `read_${name}`, name: 'read_file', input: { path: file } }] }) },
    { label: `${name} reports`, match: { firstUserText: `[Sub-agent "${name}"]`, toolResultFor: `read_${name}` }, reply: slow({ content: [{ type: 'text', text: report }] }) },
  ];
}

const delegateCall: ScriptedToolUseBlock = {
  type: 'tool_use',
  id: 'del1',
  name: 'delegate',
  input: {
    tasks: [
      { name: 'alpha', brief: 'Read a.txt and report its main point.' },
      { name: 'beta', brief: 'Read b.txt and report its main point.' },
      { name: 'gamma', brief: 'Read c.txt and report its main point.', output_file: 'findings/gamma.md' },
    ],
  },
};

function script(betaTurns: TurnInput[]): TurnInput[] {
  return [
    { label: 'parent delegates', match: { firstUserText: PROMPT, messageCount: 1 }, reply: { content: [{ type: 'text', text: 'Delegating.' }, delegateCall] } },
    ...childTurns('alpha', 'a.txt', 'Alpha says apples.'),
    ...betaTurns,
    ...childTurns('gamma', 'c.txt', `Gamma says cherries. ${'g'.repeat(6_000)}`),
    {
      label: 'parent writes the combined report',
      match: { firstUserText: PROMPT, toolResultFor: 'del1' },
      reply: { content: [{ type: 'tool_use', id: 'w1', name: 'write_file', input: { path: 'combined.md', content: '# Combined\napples, cherries\n' } }] },
    },
    { label: 'parent ends', match: { firstUserText: PROMPT, toolResultFor: 'w1' }, reply: { content: [{ type: 'text', text: 'Wrote combined.md.' }] } },
  ];
}

const firstText = (r: RecordedRequest) => {
  const c = r.body.messages?.[0]?.content;
  return typeof c === 'string' ? c : (c ?? []).map((b) => (b.type === 'text' ? b.text : '')).join('\n');
};
const requestsOf = (server: ModelServer, needle: string) => server.messageRequests().filter((r) => firstText(r).includes(needle));
const toolResultText = (r: RecordedRequest, id: string): string => {
  const last = r.body.messages![r.body.messages!.length - 1];
  const block = (last.content as { type: string; tool_use_id?: string; content?: unknown }[]).find((b) => b.type === 'tool_result' && b.tool_use_id === id);
  const c = block?.content;
  return typeof c === 'string' ? c : (c as { text?: string }[] | undefined)?.map((b) => b.text ?? '').join('\n') ?? '';
};

describe('cli: sub-agents (delegate)', function () {
  this.timeout(90_000);
  const task = new CliRunSetup('subagents');
  let folder = '';

  beforeEach(function () {
    task.prepare(this, { 'a.txt': 'apples\n', 'b.txt': 'bananas\n', 'c.txt': 'cherries\n' });
    folder = task.folder;
  });
  afterEach(() => task.dispose());

  it('three research children run at once with fresh context; the parent gets capped, fenced reports and writes the result', async () => {
    const server = await task.serve({ transcript: { order: 'byMatch', turns: script(childTurns('beta', 'b.txt', 'Beta says bananas.')) } });
    const r = await task.run(['run', PROMPT, '--folder', folder, '--yes', '--no-plan']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.doesNotMatch(r.stdout, /approval needed/, 'delegating runs in the sandbox: no approval asked for the call');

    // Files: the parent's result, and gamma's output file written from its report.
    assert.equal(fs.readFileSync(path.join(folder, 'combined.md'), 'utf8'), '# Combined\napples, cherries\n');
    assert.match(fs.readFileSync(path.join(folder, 'findings/gamma.md'), 'utf8'), /^Gamma says cherries\./);

    const parentFirst = requestsOf(server, PROMPT)[0];
    for (const name of ['alpha', 'beta', 'gamma']) {
      const reqs = requestsOf(server, `[Sub-agent "${name}"]`);
      assert.equal(reqs.length, 2, `${name} made two requests`);
      const first = reqs[0].body;
      // Fresh context: the same system prompt (with the skills catalog), one message holding its brief only.
      assert.deepEqual(first.system, parentFirst.body.system);
      assert.equal(first.messages!.length, 1);
      assert.ok(!firstText(reqs[0]).includes(PROMPT), 'a child never sees the parent prompt');
      assert.match(firstText(reqs[0]), new RegExp(`Read ${name[0] === 'g' ? 'c' : name[0] === 'b' ? 'b' : 'a'}\\.txt and report`));
      // Research: the smaller model, read-only tools (write_file only for the one with an output file), no delegate.
      assert.equal(first.model, 'claude-haiku-5-5');
      const tools = (first.tools ?? []).map((t) => t.name);
      assert.ok(tools.includes('read_file'));
      assert.ok(!tools.includes('delegate'));
      assert.ok(!tools.includes('run_command'));
      assert.equal(tools.includes('write_file'), name === 'gamma');
    }
    // The children overlapped: all three first requests arrived before any child's second one.
    const firsts = ['alpha', 'beta', 'gamma'].map((n) => requestsOf(server, `[Sub-agent "${n}"]`)[0].time);
    const seconds = ['alpha', 'beta', 'gamma'].map((n) => requestsOf(server, `[Sub-agent "${n}"]`)[1].time);
    assert.ok(Math.max(...firsts) < Math.min(...seconds), `children ran one after another: ${firsts} / ${seconds}`);

    // What reached the parent: the reports, fenced and marked untrusted, gamma's capped; no child transcript.
    const back = requestsOf(server, PROMPT).find((q) => toolResultText(q, 'del1'))!;
    const result = toolResultText(back, 'del1');
    assert.match(result, /untrusted content/);
    assert.match(result, /<subagent_report name="alpha" outcome="done" untrusted="true">\nAlpha says apples\.\n<\/subagent_report>/);
    assert.match(result, /Beta says bananas\./);
    assert.match(result, /Files written by gamma: created findings\/gamma\.md/);
    const gamma = /<subagent_report name="gamma"[^>]*>\n([\s\S]*?)\n<\/subagent_report>/.exec(result)![1];
    assert.ok(gamma.length <= CAP, `gamma's report is capped (${gamma.length})`);
    assert.match(gamma, /report cut at 4000 characters/);
    assert.ok(!result.includes('apples\n') && !result.includes('read_alpha'), 'no child tool results or calls reach the parent');

    // The CLI shows each child's steps under its name, and the parent's cost includes theirs.
    for (const name of ['alpha', 'beta', 'gamma']) {
      assert.match(r.stdout, new RegExp(`⇉ \\[${name}\\] started \\(claude-haiku-5-5\\)`));
      assert.match(r.stdout, new RegExp(`  \\[${name}\\] ✓ Read`));
      assert.match(r.stdout, new RegExp(`⇇ \\[${name}\\] done`));
    }
    assert.match(r.stdout, /⇇ \[gamma\] done · wrote findings\/gamma\.md/);
    assert.match(r.stdout, /■ done: Wrote combined\.md\./);
  });

  it("a child's API error fails that child only; the parent is told and carries on", async () => {
    const betaFails: TurnInput[] = [{ label: 'beta: bad request', match: { firstUserText: '[Sub-agent "beta"]' }, error: { status: 400, message: 'beta is malformed (scripted)' } }];
    const server = await task.serve({ transcript: { order: 'byMatch', turns: script(betaFails) } });
    const r = await task.run(['run', PROMPT, '--folder', folder, '--yes', '--no-plan']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    const back = requestsOf(server, PROMPT).find((q) => toolResultText(q, 'del1'))!;
    const result = toolResultText(back, 'del1');
    assert.match(result, /<subagent_report name="beta" outcome="failed" untrusted="true">\nThe sub-agent failed: [^\n]*beta is malformed/);
    assert.match(result, /name="alpha" outcome="done"/);
    assert.match(r.stdout, /⇇ \[beta\] failed/);
    assert.match(r.stdout, /1 failed or cancelled/);
    assert.equal(fs.readFileSync(path.join(folder, 'combined.md'), 'utf8'), '# Combined\napples, cherries\n');
  });

  it("a work child's question reaches the person through the parent, and its edit waits for the parent's approval", async () => {
    const m = { firstUserText: '[Sub-agent "editor"]' };
    const server = await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          { match: { firstUserText: PROMPT, messageCount: 1 }, reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: [{ name: 'editor', kind: 'work', brief: 'Put the year the person names into a.txt.' }] } }] } },
          { match: m, reply: { content: [{ type: 'tool_use', id: 'q1', name: 'ask_user', input: { question: 'Which year?' } }] } },
          { match: { ...m, toolResultIncludes: '2024' }, reply: { content: [{ type: 'tool_use', id: 'e1', name: 'edit_file', input: { path: 'a.txt', old_string: 'apples', new_string: 'apples 2024' } }] } },
          { match: { ...m, toolResultFor: 'e1' }, reply: { content: [{ type: 'text', text: 'a.txt now names 2024.' }] } },
          { match: { firstUserText: PROMPT, toolResultFor: 'del1' }, reply: { content: [{ type: 'text', text: 'Done.' }] } },
        ],
      },
    });
    // Typed at the terminal: the answer to the child's question, then "y" for the parent's batch.
    const r = await task.run(['run', PROMPT, '--folder', folder, '--no-plan'], '2024\ny\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.match(r.stdout, /\? \[editor\] Which year\?/);
    // One approval, raised by the parent after the delegate turn, covering the child's edit.
    assert.equal((r.stdout.match(/\? approval needed/g) ?? []).length, 1, r.stdout);
    assert.match(r.stdout, /\? approval needed: [^\n]*\n\s+modified a\.txt/);
    assert.ok(r.stdout.indexOf('⇇ [editor] done') < r.stdout.indexOf('? approval needed'), 'the child did not settle its own changes');
    assert.equal(fs.readFileSync(path.join(folder, 'a.txt'), 'utf8'), 'apples 2024\n');
  });

  it("--no refuses the child's edit in the parent's batch: the file stays as it was", async () => {
    const m = { firstUserText: '[Sub-agent "editor"]' };
    const server = await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          { match: { firstUserText: PROMPT, messageCount: 1 }, reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: [{ name: 'editor', kind: 'work', brief: 'Append 2024 to a.txt.' }] } }] } },
          { match: m, reply: { content: [{ type: 'tool_use', id: 'e1', name: 'edit_file', input: { path: 'a.txt', old_string: 'apples', new_string: 'apples 2024' } }] } },
          { match: { ...m, toolResultFor: 'e1' }, reply: { content: [{ type: 'text', text: 'Edited a.txt.' }] } },
          { match: { firstUserText: PROMPT, lastUserText: 'refused these staged changes' }, reply: { content: [{ type: 'text', text: 'The edit was refused.' }] } },
        ],
      },
    });
    const r = await task.run(['run', PROMPT, '--folder', folder, '--no-plan', '--no']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.equal(fs.readFileSync(path.join(folder, 'a.txt'), 'utf8'), 'apples\n');
  });

  it('while planning: research children (read-only tools) inform the plan; a work child is refused until the plan is approved', async () => {
    const plan = { summary: 'Combine the notes', steps: ['Write combined.md from the two reports'], creates: ['combined.md'] };
    const research = { tasks: [{ name: 'alpha', brief: 'Read a.txt and report its main point.' }, { name: 'beta', brief: 'Read b.txt and report its main point.' }] };
    const server = await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          // Planning: delegate is offered (propose_plan too, write_file not); a work child is refused first.
          {
            label: 'parent asks for a work child while planning',
            match: { firstUserText: PROMPT, messageCount: 1, toolsInclude: ['delegate', 'propose_plan'] },
            reply: { content: [{ type: 'tool_use', id: 'del0', name: 'delegate', input: { tasks: [{ name: 'early', kind: 'work', brief: 'Write combined.md now.' }] } }] },
          },
          { label: 'parent delegates research instead', match: { firstUserText: PROMPT, toolResultIncludes: 'Planning is read-only' }, reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: research }] } },
          ...childTurns('alpha', 'a.txt', 'Alpha says apples.'),
          ...childTurns('beta', 'b.txt', 'Beta says bananas.'),
          { label: 'parent proposes the plan from the reports', match: { firstUserText: PROMPT, toolResultFor: 'del1', toolResultIncludes: 'Beta says bananas.' }, reply: { content: [{ type: 'tool_use', id: 'plan1', name: 'propose_plan', input: plan }] } },
          {
            label: 'approved: the parent writes',
            match: { firstUserText: PROMPT, toolResultFor: 'plan1', toolsInclude: ['write_file'] },
            reply: { content: [{ type: 'tool_use', id: 'w1', name: 'write_file', input: { path: 'combined.md', content: 'apples, bananas\n' } }] },
          },
          { label: 'parent ends', match: { firstUserText: PROMPT, toolResultFor: 'w1' }, reply: { content: [{ type: 'text', text: 'Wrote combined.md.' }] } },
        ],
      },
    });
    const r = await task.run(['run', PROMPT, '--folder', folder, '--yes']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.doesNotMatch(r.stdout, /⇉ \[early\]/, 'the work child never started');
    const planningTools = (requestsOf(server, PROMPT)[0].body.tools ?? []).map((t) => t.name);
    assert.ok(!planningTools.includes('write_file'), 'planning offers delegate, not the writing tools');
    for (const name of ['alpha', 'beta']) {
      const childTools: string[] = (requestsOf(server, `[Sub-agent "${name}"]`)[0].body.tools ?? []).map((t) => t.name);
      assert.ok(childTools.includes('read_file'), `${name} can read`);
      assert.deepEqual(childTools.filter((t) => ['write_file', 'edit_file', 'delete', 'move', 'run_command', 'delegate'].includes(t)), [], `${name} got only read-only tools`);
      assert.match(r.stdout, new RegExp(`⇇ \\[${name}\\] done`));
    }
    // The reports came back before the plan was proposed, and the plan ran after approval.
    assert.ok(r.stdout.indexOf('⇇ [beta] done') < r.stdout.indexOf('plan approved'), r.stdout);
    assert.equal(fs.readFileSync(path.join(folder, 'combined.md'), 'utf8'), 'apples, bananas\n');
  });

  it('--subagent-depth: 2 lets a child delegate in turn, 0 turns delegating off', async () => {
    // A work child gets all of the parent's tools, delegate included once the depth allows it.
    const one = { tasks: [{ name: 'solo', kind: 'work', brief: 'Report on a.txt.' }] };
    const server = await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          { match: { firstUserText: PROMPT, messageCount: 1 }, reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: one }] } },
          { match: { firstUserText: '[Sub-agent "solo"]', toolsInclude: ['delegate'] }, reply: { content: [{ type: 'text', text: 'solo report' }] } },
          { match: { firstUserText: PROMPT, toolResultIncludes: 'solo report' }, reply: { content: [{ type: 'text', text: 'Done.' }] } },
        ],
      },
    });
    let r = await task.run(['run', PROMPT, '--folder', folder, '--yes', '--no-plan', '--subagent-depth', '2']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();

    server.reset({
      turns: [
        { match: { firstUserText: PROMPT }, reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: one }] } },
        { match: { toolResultIncludes: 'Delegating is not available' }, reply: { content: [{ type: 'text', text: 'Did it myself.' }] } },
      ],
    });
    r = await task.run(['run', PROMPT, '--folder', folder, '--yes', '--no-plan', '--subagent-depth', '0']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.doesNotMatch(r.stdout, /⇉ \[solo\]/);

    r = await task.run(['run', PROMPT, '--folder', folder, '--subagent-depth', '7']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--subagent-depth must be 0, 1, 2 or 3/);
  });

  it('Ctrl-C while children run cancels every child and leaves nothing running', async () => {
    const marker = `${40 + Math.floor(Math.random() * 1000) / 1000}`; // a sleep length no one else uses
    const sleeper = (name: string): TurnInput => ({
      match: { firstUserText: `[Sub-agent "${name}"]` },
      reply: { content: [{ type: 'tool_use', id: `run_${name}`, name: 'run_command', input: { command: `sleep ${marker}` } }] },
    });
    await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          {
            match: { firstUserText: PROMPT },
            reply: { content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: ['one', 'two', 'three'].map((n) => ({ name: n, kind: 'work', brief: `Wait for ${n}.` })) } }] },
          },
          sleeper('one'),
          sleeper('two'),
          sleeper('three'),
        ],
      },
    });
    const child = spawn(process.execPath, [bundledCli(), 'run', PROMPT, '--folder', folder, '--yes', '--no-plan'], { env: { ...process.env, ...task.env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if ((stdout.match(/\] → Run /g) ?? []).length >= 3) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(timer);
          reject(new Error(`the children never all ran their command:\n${stdout}`));
        }
      }, 50);
    });
    // Work children use the parent's model.
    assert.match(stdout, /⇉ \[one\] started \(claude-sonnet-5-5\)/);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 3, stdout);
    for (const name of ['one', 'two', 'three']) assert.match(stdout, new RegExp(`⇇ \\[${name}\\] cancelled`));
    assert.match(stdout, /■ cancelled/);
    assert.ok(Date.now() - started < 30_000, 'cancel did not wait for the commands');
    const left = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`sleep\0${marker}`);
      } catch {
        return false;
      }
    });
    assert.deepEqual(left, [], 'no sleep left running');
  });
});
