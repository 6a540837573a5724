// Out-of-process use of the scripted model server: transcript files, the control HTTP API and the
// CLI (spawned as a child process, URL read from its first stdout line).

import Anthropic from '@anthropic-ai/sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTranscriptFile, parseTranscript, startModelServer, type ControlState, type ModelServer, type RecordedRequest } from '../../model-server';
import { REPO_ROOT } from '../../support/repoRoot';

const ROOT = REPO_ROOT;
const TRANSCRIPTS = join(ROOT, 'test', 'transcripts');
const CLI = join(ROOT, 'test', 'model-server', 'cli.ts');
const params = { model: 'claude-test-model', max_tokens: 64 };

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('model server: transcript files, control API and CLI', () => {
  let server: ModelServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('loads and validates every example transcript', () => {
    const files = readdirSync(TRANSCRIPTS).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 2, `expected example transcripts in ${TRANSCRIPTS}`);
    for (const file of files) assert.ok(loadTranscriptFile(join(TRANSCRIPTS, file)).turns.length > 0, file);
  });

  it('explains what is wrong with an invalid transcript, naming the turn', () => {
    assert.throws(() => parseTranscript({ turns: [{ reply: { content: [] } }, { reply: { content: [] }, error: { status: 500 } }] }), /turn 1: needs exactly one of "reply", "error", "cut" \(found 2\)/);
    assert.throws(() => parseTranscript({ turns: [{ reply: { content: [{ type: 'tool_use', name: 'x' }] } }] }), /turn 0 content\[0\]: tool_use block needs "input"/);
    assert.throws(() => parseTranscript({ turns: [{ reply: { content: [], stop_reason: 'done' } }] }), /"stop_reason" must be one of end_turn/);
    assert.throws(() => parseTranscript({ turns: [{ match: { lastUser: 'x' }, reply: { content: [] } }] }), /unknown match key "lastUser"/);
    assert.throws(() => parseTranscript({ steps: [] }), /expected \{ "turns": \[\.\.\.\] \}/);
  });

  it('plays the two-turn tool-use example end to end through the SDK', async () => {
    server = await startModelServer({ transcript: loadTranscriptFile(join(TRANSCRIPTS, 'two-turn-tool-use.json')) });
    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    const tools: Anthropic.Tool[] = ['list_files', 'write_file'].map((name) => ({ name, input_schema: { type: 'object' } }));
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Write a summary of my notes.' }];
    const results: Record<string, string> = { list_files: 'notes.txt', write_file: 'Created summary.md' };
    for (;;) {
      const reply = await client.messages.stream({ ...params, tools, messages }).finalMessage();
      messages.push({ role: 'assistant', content: reply.content });
      if (reply.stop_reason !== 'tool_use') break;
      const uses = reply.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      messages.push({ role: 'user', content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: results[u.name] })) });
    }
    server.assertComplete();
    assert.equal(messages.length, 6);
    assert.match(JSON.stringify(messages.at(-1)), /summary\.md is in your folder/);
  });

  it('control API: load a transcript, read state and recorded requests', async () => {
    server = await startModelServer();
    const loaded = await postJson(`${server.url}/__control/transcript`, { turns: [{ match: { lastUserText: 'hello' }, reply: { content: [{ type: 'text', text: 'hi!' }] } }] });
    assert.equal(loaded.status, 200);
    assert.equal(((await loaded.json()) as ControlState).remainingTurns, 1);

    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    await assert.rejects(client.messages.create({ ...params, messages: [{ role: 'user', content: 'bye' }] }), Anthropic.BadRequestError);
    const reply = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'hello' }] });
    assert.deepEqual(reply.content, [{ type: 'text', text: 'hi!' }]);

    const state = (await (await fetch(`${server.url}/__control/state`)).json()) as ControlState;
    assert.equal(state.url, server.url);
    assert.deepEqual([state.totalTurns, state.usedTurns, state.remainingTurns, state.requestCount], [1, 1, 0, 2]);
    assert.equal(state.failures.length, 1);
    assert.equal(state.failures[0].kind, 'mismatch');

    const requests = (await (await fetch(`${server.url}/__control/requests`)).json()) as RecordedRequest[];
    assert.deepEqual(requests.map((r) => r.body.messages?.[0]?.content), ['bye', 'hello']);
    assert.equal(requests[1].turnIndex, 0);

    const bad = await postJson(`${server.url}/__control/transcript`, { turns: [{}] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /turn 0: needs exactly one/);
    assert.equal((await fetch(`${server.url}/__control/nope`)).status, 404);
  });

  describe('CLI', () => {
    let child: ChildProcess | undefined;

    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGTERM');
      child = undefined;
    });

    function run(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
      const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => proc.on('exit', (code) => resolve({ code, stderr })));
      const firstLine = new Promise<string>((resolve, reject) => {
        proc.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
        });
        void exit.then(({ code, stderr: err }) => reject(new Error(`cli exited ${code} before printing a URL: ${err}`)));
      });
      return { child: proc, firstLine, exit };
    }

    it('prints the URL first, serves the transcript given on the command line, exits when stdin ends', async function () {
      this.timeout(15_000);
      const started = run(['--transcript', join(TRANSCRIPTS, 'two-turn-tool-use.json'), '--exit-on-stdin-end']);
      child = started.child;
      const url = await started.firstLine;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new Anthropic({ apiKey: 'test', baseURL: url, maxRetries: 0 });
      const tools: Anthropic.Tool[] = ['list_files', 'write_file'].map((name) => ({ name, input_schema: { type: 'object' } }));
      const reply = await client.messages.stream({ ...params, tools, messages: [{ role: 'user', content: 'a summary please' }] }).finalMessage();
      assert.equal(reply.stop_reason, 'tool_use');
      const state = (await (await fetch(`${url}/__control/state`)).json()) as ControlState;
      assert.equal(state.usedTurns, 1);
      child.stdin?.end(); // --exit-on-stdin-end: closing our end of stdin stops the server
      assert.equal((await started.exit).code, 0);
    });

    it('exits with status 2 and a message for a bad transcript', async function () {
      this.timeout(15_000);
      const started = run(['--transcript', join(TRANSCRIPTS, 'does-not-exist.json')]);
      child = started.child;
      started.firstLine.catch(() => undefined);
      const { code, stderr } = await started.exit;
      assert.equal(code, 2);
      assert.match(stderr, /cannot read transcript .*does-not-exist\.json/);
    });
  });
});
