// After "Undo Task" the task says it is undone, stops offering Undo (tree context
// value, picker, sidebar), and a second undo answers "already undone" instead of
// a false success: the backend over a finished task's history, the list model and
// the sidebar state, and the event through the store's validator after a reload.

import { strict as assert } from 'node:assert';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { validateTaskEvent } from '../../../src/shared/taskEventValidator';
import { reduceAll } from '../../../src/shared/sidebarState';
import type { LaterWorkAnswer, UndoResult } from '../../../src/shared/undoLaterWork';
import { AgentBackend, type TaskPersistence } from '../../../src/views/agentBackend';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { contextValueOf, taskNode } from '../../../src/views/taskListModel';
import { queueScheduler } from '../../../src/views/taskScheduler';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { undoDeciding } from '../../../src/views/undoDecision';

const ID = 'done-1';
/** A finished task that wrote notes.txt. */
const finishedTask: TaskEvent[] = [
  { type: 'task.created', title: 'Rewrite notes', prompt: 'rewrite notes', folder: '/f', model: 'm', taskId: ID, seq: 0, at: 1 },
  { type: 'status', status: 'running', taskId: ID, seq: 1, at: 2 },
  { type: 'tool.started', callId: 'c1', name: 'write_file', summary: 'notes.txt', input: {}, taskId: ID, seq: 2, at: 3 },
  { type: 'tool.finished', callId: 'c1', name: 'write_file', ok: true, summary: 'notes.txt', output: '', files: [{ path: 'notes.txt', action: 'modified' }], taskId: ID, seq: 3, at: 4 },
  { type: 'status', status: 'done', taskId: ID, seq: 4, at: 5 },
  { type: 'finished', outcome: 'done', taskId: ID, seq: 5, at: 6 },
];

/** Persistence that keeps logs in memory, validating each line as the task store does on replay. */
function store(initial: TaskEvent[][]) {
  const logs = new Map(initial.map((l) => [l[0].taskId, [...l]]));
  const p: TaskPersistence = {
    create: async () => undefined,
    loadAll: async () => [...logs.values()].map((l) => l.map((e) => JSON.parse(JSON.stringify(e)) as TaskEvent).filter((e) => validateTaskEvent(e) === null)),
    load: async (id) => ({ events: logs.get(id) ?? [], transcript: undefined }),
    append: (e) => void logs.set(e.taskId, [...(logs.get(e.taskId) ?? []), e]),
    saveTranscript: () => undefined,
    saveSubAgent: () => undefined,
    loadSubAgents: async () => [],
    remove: async (id) => void logs.delete(id),
  };
  return { p, logs };
}

/** The sandbox's side: undoes once, then (like the engine's EUNDONE) reports already undone. */
function sandbox(undoneBefore = false) {
  const calls: (LaterWorkAnswer | undefined)[] = [];
  let undone = undoneBefore;
  const undo = async (_folder: string, _id: string, answer?: LaterWorkAnswer): Promise<UndoResult> => {
    calls.push(answer);
    if (undone) return { undone: false, alreadyUndone: true };
    undone = true;
    return { undone: true };
  };
  return { undo, calls };
}

function backendOver(s: ReturnType<typeof store>, sb: ReturnType<typeof sandbox>, hub = new TaskEventHub()) {
  const b = new AgentBackend({
    hub,
    persistence: s.p,
    scheduler: queueScheduler(1),
    model: () => 'm',
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    renderTranscript: transcriptMarkdown,
    undo: sb.undo,
    taskOptions: async () => {
      throw new Error('not run here');
    },
  });
  return { b, hub };
}

describe('views: an undone task (status, menus, second undo)', () => {
  it('offers Undo before, says "undone" and offers it no more after, and a second undo is "already undone"', async () => {
    const s = store([finishedTask]);
    const sb = sandbox();
    const { b, hub } = backendOver(s, sb);
    await b.loadHistory();
    assert.match(contextValueOf(hub.list.get(ID)!), /\bundoable\b/);

    assert.deepEqual(await undoDeciding((a) => b.undo(ID, a), async () => undefined), { status: 'undone', overwritten: [], kept: [] });
    const log = s.logs.get(ID)!;
    assert.deepEqual(log.at(-1), { type: 'task.undone', keptLater: [], taskId: ID, seq: 6, at: log.at(-1)!.at }, 'persisted, numbered after the end');
    const t = hub.list.get(ID)!;
    assert.equal(t.undone, true);
    assert.doesNotMatch(contextValueOf(t), /\bundoable\b/, 'the tree menu (viewItem =~ /\\bundoable\\b/) no longer offers it');
    assert.match(contextValueOf(t), /\bundone\b/);
    const node = taskNode(t, 10);
    assert.match(node.description, /^undone · /);
    assert.match(node.tooltip, /Status: done \(undone/);
    assert.equal(reduceAll(ID, hub.eventsOf(ID)).undone, true, 'the sidebar hides its Undo button');

    assert.deepEqual(await undoDeciding((a) => b.undo(ID, a), async () => undefined), { status: 'alreadyUndone' });
    assert.equal(sb.calls.length, 1, 'the second undo does not even reach the sandbox');
    assert.equal(s.logs.get(ID)!.filter((e) => e.type === 'task.undone').length, 1);
  });

  it('stays undone after a reload (the event passes the store validator)', async () => {
    const s = store([finishedTask]);
    const first = backendOver(s, sandbox()).b;
    await first.loadHistory();
    assert.deepEqual(await first.undo(ID), { undone: true });
    const { b, hub } = backendOver(s, sandbox(true));
    await b.loadHistory();
    assert.equal(hub.list.get(ID)!.undone, true);
    assert.deepEqual(await b.undo(ID), { undone: false, alreadyUndone: true });
  });

  it('a task undone elsewhere (the CLI): the sandbox says already undone, and from then on the task says so too', async () => {
    const s = store([finishedTask]);
    const sb = sandbox(true);
    const { b, hub } = backendOver(s, sb);
    await b.loadHistory();
    assert.deepEqual(await b.undo(ID), { undone: false, alreadyUndone: true });
    assert.equal(hub.list.get(ID)!.undone, true);
    assert.doesNotMatch(contextValueOf(hub.list.get(ID)!), /\bundoable\b/);
  });

  it('keeping later work is recorded; a resumed run makes the task undoable again', async () => {
    const s = store([finishedTask]);
    const { b, hub } = backendOver(s, sandbox());
    await b.loadHistory();
    await b.undo(ID, { laterChanges: 'keep', shown: ['notes.txt'] });
    const undone = s.logs.get(ID)!.at(-1)!;
    assert.ok(undone.type === 'task.undone');
    assert.deepEqual(undone.keptLater, ['notes.txt']);
    hub.add({ type: 'status', status: 'running', taskId: ID, seq: undone.seq + 1, at: 20 });
    hub.add({ type: 'status', status: 'done', taskId: ID, seq: undone.seq + 2, at: 21 });
    assert.equal(hub.list.get(ID)!.undone, undefined);
    assert.match(contextValueOf(hub.list.get(ID)!), /\bundoable\b/);
    assert.equal(reduceAll(ID, hub.eventsOf(ID)).undone, undefined);
  });

  it('the validator refuses a malformed task.undone', () => {
    assert.equal(validateTaskEvent({ type: 'task.undone', keptLater: [], taskId: 'x', seq: 1, at: 1 }), null);
    assert.match(validateTaskEvent({ type: 'task.undone', keptLater: [3], taskId: 'x', seq: 1, at: 1 }) ?? '', /keptLater must be strings/);
    assert.match(validateTaskEvent({ type: 'task.undone', taskId: 'x', seq: 1, at: 1 }) ?? '', /keptLater/);
  });
});
