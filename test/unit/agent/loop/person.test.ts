import { strict as assert } from 'node:assert';
import type { ApprovalPolicy } from '../../../../src/agent/approval/approvalPolicy';
import { requireAgentSandbox, ASK_EVERY_BATCH, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

const editNotes = {
  reply: { content: [{ type: 'tool_use' as const, id: 'e', name: 'edit_file', input: { path: 'notes.txt', old_string: 'draft', new_string: 'final' } }] },
};

describe('agent loop: approvals, questions and redirects', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('an approved batch is applied', async () => {
    h = await setUp({ files: { 'notes.txt': 'draft\n' }, turns: [editNotes, { reply: { content: [{ type: 'text', text: 'Edited.' }] } }] });
    let whileWaiting = '';
    h.task.onEvent((e) => {
      if (e.type !== 'approval.needed') return;
      whileWaiting = h!.read('notes.txt');
      h!.task.decideApproval(e.approvalId, true);
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const needed = ofType(h.events, 'approval.needed');
    assert.equal(needed.length, 1);
    assert.ok('batch' in needed[0], 'expected a batch approval');
    assert.deepEqual(needed[0].batch.items.map((i) => [i.kind, i.path]), [['modified', 'notes.txt']]);
    // The policy's reason is what the person reads.
    assert.equal(needed[0].batch.summary, 'Apply 1 change to your folder?');
    assert.deepEqual(ofType(h.events, 'approval.decided').map((e) => e.approved), [true]);
    assert.equal(h.read('notes.txt'), 'final\n');
    // In the real sandbox the edit is staged: the person's file is untouched until approved.
    if (h.sandboxKind === 'namespace') assert.equal(whileWaiting, 'draft\n');
  });

  it('a refused batch is discarded and the model is told in the next message', async () => {
    h = await setUp({
      files: { 'notes.txt': 'draft\n' },
      turns: [editNotes, { match: { lastUserText: 'refused these staged changes' }, reply: { content: [{ type: 'text', text: 'Left it alone.' }] } }],
    });
    h.task.onEvent((e) => e.type === 'approval.needed' && h!.task.decideApproval(e.approvalId, false));
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.equal(h.read('notes.txt'), 'draft\n');
    assertTranscriptValid(h.task.transcript());
  });

  it('the policy decides without asking when it says run or refuse', async () => {
    const refuseAll: ApprovalPolicy = { ...ASK_EVERY_BATCH, decideBatch: () => ({ decision: 'refuse', rule: 'existing-files', reason: 'This test refuses every batch.' }) };
    h = await setUp({ policy: refuseAll, files: { 'notes.txt': 'draft\n' }, turns: [editNotes, { reply: { content: [{ type: 'text', text: 'ok' }] } }] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done');
    assert.equal(ofType(h.events, 'approval.needed').length, 0);
    assert.equal(h.read('notes.txt'), 'draft\n');
  });

  it('a question is asked, answered and the answer reaches the model', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'q', name: 'ask_user', input: { question: 'Which year?', choices: ['2024', '2025'] } }] } },
        { match: { toolResultFor: 'q', toolResultIncludes: '2025' }, reply: { content: [{ type: 'text', text: 'Using 2025.' }] } },
      ],
    });
    h.task.onEvent((e) => e.type === 'question.asked' && setTimeout(() => h!.task.answerQuestion(e.questionId, '2025'), 10));
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    const asked = ofType(h.events, 'question.asked');
    assert.deepEqual([asked[0].question, asked[0].choices], ['Which year?', ['2024', '2025']]);
    assert.deepEqual(ofType(h.events, 'question.answered').map((e) => e.answer), ['2025']);
    const statuses = ofType(h.events, 'status').map((e) => e.status);
    assert.ok(statuses.includes('waiting'));
  });

  it('a redirect reaches the model at its next turn, next to the tool results', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'text', text: 'Listing first. ' }, { type: 'tool_use', id: 'l', name: 'list_files', input: {} }], eventDelayMs: 5 } },
        { match: { toolResultFor: 'l', lastUserText: 'make it a CSV' }, reply: { content: [{ type: 'text', text: 'Will do CSV.' }] } },
      ],
    });
    let sent = false;
    h.task.onEvent((e) => {
      if (e.type === 'text.delta' && !sent) {
        sent = true;
        h!.task.redirect('make it a CSV instead');
      }
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.deepEqual(ofType(h.events, 'redirect').map((e) => e.text), ['make it a CSV instead']);
    assert.throws(() => h!.task.redirect('too late'), /finished/);
  });

  it('a redirect after the model ended its turn keeps the task going', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'text', text: 'All done.' }], eventDelayMs: 20 } },
        { match: { lastUserText: 'also sort it' }, reply: { content: [{ type: 'text', text: 'Sorted too.' }] } },
      ],
    });
    h.task.onEvent((e) => e.type === 'usage' && e.turn === 1 && h!.task.redirect('also sort it'));
    const r = await h.task.start();
    assert.equal(r.outcome, 'done');
    assert.equal(r.message, 'Sorted too.');
  });

  it('with the approval policy: new files apply without asking, a path outside the folder is refused', async () => {
    h = await setUp({
      realPolicy: 'default',
      turns: [
        {
          reply: {
            content: [
              { type: 'tool_use', id: 'new', name: 'write_file', input: { path: 'fresh.txt', content: 'new' } },
              { type: 'tool_use', id: 'out', name: 'write_file', input: { path: '../escape.txt', content: 'x' } },
            ],
          },
        },
        { match: { toolResultFor: ['new', 'out'], toolResultIncludes: 'Refused' }, reply: { content: [{ type: 'text', text: 'ok' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.equal(h.read('fresh.txt'), 'new');
    assert.equal(ofType(h.events, 'approval.needed').length, 0);
    const out = ofType(h.events, 'tool.finished').find((e) => e.callId === 'out')!;
    assert.equal(out.ok, false);
  });

  it('with the policy in alwaysAsk mode, a mutating call waits for the person and can be declined', async () => {
    h = await setUp({
      realPolicy: 'alwaysAsk',
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'maybe.txt', content: 'x' } }] } },
        { match: { toolResultIncludes: 'declined' }, reply: { content: [{ type: 'text', text: 'Understood.' }] } },
      ],
    });
    h.task.onEvent((e) => e.type === 'approval.needed' && h!.task.decideApproval(e.approvalId, false));
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.equal(h.exists('maybe.txt'), false);
    // The person is asked about the call itself: which tool, with which input, and why.
    const [asked] = ofType(h.events, 'approval.needed');
    assert.ok(asked && 'toolCall' in asked, 'expected a tool-call approval');
    assert.equal(asked.toolCall.callId, 'w');
    assert.equal(asked.toolCall.name, 'write_file');
    assert.deepEqual(asked.toolCall.input, { path: 'maybe.txt', content: 'x' });
    assert.match(asked.toolCall.summary, /maybe\.txt/);
    assert.match(asked.toolCall.reason, /ask before every change/);
  });
});
