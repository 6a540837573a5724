import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { createToolRegistry } from '../../../src/agent/tools/registry';
import { AgentBackend, type TaskPersistence } from '../../../src/views/agentBackend';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { queueScheduler } from '../../../src/views/taskScheduler';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { ASK_EVERY_BATCH } from '../../support/agentHarness';
import { HostFolderSession, makeTempFolder } from '../../support/hostFolderSession';

/** In-memory TaskPersistence that records what the backend stores. */
function memoryPersistence(initial: TaskEvent[][] = []) {
  const created: string[] = [];
  const logs = new Map<string, TaskEvent[]>(initial.map((l) => [l[0].taskId, [...l]]));
  const transcripts = new Map<string, unknown[]>();
  const p: TaskPersistence = {
    create: async (e) => void created.push(e.taskId),
    loadAll: async () => [...logs.values()].map((l) => [...l]),
    load: async (id) => ({ events: logs.get(id) ?? [], transcript: transcripts.get(id) as never }),
    append: (e) => void logs.set(e.taskId, [...(logs.get(e.taskId) ?? []), e]),
    saveTranscript: (id, m) => void transcripts.set(id, m),
    saveSubAgent: () => undefined,
    loadSubAgents: async () => [],
    remove: async (id) => void logs.delete(id),
  };
  return { p, created, logs, transcripts };
}

describe('views: AgentBackend over the real AgentTask and TaskQueue', () => {
  let server: ModelServer | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    server = undefined;
  });

  function backend(store = memoryPersistence(), maxParallel = 1, hub = new TaskEventHub()) {
    const registry = createToolRegistry();
    const b = new AgentBackend({
      hub,
      persistence: store.p,
      scheduler: queueScheduler(maxParallel),
      model: () => 'claude-test',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      renderTranscript: transcriptMarkdown,
      undo: async () => ({ undone: true as const }),
      taskOptions: async () => ({
        apiKey: 'test-key',
        baseURL: server!.url,
        openSession: async (dir) => new HostFolderSession(dir),
        tools: registry,
        policy: ASK_EVERY_BATCH,
        options: { plan: false },
      }),
    });
    return b;
  }

  function until(events: TaskEvent[], pred: (e: TaskEvent) => boolean, ms = 15_000): Promise<void> {
    const t0 = Date.now();
    return new Promise((resolve, reject) => {
      const tick = () => (events.some(pred) ? resolve() : Date.now() - t0 > ms ? reject(new Error(`timed out; saw ${events.map((e) => e.type).join(',')}`)) : setTimeout(tick, 20));
      tick();
    });
  }

  /** Seqs run 0, 1, 2, … without a gap or a repeat. */
  function assertNumberedFromCreation(log: readonly TaskEvent[]): void {
    assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i));
    assert.equal(log.filter((e) => e.type === 'task.created').length, 1);
    assert.equal(log[0].type, 'task.created');
  }

  it('runs a task: one log from its creation (queued, then the agent), persisted and live alike', async () => {
    const turns: TurnInput[] = [{ reply: { content: [{ type: 'text', text: 'Hello from the **model**.' }] } }];
    server = await startModelServer({ transcript: turns });
    folder = makeTempFolder({ 'a.txt': 'x' });
    const store = memoryPersistence();
    const hub = new TaskEventHub();
    const b = backend(store, 1, hub);
    const seen: TaskEvent[] = [];
    b.onEvent((e) => seen.push(e));
    const id = await b.start({ prompt: 'Say hello\nplease', folder });
    assert.deepEqual(store.created, [id]);
    assert.deepEqual(seen.slice(0, 2).map((e) => [e.type, e.seq]), [['task.created', 0], ['status', 1]]);
    await until(seen, (e) => e.type === 'finished');
    const persisted = store.logs.get(id)!;
    assertNumberedFromCreation(persisted);
    assert.deepEqual(persisted, seen, 'what was shown live is what was persisted');
    assert.deepEqual(hub.eventsOf(id), seen, 'the hub holds the one in-memory copy');
    const created = persisted[0];
    assert.equal(created.type === 'task.created' && created.title, 'Say hello');
    const last = persisted.at(-1);
    assert.equal(last?.type === 'finished' && last.outcome, 'done');
    assert.ok(store.transcripts.get(id)?.length);
    const md = await b.transcript(id);
    assert.match(md, /^# Say hello/m);
    assert.match(md, /Hello from the \*\*model\*\*\./);
  });

  it('holds the second task in the queue and cancels it without ever calling the model for it', async () => {
    const turns: TurnInput[] = [
      { reply: { content: [{ type: 'tool_use', id: 'q', name: 'ask_user', input: { question: 'Which one?' } }] } },
      { reply: { content: [{ type: 'text', text: 'Thanks.' }] } },
    ];
    server = await startModelServer({ transcript: turns });
    folder = makeTempFolder({});
    const b = backend();
    const seen: TaskEvent[] = [];
    b.onEvent((e) => seen.push(e));
    const first = await b.start({ prompt: 'first', folder });
    const second = await b.start({ prompt: 'second', folder });
    await until(seen, (e) => e.taskId === first && e.type === 'question.asked');
    assert.ok(!seen.some((e) => e.taskId === second && e.type === 'sandbox'), 'the second task must wait');
    await b.cancel(second);
    const secondLog = seen.filter((e) => e.taskId === second);
    const end = secondLog.at(-1);
    assert.ok(end?.type === 'finished' && end.outcome === 'cancelled');
    assertNumberedFromCreation(secondLog);
    const q = seen.find((e) => e.type === 'question.asked');
    await b.answerQuestion(first, q!.type === 'question.asked' ? q!.questionId : '', 'that one');
    await until(seen, (e) => e.taskId === first && e.type === 'finished');
    assert.equal(server.messageRequests().length, 2, 'only the first task talked to the model');
    await assert.rejects(b.redirect(second, 'x'), /not running/);
  });

  it('a task that cannot start (no API key) ends failed in its own log, numbered on from creation', async () => {
    const store = memoryPersistence();
    const hub = new TaskEventHub();
    const b = new AgentBackend({
      hub,
      persistence: store.p,
      scheduler: queueScheduler(1),
      model: () => 'claude-test',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      renderTranscript: transcriptMarkdown,
      undo: async () => ({ undone: true as const }),
      taskOptions: async () => {
        throw new Error('no Anthropic API key is set.');
      },
    });
    const seen: TaskEvent[] = [];
    b.onEvent((e) => seen.push(e));
    const id = await b.start({ prompt: 'anything', folder: '/tmp' });
    await until(seen, (e) => e.type === 'finished');
    assert.deepEqual(seen.map((e) => e.type), ['task.created', 'status', 'error', 'finished']);
    assertNumberedFromCreation(seen);
    assert.deepEqual(store.logs.get(id), seen);
    const end = seen.at(-1)!;
    assert.ok(end.type === 'finished' && end.outcome === 'failed' && /API key/.test(end.message ?? ''));
  });

  it('history: a log cut off mid-task ends as interrupted, persisted so a resume numbers after it', async () => {
    const cut: TaskEvent[] = [
      { type: 'task.created', title: 'T', prompt: 'p', folder: '/f', model: 'm', taskId: 'old-1', seq: 0, at: 1 },
      { type: 'status', status: 'running', taskId: 'old-1', seq: 1, at: 2 },
    ];
    const store = memoryPersistence([cut]);
    const b = backend(store);
    const [log] = await b.loadHistory();
    const end = log.at(-1)!;
    assert.ok(end.type === 'finished' && end.outcome === 'cancelled' && /Interrupted/.test(end.message ?? ''));
    assert.equal(end.seq, 2);
    assert.equal(store.logs.get('old-1')!.at(-1)!.seq, 2, 'the interruption is persisted');
    await assert.rejects(b.resume('old-1'), /no saved transcript/);
    await b.deleteFromHistory('old-1');
    assert.equal(store.logs.has('old-1'), false);
  });
});
