// Sub-agents across a reload, through the extension's backend and its real task
// store on disk: a parent delegates two briefs; one child has finished, the other
// is waiting on the model when VS Code closes (the backend is disposed, as on
// deactivate). A second backend over the same store (the reloaded window) shows
// both children nested under the parent, and Resume continues the delegate call: the
// finished child is not run again, the other continues from its own saved
// conversation, the parent gets both reports in one result, and every response is
// counted once in the parent's cost.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApprovalPolicy } from '../../../src/agent/approval/approvalPolicy';
import { TaskStore } from '../../../src/agent/tasks/store';
import { delegateTool } from '../../../src/agent/tools/delegate';
import { createToolRegistry } from '../../../src/agent/tools/registry';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { AgentBackend } from '../../../src/views/agentBackend';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { storePersistence } from '../../../src/views/taskPersistence';
import { queueScheduler } from '../../../src/views/taskScheduler';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { requestsOpeningWith, until } from '../../support/waitAndCount';
import { HostFolderSession, makeTempFolder } from '../../support/hostFolderSession';

const PROMPT = 'Compare a.txt and b.txt';
/** Every response costs the same: fixed usage, one model for all. */
const USAGE = { input_tokens: 10_000, output_tokens: 1_000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const MODEL = 'claude-sonnet-5-5';

const child = (name: string) => ({ firstUserText: `[Sub-agent "${name}"]` });

function turns(): TurnInput[] {
  return [
    {
      label: 'parent delegates',
      match: { firstUserText: PROMPT, messageCount: 1 },
      reply: { usage: USAGE, content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: ['alpha', 'beta'].map((n) => ({ name: n, brief: `Read ${n[0]}.txt and report.`, model: 'inherit' })) } }] },
    },
    { label: 'alpha reads', match: child('alpha'), reply: { usage: USAGE, content: [{ type: 'tool_use', id: 'ra', name: 'read_file', input: { path: 'a.txt' } }] } },
    { label: 'alpha reports', match: { ...child('alpha'), toolResultFor: 'ra' }, reply: { usage: USAGE, content: [{ type: 'text', text: 'Alpha says apples.' }] } },
    { label: 'beta reads', match: child('beta'), reply: { usage: USAGE, content: [{ type: 'tool_use', id: 'rb', name: 'read_file', input: { path: 'b.txt' } }] } },
    // Still thinking when the window closes: this reply never arrives.
    { label: 'beta, before the reload', match: { ...child('beta'), toolResultFor: 'rb' }, reply: { initialDelayMs: 60_000, usage: USAGE, content: [{ type: 'text', text: 'never sent' }] } },
    // After Resume: beta continues from its kept conversation (brief, its read, the result).
    { label: 'beta, resumed', match: { ...child('beta'), toolResultFor: 'rb', messageCount: 3 }, reply: { usage: USAGE, content: [{ type: 'text', text: 'Beta says bananas.' }] } },
    { label: 'parent ends', match: { firstUserText: PROMPT, toolResultIncludes: 'Beta says bananas.', messageCount: 3 }, reply: { usage: USAGE, content: [{ type: 'text', text: 'Both compared.' }] } },
  ];
}

describe('views: sub-agents resume after a reload', function () {
  this.timeout(60_000);
  let server: ModelServer | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function backend(storeDir: string): { b: AgentBackend; hub: TaskEventHub; events: TaskEvent[]; store: TaskStore } {
    const hub = new TaskEventHub();
    const store = new TaskStore(storeDir, { log: () => undefined });
    const registry = createToolRegistry([delegateTool]);
    const b = new AgentBackend({
      hub,
      persistence: storePersistence(store, () => undefined),
      scheduler: queueScheduler(1),
      model: () => MODEL,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      renderTranscript: transcriptMarkdown,
      undo: async () => ({ undone: true as const }),
      taskOptions: async () => ({
        apiKey: 'test-key',
        baseURL: server!.url,
        model: MODEL,
        openSession: async (dir) => new HostFolderSession(dir),
        tools: registry,
        policy: createApprovalPolicy({ mode: 'neverAsk' }),
        options: { plan: false },
      }),
    });
    const events: TaskEvent[] = [];
    b.onEvent((e) => events.push(e));
    return { b, hub, events, store };
  }

  it('the finished child is kept, the interrupted one continues from its own conversation, the parent gets both reports', async () => {
    server = await startModelServer({ transcript: { order: 'byMatch', turns: turns() } });
    const folder = makeTempFolder({ 'a.txt': 'apples\n', 'b.txt': 'bananas\n' });
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-subagent-resume-'));
    dirs.push(folder, storeDir);

    // The first window: alpha finishes, beta waits on the model; then VS Code closes.
    const first = backend(storeDir);
    const id = await first.b.start({ prompt: PROMPT, folder });
    await until('alpha to finish and beta to ask for its report', () => first.events.some((e) => e.type === 'subagent.finished' && e.name === 'alpha') && requestsOpeningWith(server!, '[Sub-agent "beta"]').length === 2);
    await first.b.dispose();
    await until('the parent to end', () => first.events.some((e) => e.type === 'finished'));
    await first.store.flush();
    // The parent's first turn is one response: what every response costs here.
    const firstTurn = first.events.find((e) => e.type === 'usage');
    assert.ok(firstTurn?.type === 'usage' && firstTurn.turnUsage.costUsd > 0);
    const one = firstTurn.turnUsage.costUsd;

    // The reloaded window: the history shows both children under the parent.
    const second = backend(storeDir);
    await second.b.loadHistory();
    const shown = second.hub.list.get(id)!;
    assert.deepEqual(shown.children.map((c) => [c.name, c.status]), [['alpha', 'done'], ['beta', 'cancelled']]);
    const records = fs.readdirSync(path.join(storeDir, id, 'subagents'));
    assert.equal(records.length, 2, 'one record per child on disk');

    await second.b.resume(id);
    await until('the resumed parent to end', () => second.events.some((e) => e.type === 'finished'));
    const end = second.events.filter((e) => e.type === 'finished').at(-1);
    assert.ok(end?.type === 'finished' && end.outcome === 'done', JSON.stringify(end));
    server.assertComplete();
    assert.equal(requestsOpeningWith(server, '[Sub-agent "alpha"]').length, 2, 'alpha was not run again');
    assert.equal(requestsOpeningWith(server, '[Sub-agent "beta"]').length, 3, "beta's resumed request continued its conversation");

    // The parent's last request: one result for the delegate call, carrying both reports.
    const last = requestsOpeningWith(server, PROMPT).at(-1)!.body.messages!;
    const results = last.flatMap((m) => (typeof m.content === 'string' ? [] : m.content)).filter((b) => b.type === 'tool_result');
    assert.equal(results.length, 1);
    const text = JSON.stringify(results[0]);
    assert.match(text, /name=\\"alpha\\" outcome=\\"done\\"[\s\S]*Alpha says apples\./);
    assert.match(text, /name=\\"beta\\" outcome=\\"done\\"[\s\S]*Beta says bananas\./);
    assert.doesNotMatch(text, /Cancelled|Interrupted/);

    // The tree: the same two children, both done, beta's cost including what it spent before the reload.
    const after = second.hub.list.get(id)!;
    assert.deepEqual(after.children.map((c) => [c.name, c.status]), [['alpha', 'done'], ['beta', 'done']]);
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    assert.ok(close(after.children[0].costUsd, 2 * one) && close(after.children[1].costUsd, 2 * one), JSON.stringify(after.children.map((c) => c.costUsd)));
    // Six responses in all (parent 2, alpha 2, beta 2; the one lost to the reload never came): each counted once.
    const total = second.events.filter((e) => e.type === 'usage').at(-1)!;
    assert.ok(total.type === 'usage' && close(total.total.costUsd, 6 * one), `parent total ${total.type === 'usage' && total.total.costUsd}, one response ${one}`);
    assert.ok(close(after.costUsd, 6 * one));
  });
});
