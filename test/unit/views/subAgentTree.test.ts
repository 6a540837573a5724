// Sub-agents in the Tasks tree and the sidebar: children nest under their parent
// with their own status, time, cost and steps, folded from the parent's log.

import { strict as assert } from 'node:assert';
import { reduceAll } from '../../../src/shared/sidebarState';
import { validateTaskEvent } from '../../../src/shared/taskEventValidator';
import { TaskListModel } from '../../../src/views/taskListModel';
import { eventLog, usage } from '../../support/eventLog';

function parentLog() {
  const log = eventLog('p', 1_000_000);
  const events = [
    log.make({ type: 'task.created', title: 'Compare notes', prompt: 'compare', folder: '/f', model: 'm' }),
    log.make({ type: 'status', status: 'running' }),
    log.make({ type: 'tool.started', callId: 'd1', name: 'delegate', summary: 'Delegate 2 sub-tasks: alpha, beta', input: {} }),
    log.make({ type: 'subagent.started', childId: 'c1', name: 'alpha', brief: 'Read a.txt', model: 'claude-haiku-5-5' }),
    log.make({ type: 'subagent.started', childId: 'c2', name: 'beta', brief: 'Read b.txt', model: 'claude-haiku-5-5' }),
    log.make({ type: 'subagent.step', childId: 'c1', name: 'alpha', state: 'running', text: 'Read a.txt', callId: 'r1' }),
    log.make({ type: 'subagent.step', childId: 'c2', name: 'beta', state: 'running', text: 'Read b.txt', callId: 'r1' }),
    log.make({ type: 'subagent.step', childId: 'c1', name: 'alpha', state: 'ok', text: 'Read a.txt (lines 1-1 of 1)', callId: 'r1' }, 2_000),
    log.make({ type: 'subagent.finished', childId: 'c1', name: 'alpha', outcome: 'done', report: 'apples', files: ['notes/a.md'], usage: usage(0.25) }, 3_000),
  ];
  return { log, events };
}

describe('views: sub-agents under their parent', () => {
  it('every sub-agent event passes the contract check; a bad one names its field', () => {
    for (const e of parentLog().events) assert.equal(validateTaskEvent(e), null, e.type);
    const bad = { ...parentLog().events[8], files: [3] };
    assert.equal(validateTaskEvent(bad), 'subagent.finished: files must be strings');
    assert.match(validateTaskEvent({ ...parentLog().events[5], state: 'maybe' }) ?? '', /subagent\.step: state/);
  });

  it('the Tasks tree nests children with status, time, cost and their own steps', () => {
    const m = new TaskListModel();
    const { events } = parentLog();
    for (const e of events) m.apply(e);
    const task = m.children({ kind: 'group', id: 'running', label: '', count: 1 }, 1_010_000)[0];
    assert.equal(task.kind === 'task' && task.expandable, true);
    const nodes = m.children(task, 1_010_000);
    const kids = nodes.filter((n) => n.kind === 'subagent');
    assert.deepEqual(kids.map((k) => k.label), ['alpha', 'beta']);
    const [alpha, beta] = kids;
    assert.ok(alpha.kind === 'subagent' && beta.kind === 'subagent');
    assert.match(alpha.description, /^done · .* · \$0\.25$/);
    assert.match(beta.description, /^running · /);
    assert.equal(beta.icon.id, 'sync~spin');
    // alpha's read replaced its running line; beta's is still running.
    assert.deepEqual(m.children(alpha, 1_010_000).map((s) => (s.kind === 'step' ? `${s.label}|${s.icon.id}` : '?')), ['Read a.txt (lines 1-1 of 1)|check']);
    assert.deepEqual(m.children(beta, 1_010_000).map((s) => (s.kind === 'step' ? s.icon.id : '?')), ['loading~spin']);
  });

  it("a running child's cost follows subagent.usage in the tree and its lane; a bad one names its field", () => {
    const m = new TaskListModel();
    const { log, events } = parentLog();
    const spent = log.make({ type: 'subagent.usage', childId: 'c2', name: 'beta', usage: usage(0.5) });
    assert.equal(validateTaskEvent(spent), null);
    assert.match(validateTaskEvent({ ...spent, usage: { costUsd: 'lots' } }) ?? '', /inputTokens|costUsd/);
    for (const e of [...events, spent]) m.apply(e);
    const beta = m.get('p')!.children.find((c) => c.name === 'beta')!;
    assert.deepEqual([beta.status, beta.costUsd], ['running', 0.5]);
    const lane = reduceAll('p', [...events, spent]).steps.find((st) => st.kind === 'subagent' && st.name === 'beta');
    assert.equal(lane?.kind === 'subagent' && lane.usage?.costUsd, 0.5);
  });

  it('a parent that ends leaves no child running (cancel or reload mid-way)', () => {
    const m = new TaskListModel();
    const { log, events } = parentLog();
    for (const e of events) m.apply(e);
    m.apply(log.make({ type: 'finished', outcome: 'cancelled' }));
    assert.deepEqual(m.get('p')!.children.map((c) => c.status), ['done', 'cancelled']);
  });

  it('a child resumed after a reload runs again under the same id: one row, one lane, moved to where it continues', () => {
    const m = new TaskListModel();
    const { log, events } = parentLog();
    const interrupted = log.make({ type: 'finished', outcome: 'cancelled', message: 'Interrupted when VS Code closed. Resume to continue.' });
    const resumed = [
      log.make({ type: 'status', status: 'running' }),
      log.make({ type: 'tool.started', callId: 'd1', name: 'delegate', summary: 'Delegate 2 sub-tasks: alpha, beta', input: {} }),
      log.make({ type: 'subagent.started', childId: 'c2', name: 'beta', brief: 'Read b.txt', model: 'claude-haiku-5-5' }),
    ];
    for (const e of [...events, interrupted]) m.apply(e);
    assert.deepEqual(m.get('p')!.children.map((c) => c.status), ['done', 'cancelled']);
    let s = reduceAll('p', [...events, interrupted]);
    assert.deepEqual(s.steps.filter((st) => st.kind === 'subagent').map((l) => l.kind === 'subagent' && l.state), ['done', 'cancelled'], 'no lane left spinning');
    for (const e of resumed) m.apply(e);
    const task = m.children({ kind: 'group', id: 'running', label: '', count: 1 }, 1_010_000)[0];
    const ids = m.children(task, 1_010_000).map((n) => (n.kind === 'step' ? `step:${n.stepId}` : n.kind === 'subagent' ? `subagent:${n.childId}` : n.kind));
    assert.deepEqual(ids, [...new Set(ids)], 'the re-run delegate call is one row: VS Code refuses a tree with two items of one id');
    const beta = m.get('p')!.children.find((c) => c.name === 'beta')!;
    assert.equal(m.get('p')!.children.length, 2);
    assert.equal(beta.status, 'running');
    assert.equal(beta.endedAt, undefined);
    assert.equal(beta.startedAt, events[4].at, 'its time runs from its first start');
    s = reduceAll('p', [...events, interrupted, ...resumed]);
    const lanes = s.steps.filter((st) => st.kind === 'subagent');
    assert.deepEqual(lanes.map((l) => l.kind === 'subagent' && `${l.name}:${l.state}`), ['alpha:done', 'beta:running']);
    assert.equal(s.steps.at(-1), lanes[1], "beta's lane moved to the end of the timeline");
    assert.deepEqual(lanes[1].kind === 'subagent' && lanes[1].lines.map((l) => l.text), ['Read b.txt'], 'its earlier lines kept');
  });

  it('the sidebar shows each child as a lane with its lines, report and files', () => {
    const s = reduceAll('p', parentLog().events);
    const lanes = s.steps.filter((st) => st.kind === 'subagent');
    assert.equal(lanes.length, 2);
    const [alpha] = lanes;
    assert.ok(alpha.kind === 'subagent');
    assert.equal(alpha.state, 'done');
    assert.equal(alpha.report, 'apples');
    assert.deepEqual(alpha.files, ['notes/a.md']);
    assert.deepEqual(alpha.lines.map((l) => l.state), ['running', 'ok']);
  });
});
