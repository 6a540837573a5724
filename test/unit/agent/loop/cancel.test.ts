import { strict as assert } from 'node:assert';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: cancellation', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('between turns: stops before the next model call, transcript valid', async () => {
    h = await setUp({
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'l1', name: 'list_files', input: {} }] } },
        { reply: { content: [{ type: 'text', text: 'never reached' }] } },
      ],
    });
    h.task.onEvent((e) => e.type === 'tool.finished' && h!.task.cancel());
    const r = await h.task.start();
    assert.equal(r.outcome, 'cancelled');
    assert.equal(h.server.messageRequests().length, 1);
    const t = h.task.transcript();
    assert.equal(t.at(-1)!.role, 'user');
    assertTranscriptValid(t);
    assert.deepEqual(ofType(h.events, 'finished').map((e) => e.outcome), ['cancelled']);
    assert.equal(h.task.status, 'cancelled');
  });

  it('mid-stream: aborts the model stream at once', async () => {
    h = await setUp({
      turns: [{ reply: { content: [{ type: 'text', text: 'a long answer '.repeat(40) }], eventDelayMs: 50, textChunkSize: 4 } }],
    });
    h.task.onEvent((e) => e.type === 'text.delta' && h!.task.cancel());
    const r = await h.task.start();
    assert.equal(r.outcome, 'cancelled');
    // 560 characters in 4-character deltas: a stream played to the end would deliver 140.
    // (Counted rather than timed, so a loaded machine cannot fail it.)
    const deltas = ofType(h.events, 'text.delta').length;
    assert.ok(deltas < 20, `the stream went on after cancel: ${deltas} text deltas arrived`);
    const t = h.task.transcript();
    assert.equal(t.length, 1, 'the partial reply is not kept');
    assertTranscriptValid(t);
  });

  it('mid-tool: stops the running command and answers its tool_use', async () => {
    h = await setUp({
      turns: [
        {
          reply: {
            content: [
              { type: 'tool_use', id: 'slow', name: 'run_command', input: { command: 'sleep 30' } },
              { type: 'tool_use', id: 'after', name: 'write_file', input: { path: 'x.txt', content: 'x' } },
            ],
          },
        },
      ],
    });
    h.task.onEvent((e) => e.type === 'tool.started' && e.callId === 'slow' && setTimeout(() => h!.task.cancel(), 100));
    const t0 = Date.now();
    const r = await h.task.start();
    assert.equal(r.outcome, 'cancelled');
    // Not a speed target: well under the command's 30 s shows it was stopped, not waited for.
    assert.ok(Date.now() - t0 < 25_000, `waited for the command to finish (${Date.now() - t0} ms)`);
    const t = h.task.transcript();
    assertTranscriptValid(t);
    const results = (t.at(-1)!.content as Array<{ type: string; tool_use_id: string; is_error?: boolean; content: unknown }>).filter((b) => b.type === 'tool_result');
    assert.deepEqual(results.map((b) => b.tool_use_id), ['slow', 'after']);
    assert.ok(results.every((b) => b.is_error));
    assert.equal(h.exists('x.txt'), false, 'the later mutating call never ran');
  });

  it('while waiting for the person: a pending question is abandoned cleanly', async () => {
    h = await setUp({ turns: [{ reply: { content: [{ type: 'tool_use', id: 'q', name: 'ask_user', input: { question: 'Which year?' } }] } }] });
    h.task.onEvent((e) => e.type === 'question.asked' && h!.task.cancel());
    const r = await h.task.start();
    assert.equal(r.outcome, 'cancelled');
    assertTranscriptValid(h.task.transcript());
  });

  it('a tool that runs past its timeout is stopped and answered; the task goes on', async () => {
    h = await setUp({
      options: { toolTimeoutMs: 300 },
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'slow', name: 'run_command', input: { command: 'sleep 30' } }] } },
        { match: { toolResultFor: 'slow', toolResultIncludes: 'Timed out after 300 ms' }, reply: { content: [{ type: 'text', text: 'It hung; skipped.' }] } },
      ],
    });
    const t0 = Date.now();
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.ok(Date.now() - t0 < 25_000, `the command ran to its end instead of timing out (${Date.now() - t0} ms)`);
    const fin = ofType(h.events, 'tool.finished')[0];
    assert.equal(fin.ok, false);
  });
});
