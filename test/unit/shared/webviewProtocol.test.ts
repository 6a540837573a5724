import { strict as assert } from 'node:assert';
import { validateTaskEvent } from '../../../src/shared/taskEventValidator';
import { parseExtensionMessage, parseWebviewMessage } from '../../../src/shared/webviewProtocol';
import { eventLog, usage } from '../../support/eventLog';

describe('views: webview protocol validator', () => {
  const env = { folder: '/f', hasApiKey: true, trusted: true, planFirst: true };

  it('accepts every well-formed webview message', () => {
    const good = [
      { type: 'ready', selectedTaskId: null },
      { type: 'start', prompt: 'sort my files' },
      { type: 'select', taskId: 't' },
      { type: 'cancel', taskId: 't' },
      { type: 'redirect', taskId: 't', text: 'skip images' },
      { type: 'decidePlan', taskId: 't', decision: 'edited', feedback: 'also by year' },
      { type: 'decidePlan', taskId: 't', decision: 'approved' },
      { type: 'decideApproval', taskId: 't', approvalId: 'a', approved: false },
      { type: 'decideApproval', taskId: 't', approvalId: 'a', approved: true, choices: { 'notes/a.md': 'mine', 'b.txt': 'theirs', 'c d.txt': 'both' } },
      { type: 'answer', taskId: 't', questionId: 'q', answer: 'yes' },
      { type: 'answerForm', taskId: 't', formId: 'form-1', action: 'accept', values: { name: 'Ada', count: '3', ok: true, tools: ['a'] } },
      { type: 'answerForm', taskId: 't', formId: 'form-1', action: 'decline' },
      { type: 'openFile', taskId: 't', path: 'out/report.xlsx' },
      { type: 'taskAction', taskId: 't', action: 'undo' },
      { type: 'setApiKey' },
      { type: 'prepareSandbox' },
    ];
    for (const m of good) assert.deepEqual(parseWebviewMessage(m), { ok: true, value: m }, JSON.stringify(m));
  });

  it('rejects unknown and malformed webview messages with a reason', () => {
    const bad: [unknown, RegExp][] = [
      [null, /must be an object/],
      ['start', /must be an object/],
      [{ type: 'rm -rf' }, /unknown message type "rm -rf"/],
      [{ type: 'start' }, /start: prompt must be a string/],
      [{ type: 'decidePlan', taskId: 't', decision: 'maybe' }, /decision must be one of approved, edited, rejected/],
      [{ type: 'decideApproval', taskId: 't', approvalId: 'a', approved: 'yes' }, /approved must be a boolean/],
      [{ type: 'decideApproval', taskId: 't', approvalId: 'a', approved: true, choices: { 'a.md': 'overwrite' } }, /choices must map paths to one of mine, theirs, both/],
      [{ type: 'decideApproval', taskId: 't', approvalId: 'a', approved: true, choices: ['mine'] }, /choices must map paths/],
      [{ type: 'taskAction', taskId: 't', action: 'format-disk' }, /action must be one of/],
      [{ type: 'ready' }, /selectedTaskId must be a string or null/],
      [{ type: 'start', prompt: 'x'.repeat(1_000_001) }, /prompt must be a string/],
      [{ type: 'toString' }, /unknown message type/],
      [{ type: 'answerForm', taskId: 't', formId: 'f', action: 'submit' }, /action must be one of accept, decline, cancel/],
      [{ type: 'answerForm', taskId: 't', formId: 'f', action: 'accept', values: ['Ada'] }, /values must be an object/],
    ];
    for (const [m, re] of bad) {
      const r = parseWebviewMessage(m);
      assert.ok(!r.ok && re.test(r.error), `${JSON.stringify(m)?.slice(0, 80)} → ${JSON.stringify(r)}`);
    }
  });

  it('validates extension messages, including every event inside', () => {
    const l = eventLog('t');
    const events = [
      l.make({ type: 'task.created', title: 'T', prompt: 'p', folder: '/f', model: 'm' }),
      l.make({ type: 'usage', turn: 1, turnUsage: usage(0.1), total: usage(0.2) }),
      l.make({ type: 'question.asked', questionId: 'q', question: '?', choices: ['a', 'b'] }),
      l.make({ type: 'plan.proposed', plan: { summary: 's', steps: [], reads: [], creates: [], changes: [], deletes: [] } }),
    ];
    assert.ok(parseExtensionMessage({ type: 'init', env, tasks: [{ taskId: 't', title: 'T', status: 'running', createdAt: 1, costUsd: 0 }], selectedTaskId: 't', events }).ok);
    assert.ok(parseExtensionMessage({ type: 'events', events }).ok);
    assert.ok(parseExtensionMessage({ type: 'focusComposer' }).ok);
    assert.ok(parseExtensionMessage({ type: 'formErrors', taskId: 't', formId: 'form-1', errors: { email: 'Email must be an email address.' } }).ok);
    assert.ok(!parseExtensionMessage({ type: 'formErrors', taskId: 't', formId: 'form-1', errors: { email: 3 } }).ok);
    const form = { server: 'mail', message: 'Who?', fields: [{ key: 'to', title: 'To', kind: 'text', required: true }, { key: 'pet', title: 'Pet', kind: 'choice', required: false, options: [{ value: 'p1', label: 'Cats' }] }] };
    assert.equal(validateTaskEvent(l.make({ type: 'form.requested', formId: 'form-1', form } as never)), null);
    assert.match(String(validateTaskEvent(l.make({ type: 'form.requested', formId: 'form-1', form: { ...form, fields: [{ key: 'x', title: 'X', kind: 'slider', required: true }] } } as never))), /fields\[0\]: kind must be one of/);
    assert.match(String(validateTaskEvent(l.make({ type: 'form.requested', formId: 'form-1', form: { ...form, fields: [{ key: 'x', title: 'X', kind: 'choice', required: true }] } } as never))), /options must be a list/);
    assert.equal(validateTaskEvent(l.make({ type: 'form.answered', formId: 'form-1', action: 'accept', values: { to: 'a@b.c' } })), null);
    assert.match(String(validateTaskEvent(l.make({ type: 'form.answered', formId: 'form-1', action: 'maybe' } as never))), /action must be one of/);
    assert.ok(parseExtensionMessage({ type: 'notice', level: 'error', message: 'x' }).ok);

    const broken = (m: unknown, re: RegExp) => {
      const r = parseExtensionMessage(m);
      assert.ok(!r.ok && re.test(r.error), JSON.stringify(r));
    };
    broken({ type: 'events', events: [...events, { ...events[0], seq: 'x' }] }, /events\[4\]: seq must be a finite number/);
    broken({ type: 'events', events: [{ taskId: 't', seq: 9, at: 1, type: 'mystery' }] }, /unknown event type "mystery"/);
    broken({ type: 'init', env: { ...env, trusted: 'yes' }, tasks: [], selectedTaskId: null, events: [] }, /trusted must be a boolean/);
    broken({ type: 'tasks', tasks: [{ taskId: 't', title: 'T', status: 'exploded', createdAt: 1, costUsd: 0 }] }, /tasks\[0\]: status must be one of/);
    broken({ type: 'select', taskId: 5, events: [] }, /taskId must be a string or null/);
  });

  it('checks the nested shapes the UI reads field by field', () => {
    const l = eventLog('t');
    assert.match(validateTaskEvent(l.make({ type: 'plan.proposed', plan: { summary: 's' } } as never)) ?? '', /steps must be an array/);
    assert.match(validateTaskEvent(l.make({ type: 'usage', turn: 1, turnUsage: usage(0), total: { costUsd: 1 } } as never)) ?? '', /inputTokens/);
    assert.match(validateTaskEvent(l.make({ type: 'question.asked', questionId: 'q', question: '?', choices: [1] } as never)) ?? '', /choices must be strings/);
    assert.match(validateTaskEvent(l.make({ type: 'approval.needed', approvalId: 'a', batch: { summary: 's' } } as never)) ?? '', /items must be an array/);
    assert.equal(validateTaskEvent(l.make({ type: 'finished', outcome: 'done' })), null);
  });

  it('takes either variant of approval.needed: a batch or one tool call', () => {
    const l = eventLog('t');
    const toolCall = { callId: 'c1', name: 'send_mail', input: { to: 'a@b.c' }, summary: 'Send mail to a@b.c', reason: 'send_mail acts outside the sandbox; allow it?' };
    assert.equal(validateTaskEvent(l.make({ type: 'approval.needed', approvalId: 'a', toolCall })), null);
    assert.equal(validateTaskEvent(l.make({ type: 'approval.needed', approvalId: 'b', batch: { summary: 's', items: [] } })), null);
    assert.match(validateTaskEvent(l.make({ type: 'approval.needed', approvalId: 'c', toolCall: { ...toolCall, reason: 3 } } as never)) ?? '', /reason must be a string/);
    assert.match(validateTaskEvent(l.make({ type: 'approval.needed', approvalId: 'd' } as never)) ?? '', /needs a batch or a toolCall/);
  });
});
