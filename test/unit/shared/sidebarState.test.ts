import { strict as assert } from 'node:assert';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { EventBatcher } from '../../../src/views/eventBatcher';
import { emptyTaskState, MAX_OUTPUT_CHARS, reduceAll, reduceTask, visibleSteps } from '../../../src/shared/sidebarState';
import { validateTaskEvent } from '../../../src/shared/taskEventValidator';
import { eventLog, usage } from '../../support/eventLog';

const plan = { summary: 'Sort by type', steps: ['list', 'move'], reads: ['.'], creates: ['Documents/'], changes: [], deletes: ['tmp.txt'] };

describe('views: sidebar state reducer', () => {
  it('folds a full task: text, tools, plan, approval, question, usage, sandbox, outputs, finish', () => {
    const l = eventLog('t');
    const events: TaskEvent[] = [
      l.make({ type: 'task.created', title: 'Organize', prompt: 'sort my files', folder: '/f', model: 'm' }),
      l.make({ type: 'status', status: 'planning' }),
      l.make({ type: 'sandbox', state: 'booting', driver: 'namespace', isolation: 'namespace' }),
      l.make({ type: 'sandbox', state: 'ready', driver: 'namespace', isolation: 'namespace' }),
      l.make({ type: 'text.delta', turn: 1, text: 'Looking ' }),
      l.make({ type: 'text.delta', turn: 1, text: 'around.' }),
      l.make({ type: 'tool.started', callId: 'c1', name: 'list_files', summary: 'list .', input: { path: '.' } }),
      l.make({ type: 'plan.proposed', plan }),
      l.make({ type: 'status', status: 'waiting' }),
    ];
    let s = reduceAll('t', events);
    assert.equal(s.title, 'Organize');
    assert.equal(s.status, 'waiting');
    assert.deepEqual(s.sandbox, { state: 'ready', driver: 'namespace', isolation: 'namespace', detail: undefined });
    assert.deepEqual(s.steps.map((x) => x.kind), ['text', 'tool', 'plan']);
    assert.equal(s.steps[0].kind === 'text' && s.steps[0].text, 'Looking around.');
    assert.equal(s.openPlan, s.steps[2].id);

    const more = [
      l.make({ type: 'plan.decided', decision: 'edited', feedback: 'by year too' }),
      l.make({ type: 'tool.finished', callId: 'c1', name: 'list_files', ok: true, summary: '3 files', output: 'a\nb\nc', files: [{ path: 'a', action: 'read' }] }),
      l.make({ type: 'question.asked', questionId: 'q', question: 'Keep duplicates?', choices: ['yes', 'no'] }),
      l.make({ type: 'question.answered', questionId: 'q', answer: 'no' }),
      l.make({ type: 'approval.needed', approvalId: 'a1', batch: { summary: '1 change', items: [{ kind: 'deleted', path: 'tmp.txt' }] } }),
      l.make({ type: 'usage', turn: 1, turnUsage: usage(0.01), total: usage(0.02) }),
      l.make({ type: 'output.created', path: 'Documents/a.pdf' }),
      l.make({ type: 'retry', attempt: 2, delayMs: 4000, reason: 'overloaded' }),
      l.make({ type: 'error', message: 'oops', fatal: false }),
    ];
    for (const e of more) s = reduceTask(s, e);
    const plans = s.steps.filter((x) => x.kind === 'plan');
    assert.ok(plans[0].kind === 'plan' && plans[0].decision === 'edited' && plans[0].feedback === 'by year too');
    assert.equal(s.openPlan, undefined);
    const tool = s.steps.find((x) => x.kind === 'tool');
    assert.ok(tool?.kind === 'tool' && tool.state === 'ok' && tool.result === '3 files' && tool.input.includes('"path": "."'));
    const q = s.steps.find((x) => x.kind === 'question');
    assert.ok(q?.kind === 'question' && q.answer === 'no' && s.openQuestion === undefined);
    assert.ok(s.openApproval);
    assert.equal(s.usage?.costUsd, 0.02);
    assert.deepEqual(s.outputs, ['Documents/a.pdf']);

    s = reduceTask(s, l.make({ type: 'finished', outcome: 'cancelled', message: 'by you' }));
    assert.equal(s.status, 'cancelled');
    assert.equal(s.openApproval, undefined, 'nothing stays open after the end');
    assert.deepEqual(s.steps.at(-1), { id: `s${l.seq - 1}`, kind: 'finished', outcome: 'cancelled', message: 'by you' });
  });

  it('a tool-call approval becomes an approval step naming the tool, its input and why', () => {
    const l = eventLog('t');
    const toolCall = { callId: 'c1', name: 'send_mail', input: { to: 'a@b.c' }, summary: 'Send mail to a@b.c', reason: 'send_mail acts outside the sandbox; allow it?' };
    let s = reduceAll('t', [l.make({ type: 'task.created', title: 'Mail', prompt: 'mail it', folder: '/f', model: 'm' }), l.make({ type: 'approval.needed', approvalId: 'a1', toolCall })]);
    const step = s.steps.find((x) => x.kind === 'approval');
    assert.ok(step?.kind === 'approval' && 'toolCall' in step, 'expected a tool-call approval step');
    assert.deepEqual(step.toolCall, toolCall);
    assert.equal(s.openApproval, step.id);
    s = reduceTask(s, l.make({ type: 'approval.decided', approvalId: 'a1', approved: false }));
    const decided = s.steps.find((x) => x.kind === 'approval');
    assert.equal(decided?.kind === 'approval' && decided.approved, false);
    assert.equal(s.openApproval, undefined);
  });

  it("a conflicting batch keeps each conflict's reason, and the approval step how the person settled each", () => {
    const l = eventLog('t');
    const items = [
      { path: 'a.md', kind: 'modified' as const, conflict: 'another task or you changed it' },
      { path: 'b.md', kind: 'modified' as const, conflict: 'another task or you changed it' },
      { path: 'c.md', kind: 'modified' as const },
    ];
    let s = reduceAll('t', [l.make({ type: 'task.created', title: 'T', prompt: 'p', folder: '/f', model: 'm' }), l.make({ type: 'approval.needed', approvalId: 'a1', batch: { summary: '2 files changed on disk', items } })]);
    const step = s.steps.find((x) => x.kind === 'approval');
    assert.ok(step?.kind === 'approval' && 'batch' in step);
    assert.deepEqual(step.batch.items.map((i) => i.conflict ?? null), ['another task or you changed it', 'another task or you changed it', null]);
    s = reduceTask(s, l.make({ type: 'approval.decided', approvalId: 'a1', approved: true, choices: { 'a.md': 'mine', 'b.md': 'theirs' } }));
    const decided = s.steps.find((x) => x.kind === 'approval');
    assert.ok(decided?.kind === 'approval');
    assert.deepEqual(decided.choices, { 'a.md': 'mine', 'b.md': 'theirs' });
  });

  it('web searches and cited sources become their own steps, and pass the event check the webview runs', () => {
    const l = eventLog('t');
    const events = [
      l.make({ type: 'web.searched', turn: 1, query: 'vat 2026', results: [{ title: 'VAT', url: 'https://tax.example/vat', pageAge: '1 day ago' }] }),
      l.make({ type: 'web.searched', turn: 1, query: 'too many', results: [], error: 'the search limit for this request was reached' }),
      l.make({ type: 'web.cited', turn: 1, sources: [{ url: 'https://tax.example/vat', title: 'VAT', citedText: '19%' }] }),
    ];
    for (const e of events) assert.equal(validateTaskEvent(e), null);
    assert.match(validateTaskEvent({ ...events[0], results: [{ title: 'no url' }] }) ?? '', /web\.searched: results\[0\]: url/);
    const s = reduceAll('t', events);
    assert.deepEqual(
      s.steps.map((x) => x.kind),
      ['search', 'search', 'sources'],
    );
    const failed = s.steps[1];
    assert.ok(failed.kind === 'search' && failed.error === 'the search limit for this request was reached');
    const sources = s.steps[2];
    assert.ok(sources.kind === 'sources' && sources.sources[0].citedText === '19%');
  });

  it('is immutable: only the changed step gets a new identity', () => {
    const l = eventLog('t');
    const s1 = reduceAll('t', [
      l.make({ type: 'tool.started', callId: 'a', name: 'x', summary: 'x', input: {} }),
      l.make({ type: 'text.delta', turn: 1, text: 'hi' }),
    ]);
    const s2 = reduceTask(s1, l.make({ type: 'text.delta', turn: 1, text: ' there' }));
    assert.notEqual(s1, s2);
    assert.equal(s1.steps[1].kind === 'text' && s1.steps[1].text, 'hi', 'old state untouched');
    assert.equal(s2.steps[0], s1.steps[0], 'unchanged step keeps identity');
    assert.notEqual(s2.steps[1], s1.steps[1]);
  });

  it('ignores events of other tasks and seqs already seen (replay + live overlap)', () => {
    const l = eventLog('t');
    const e = l.make({ type: 'redirect', text: 'go' });
    const s = reduceTask(emptyTaskState('t'), e);
    assert.equal(reduceTask(s, e), s);
    assert.equal(reduceTask(s, { ...e, taskId: 'other', seq: 99 }), s);
  });

  it('a new turn starts a new text step; huge tool output is clipped for display', () => {
    const l = eventLog('t');
    const s = reduceAll('t', [
      l.make({ type: 'text.delta', turn: 1, text: 'a' }),
      l.make({ type: 'text.delta', turn: 2, text: 'b' }),
      l.make({ type: 'tool.started', callId: 'c', name: 'run', summary: 'run', input: 'ls' }),
      l.make({ type: 'tool.finished', callId: 'c', name: 'run', ok: false, summary: 'exit 1', output: 'x'.repeat(MAX_OUTPUT_CHARS + 10), files: [] }),
    ]);
    assert.equal(s.steps.filter((x) => x.kind === 'text').length, 2);
    const tool = s.steps[2];
    assert.ok(tool.kind === 'tool' && tool.state === 'failed');
    assert.ok(tool.kind === 'tool' && tool.output!.length < MAX_OUTPUT_CHARS + 100 && tool.output!.endsWith('(10 more characters in the transcript)'));
  });

  it('2,000 steps fold fast and only the newest window is drawn', () => {
    const l = eventLog('t');
    const events: TaskEvent[] = [];
    for (let i = 0; i < 2000; i++) {
      events.push(l.make({ type: 'tool.started', callId: `c${i}`, name: 'read_file', summary: `file ${i}`, input: { path: `f${i}` } }));
      events.push(l.make({ type: 'tool.finished', callId: `c${i}`, name: 'read_file', ok: true, summary: 'ok', output: 'x'.repeat(500), files: [] }));
    }
    const t0 = performance.now();
    const s = reduceAll('t', events);
    const ms = performance.now() - t0;
    assert.equal(s.steps.length, 2000);
    assert.ok(s.steps.every((x) => x.kind === 'tool' && x.state === 'ok'));
    // Catches quadratic folding (minutes), not a speed target: a loaded CI worker may be slow.
    assert.ok(ms < 15_000, `folding 4,000 events took ${ms.toFixed(0)} ms`);
    const v = visibleSteps(s, 150);
    assert.equal(v.hidden, 1850);
    assert.equal(v.steps.length, 150);
    assert.equal(v.steps[149], s.steps[1999]);
    assert.deepEqual(visibleSteps(s, 5000).hidden, 0);
  });
});

describe('views: event batcher (text deltas to the webview)', () => {
  function fakeTimer() {
    const pending = new Map<number, () => void>();
    let next = 1;
    return {
      timer: { set: (fn: () => void) => (pending.set(next, fn), next++), clear: (h: unknown) => void pending.delete(h as number) },
      fire: () => [...pending.entries()].forEach(([h, fn]) => (pending.delete(h), fn())),
      get scheduled() {
        return pending.size;
      },
    };
  }

  it('merges consecutive deltas of one turn, keeps order, and sends once per interval', () => {
    const sent: TaskEvent[][] = [];
    const t = fakeTimer();
    const b = new EventBatcher((e) => sent.push(e), 64, t.timer);
    const l = eventLog('t');
    for (let i = 0; i < 100; i++) b.push(l.make({ type: 'text.delta', turn: 1, text: `${i},` }));
    b.push(l.make({ type: 'tool.started', callId: 'c', name: 'x', summary: 'x', input: {} }));
    b.push(l.make({ type: 'text.delta', turn: 1, text: 'after' }));
    b.push(l.make({ type: 'text.delta', turn: 2, text: 'next turn' }));
    assert.equal(sent.length, 0);
    assert.equal(t.scheduled, 1, 'one timer for the whole burst');
    t.fire();
    assert.equal(sent.length, 1);
    const [batch] = sent;
    assert.deepEqual(batch.map((e) => e.type), ['text.delta', 'tool.started', 'text.delta', 'text.delta']);
    const first = batch[0];
    assert.ok(first.type === 'text.delta' && first.text === Array.from({ length: 100 }, (_, i) => `${i},`).join(''));
    assert.equal(first.seq, 99, 'merged delta carries the newest seq');
    t.fire();
    assert.equal(sent.length, 1, 'nothing more to send');
  });

  it('a merged batch folds to the same state as the raw events', () => {
    const l = eventLog('t');
    const raw = [l.make({ type: 'task.created', title: 'T', prompt: 'p', folder: '/f', model: 'm' })];
    for (let i = 0; i < 50; i++) raw.push(l.make({ type: 'text.delta', turn: 1, text: `w${i} ` }));
    raw.push(l.make({ type: 'usage', turn: 1, turnUsage: usage(0.1), total: usage(0.1) }));
    const sent: TaskEvent[] = [];
    const b = new EventBatcher((e) => sent.push(...e), 64, { set: () => 1, clear: () => undefined });
    raw.forEach((e) => b.push(e));
    b.flush();
    assert.ok(sent.length < 5);
    // Step ids follow seqs, which merging compresses; everything shown is identical.
    const shown = (events: TaskEvent[]) => {
      const st = reduceAll('t', events);
      return { title: st.title, usage: st.usage, steps: st.steps.map(({ id: _id, ...rest }) => rest) };
    };
    assert.deepEqual(shown(sent), shown(raw));
  });

  it('streams at least 10 flushes a second with the real timer', async () => {
    const flushes: number[] = [];
    const b = new EventBatcher(() => flushes.push(Date.now()));
    const l = eventLog('t');
    const start = Date.now();
    while (Date.now() - start < 500) {
      b.push(l.make({ type: 'text.delta', turn: 1, text: 'x' }, 0));
      await new Promise((r) => setTimeout(r, 5));
    }
    b.flush();
    // ~7 expected; the lower bound is loose because CI machines are shared and timers drift.
    assert.ok(flushes.length >= 3 && flushes.length <= 12, `${flushes.length} flushes in 500 ms`);
  });

  it('clear drops what is buffered (a full replay replaces it)', () => {
    const sent: TaskEvent[][] = [];
    const b = new EventBatcher((e) => sent.push(e), 64, { set: () => 1, clear: () => undefined });
    b.push(eventLog('t').make({ type: 'redirect', text: 'x' }));
    b.clear();
    b.flush();
    assert.equal(sent.length, 0);
    assert.equal(b.pending, 0);
  });
});

describe('views: sidebar state reducer, connector forms', () => {
  it('a form opens as one step, stays open through other events, and closes with its answer', () => {
    const l = eventLog('t');
    const form = { server: 'mail', message: 'Who should get it?', fields: [{ key: 'to', title: 'To', kind: 'text' as const, required: true, format: 'email' as const }] };
    let s = reduceAll('t', [l.make({ type: 'task.created', title: 'Mail', prompt: 'p', folder: '/f', model: 'm' }), l.make({ type: 'form.requested', formId: 'form-1', form }), l.make({ type: 'status', status: 'waiting' })]);
    const step = s.steps.find((x) => x.kind === 'form');
    assert.ok(step?.kind === 'form' && step.formId === 'form-1' && step.action === undefined);
    assert.equal(s.openForm, step.id);
    s = reduceTask(s, l.make({ type: 'form.answered', formId: 'form-1', action: 'accept', values: { to: 'team@example.com' } }));
    const done = s.steps.find((x) => x.kind === 'form');
    assert.ok(done?.kind === 'form' && done.action === 'accept');
    assert.deepEqual(done.values, { to: 'team@example.com' });
    assert.notEqual(done, step, 'the answered step is a new object, so the webview redraws it');
    assert.equal(s.openForm, undefined);
    // A task that ends with a form still open (cancelled) leaves nothing open.
    s = reduceTask(s, l.make({ type: 'form.requested', formId: 'form-2', form }));
    assert.ok(s.openForm);
    s = reduceTask(s, l.make({ type: 'finished', outcome: 'cancelled' }));
    assert.equal(s.openForm, undefined);
  });
});
