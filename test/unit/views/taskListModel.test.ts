import { strict as assert } from 'node:assert';
import { TaskListModel, applyToSummary, contextValueOf, MAX_STEPS, type TreeNode } from '../../../src/views/taskListModel';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { eventLog, usage } from '../../support/eventLog';

function created(taskId: string, title: string, start = 1_000_000) {
  const log = eventLog(taskId, start);
  return { log, first: log.make({ type: 'task.created', title, prompt: `do ${title}`, folder: '/work/f', model: 'm' }) };
}

describe('views: task list model (Tasks tree)', () => {
  it('puts tasks into the five groups in fixed order, omitting empty ones', () => {
    const m = new TaskListModel();
    const statuses = ['waiting', 'running', 'queued', 'done', 'failed', 'cancelled', 'planning'] as const;
    statuses.forEach((status, i) => {
      const { log, first } = created(`t${i}`, `task ${status}`, 1_000_000 + i * 10_000);
      m.apply(first);
      m.apply(log.make({ type: 'status', status }));
    });
    const groups = m.children(undefined, 2_000_000).map((g) => (g.kind === 'group' ? `${g.label}:${g.count}` : '?'));
    assert.deepEqual(groups, ['Waiting for you:1', 'Running:2', 'Queued:1', 'Done:1', 'Failed or cancelled:2']);

    const only = new TaskListModel();
    only.apply(created('x', 'x').first);
    assert.deepEqual(only.groups().map((g) => g.id), ['queued']);
  });

  it('shows title, status icon, elapsed time and cost; elapsed stops at the end', () => {
    const m = new TaskListModel();
    const { log, first } = created('a', 'Organize Downloads');
    m.apply(first);
    m.apply(log.make({ type: 'status', status: 'running' }));
    m.apply(log.make({ type: 'usage', turn: 1, turnUsage: usage(0.5), total: usage(1.234) }, 60_000));
    const running = m.children({ kind: 'group', id: 'running', label: '', count: 1 }, first.at + 125_000)[0];
    assert.equal(running.kind, 'task');
    if (running.kind !== 'task') return;
    assert.equal(running.label, 'Organize Downloads');
    assert.equal(running.description, '2m 05s · $1.23');
    assert.equal(running.icon.id, 'sync~spin');

    m.apply(log.make({ type: 'finished', outcome: 'done' }, 5_000));
    const done = m.children({ kind: 'group', id: 'done', label: '', count: 1 }, first.at + 999_999)[0];
    assert.ok(done.kind === 'task' && done.description === '1m 06s · $1.23', JSON.stringify(done));
    assert.ok(done.kind === 'task' && done.icon.id === 'pass' && done.icon.color === 'testing.iconPassed');
  });

  it('says what a waiting task needs and counts waiting tasks for the badge', () => {
    const m = new TaskListModel();
    const a = created('a', 'A');
    m.apply(a.first);
    m.apply(a.log.make({ type: 'plan.proposed', plan: { summary: 's', steps: [], reads: [], creates: [], changes: [], deletes: [] } }));
    m.apply(a.log.make({ type: 'status', status: 'waiting' }));
    const b = created('b', 'B', 2_000_000);
    m.apply(b.first);
    m.apply(b.log.make({ type: 'question.asked', questionId: 'q', question: 'which?' }));
    m.apply(b.log.make({ type: 'status', status: 'waiting' }));
    assert.equal(m.waitingCount(), 2);
    const items = m.children({ kind: 'group', id: 'waiting', label: '', count: 2 }, b.log.at);
    assert.deepEqual(
      items.map((i) => (i.kind === 'task' ? i.description.split(' · ')[0] : '')),
      ['question for you', 'plan to review'], // newest first
    );
    m.apply(b.log.make({ type: 'question.answered', questionId: 'q', answer: 'x' }));
    m.apply(b.log.make({ type: 'status', status: 'running' }));
    assert.equal(m.waitingCount(), 1);
  });

  it('queued tasks keep arrival order; other groups are newest first', () => {
    const m = new TaskListModel();
    for (const [id, t] of [['old', 1_000], ['new', 9_000]] as const) m.apply(created(id, id, t).first);
    assert.deepEqual(m.children({ kind: 'group', id: 'queued', label: '', count: 2 }, 0).map((n) => (n.kind === 'task' ? n.taskId : '')), ['old', 'new']);
  });

  it('context values drive the menus: cancel while active, retry/resume/undo/delete after', () => {
    const { log, first } = created('a', 'A');
    let s = applyToSummary(undefined, first);
    s = applyToSummary(s, log.make({ type: 'status', status: 'running' }));
    assert.match(contextValueOf(s), /\bcancellable\b/);
    assert.doesNotMatch(contextValueOf(s), /\b(retryable|undoable|deletable)\b/);
    s = applyToSummary(s, log.make({ type: 'tool.finished', callId: 'c', name: 'write_file', ok: true, summary: '', output: '', files: [{ path: 'a.txt', action: 'created' }] }));
    s = applyToSummary(s, log.make({ type: 'output.created', path: 'a.txt' }));
    s = applyToSummary(s, log.make({ type: 'finished', outcome: 'failed', message: 'boom' }));
    const flags = contextValueOf(s).split(' ');
    for (const f of ['task', 'retryable', 'resumable', 'undoable', 'deletable', 'hasOutputs']) assert.ok(flags.includes(f), f);
    assert.ok(!flags.includes('cancellable'));
    assert.equal(s.lastError, 'boom');
  });

  it('steps expand below a task, newest kept, with a pointer to the earlier ones', () => {
    const m = new TaskListModel();
    const { log, first } = created('a', 'A');
    m.apply(first);
    for (let i = 0; i < MAX_STEPS + 5; i++) {
      m.apply(log.make({ type: 'tool.started', callId: `c${i}`, name: 'read_file', summary: `read ${i}`, input: {} }));
      m.apply(log.make({ type: 'tool.finished', callId: `c${i}`, name: 'read_file', ok: i % 2 === 0, summary: '', output: '', files: [] }));
    }
    const task = m.children({ kind: 'group', id: 'queued', label: '', count: 1 }, 0)[0] as Extract<TreeNode, { kind: 'task' }>;
    assert.equal(task.expandable, true);
    const steps = m.children(task, 0);
    assert.equal(steps.length, MAX_STEPS + 1);
    assert.deepEqual(steps[0], { kind: 'more', taskId: 'a', label: '5 earlier steps (open in sidebar)' });
    const last = steps[steps.length - 1];
    assert.ok(last.kind === 'step' && last.label === `read ${MAX_STEPS + 4}` && last.icon.id === 'check');
    const failed = steps[steps.length - 2];
    assert.ok(failed.kind === 'step' && failed.icon.id === 'close');
  });

  it('ignores replayed events and still lists a log whose first event is missing', () => {
    const m = new TaskListModel();
    const { log, first } = created('a', 'A');
    const running = log.make({ type: 'status', status: 'running' });
    assert.equal(m.apply(running), true);
    assert.equal(m.get('a')?.title, 'Task a');
    assert.equal(m.apply(running), false);
    assert.equal(m.apply(first), false, 'older seq than what was seen');
  });

  it('the hub loads history, dedupes live events, and forgets deleted tasks', () => {
    const hub = new TaskEventHub();
    const changes: string[] = [];
    hub.onChange((c) => changes.push(c.kind));
    const { log, first } = created('a', 'A');
    const second = log.make({ type: 'status', status: 'done' });
    hub.load([[second, first]]);
    assert.deepEqual(hub.eventsOf('a').map((e) => e.seq), [0, 1]);
    hub.add(second);
    assert.equal(hub.eventsOf('a').length, 2);
    hub.add(log.make({ type: 'redirect', text: 'x' }));
    assert.equal(hub.eventsOf('a').length, 3);
    hub.remove('a');
    assert.equal(hub.has('a'), false);
    assert.equal(hub.list.get('a'), undefined);
    assert.deepEqual(changes, ['loaded', 'event', 'removed']);
  });
});
