import { strict as assert } from 'node:assert';
import { CONTINUE_AFTER_MAX_TOKENS } from '../../../../src/agent/loop/prompts';
import { textOf } from '../../../../src/agent/loop/transcript';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: stop reasons', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('max_tokens: keeps the finished text and continues the turn', async () => {
    h = await setUp({
      turns: [
        {
          reply: {
            content: [
              { type: 'text', text: 'Part one of a long report' },
              { type: 'tool_use', id: 'half', name: 'write_file', input: { path: 'r.md' } },
            ],
            stop_reason: 'max_tokens',
          },
        },
        { match: { lastUserText: 'cut off' }, reply: { content: [{ type: 'text', text: ', and part two.' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    h.server.assertComplete();
    const t = h.task.transcript();
    assert.equal(t.length, 4);
    assert.equal(textOf(t[1].content), 'Part one of a long report');
    assert.ok(!(t[1].content as Array<{ type: string }>).some((b) => b.type === 'tool_use'), 'the half-written tool call is dropped');
    assert.equal(textOf(t[2].content), CONTINUE_AFTER_MAX_TOKENS);
    assertTranscriptValid(t);
    assert.equal(h.exists('r.md'), false);
  });

  it('max_tokens: gives up after too many continuations in a row', async () => {
    const cut = { reply: { content: [{ type: 'text' as const, text: 'more' }], stop_reason: 'max_tokens' as const } };
    h = await setUp({ turns: [cut, cut, cut], options: { maxContinuations: 2 } });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /cut off 3 times/);
    assertTranscriptValid(h.task.transcript());
  });

  it('pause_turn: sends the paused reply back as-is and the model resumes', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'text', text: 'Working on it…' }], stop_reason: 'pause_turn' } },
        { match: { messageCount: 2 }, reply: { content: [{ type: 'text', text: ' finished.' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    h.server.assertComplete();
    const second = h.server.messageRequests()[1].body.messages!;
    assert.equal(second.at(-1)!.role, 'assistant');
    const t = h.task.transcript();
    assert.deepEqual(t.map((m) => m.role), ['user', 'assistant'], 'the continuation joins the paused message');
    assert.equal(textOf(t[1].content), 'Working on it… finished.');
  });

  it('refusal: shown to the person, task ends cleanly, transcript still valid', async () => {
    h = await setUp({ turns: [{ reply: { content: [{ type: 'text', text: 'I can’t help with that.' }], stop_reason: 'refusal' } }] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /declined.*can’t help/);
    assert.equal(ofType(h.events, 'text.delta').map((e) => e.text).join(''), 'I can’t help with that.');
    assert.equal(ofType(h.events, 'finished')[0].message, r.message);
    assert.deepEqual(h.task.transcript().map((m) => m.role), ['user']);
  });

  it('thinking blocks are sent back unchanged with the tool results', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'thinking', thinking: 'I should list first.', signature: 'sig-123' }, { type: 'tool_use', id: 'l', name: 'list_files', input: {} }] } },
        { reply: { content: [{ type: 'text', text: 'ok' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const assistant = h.server.messageRequests()[1].body.messages![1];
    const thinking = (assistant.content as Array<{ type: string; thinking?: string; signature?: string }>)[0];
    assert.deepEqual([thinking.type, thinking.thinking, thinking.signature], ['thinking', 'I should list first.', 'sig-123']);
  });
});
