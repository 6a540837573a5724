// A running sub-agent's cost, live: through the extension's backend and the real
// AgentTask, a parent delegates two briefs; each child gets one response and then
// waits on the model. While they wait, the Tasks tree shows each child's cost so far
// (not $0.00 until it ends), the sidebar lane shows it too, and the parent's cost
// already includes both. Cancelling then counts nothing twice.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createApprovalPolicy } from '../../../src/agent/approval/approvalPolicy';
import { delegateTool } from '../../../src/agent/tools/delegate';
import { createToolRegistry } from '../../../src/agent/tools/registry';
import { reduceAll } from '../../../src/shared/sidebarState';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { AgentBackend } from '../../../src/views/agentBackend';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { taskNode, subAgentNode } from '../../../src/views/taskListModel';
import { queueScheduler } from '../../../src/views/taskScheduler';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { requestsOpeningWith, until } from '../../support/waitAndCount';
import { HostFolderSession, makeTempFolder } from '../../support/hostFolderSession';

const PROMPT = 'Compare a.txt and b.txt';
const USAGE = { input_tokens: 10_000, output_tokens: 1_000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const MODEL = 'claude-sonnet-5-5';
const child = (name: string) => ({ firstUserText: `[Sub-agent "${name}"]` });

function turns(): TurnInput[] {
  const reads = (n: string): TurnInput[] => [
    { label: `${n} reads`, match: child(n), reply: { usage: USAGE, content: [{ type: 'tool_use', id: `r${n[0]}`, name: 'read_file', input: { path: `${n[0]}.txt` } }] } },
    // Still thinking when the test looks: this reply never comes before the cancel.
    { label: `${n} thinks`, match: { ...child(n), toolResultFor: `r${n[0]}` }, reply: { initialDelayMs: 60_000, usage: USAGE, content: [{ type: 'text', text: 'never sent' }] } },
  ];
  return [
    {
      label: 'parent delegates',
      match: { firstUserText: PROMPT, messageCount: 1 },
      reply: { usage: USAGE, content: [{ type: 'tool_use', id: 'del1', name: 'delegate', input: { tasks: ['alpha', 'beta'].map((n) => ({ name: n, brief: `Read ${n[0]}.txt and report.`, model: 'inherit' })) } }] },
    },
    ...reads('alpha'),
    ...reads('beta'),
  ];
}

describe('views: a running sub-agent shows its cost as it spends', function () {
  this.timeout(60_000);
  let server: ModelServer | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the tree and the lanes show each child\'s cost while it runs; the parent\'s includes them live', async () => {
    server = await startModelServer({ transcript: { order: 'byMatch', turns: turns() } });
    folder = makeTempFolder({ 'a.txt': 'apples\n', 'b.txt': 'bananas\n' });
    const hub = new TaskEventHub();
    const events: TaskEvent[] = [];
    const b = new AgentBackend({
      hub,
      persistence: { create: async () => undefined, loadAll: async () => [], load: async () => ({ events: [], transcript: undefined }), append: () => undefined, saveTranscript: () => undefined, saveSubAgent: () => undefined, loadSubAgents: async () => [], remove: async () => undefined },
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
        tools: createToolRegistry([delegateTool]),
        policy: createApprovalPolicy({ mode: 'neverAsk' }),
        options: { plan: false },
      }),
    });
    b.onEvent((e) => events.push(e));
    const id = await b.start({ prompt: PROMPT, folder });
    // Both children have had their first response and wait on their second.
    await until('both children to wait on their second reply', () => requestsOpeningWith(server!, '[Sub-agent "alpha"]').length === 2 && requestsOpeningWith(server!, '[Sub-agent "beta"]').length === 2);
    const one = events.find((e) => e.type === 'usage')!;
    assert.ok(one.type === 'usage');
    const perResponse = one.turnUsage.costUsd;
    assert.ok(perResponse > 0.01, 'a response costs more than a cent here, so the tree shows it');
    const close = (a: number, x: number) => Math.abs(a - x) < 1e-9;
    await until('the children\'s usage to reach the parent', () => (hub.list.get(id)?.costUsd ?? 0) > 2.5 * perResponse);

    const t = hub.list.get(id)!;
    assert.deepEqual(t.children.map((c) => [c.name, c.status]), [['alpha', 'running'], ['beta', 'running']]);
    for (const c of t.children) assert.ok(close(c.costUsd, perResponse), `${c.name} shows ${c.costUsd}, not its one response ${perResponse}`);
    assert.ok(close(t.costUsd, 3 * perResponse), `the parent shows ${t.costUsd}: its own response and both children's`);
    const now = Date.now();
    const shown = `$${perResponse.toFixed(2)}`;
    for (const c of t.children) assert.ok(subAgentNode(id, c, now).description.endsWith(`· ${shown}`), subAgentNode(id, c, now).description);
    assert.ok(taskNode(t, now).description.endsWith(`$${(3 * perResponse).toFixed(2)}`), taskNode(t, now).description);
    // The sidebar's lanes, from the same log.
    const lanes = reduceAll(id, hub.eventsOf(id)).steps.filter((s) => s.kind === 'subagent');
    assert.deepEqual(lanes.map((l) => l.kind === 'subagent' && l.state), ['running', 'running']);
    for (const l of lanes) assert.ok(l.kind === 'subagent' && close(l.usage?.costUsd ?? 0, perResponse), JSON.stringify(l.kind === 'subagent' && l.usage));

    // Cancelled mid-way: the children end with what they spent, and nothing is counted twice.
    await b.cancel(id);
    await until('the parent to end', () => events.some((e) => e.type === 'finished'));
    const ended = hub.list.get(id)!;
    assert.deepEqual(ended.children.map((c) => c.status), ['cancelled', 'cancelled']);
    for (const c of ended.children) assert.ok(close(c.costUsd, perResponse), `${c.name}: ${c.costUsd}`);
    assert.ok(close(ended.costUsd, 3 * perResponse), `parent after cancel: ${ended.costUsd}`);
  });
});
