import { strict as assert } from 'node:assert';
import { textOf } from '../../../../src/agent/loop/transcript';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: model errors', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  const done = { reply: { content: [{ type: 'text' as const, text: 'All good.' }] } };

  it('honours retry-after on 429 and shows the wait', async () => {
    h = await setUp({ turns: [{ error: { status: 429, retryAfter: 7 } }, done] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const retries = ofType(h.events, 'retry');
    assert.equal(retries.length, 1);
    assert.equal(retries[0].delayMs, 7000);
    assert.match(retries[0].reason, /429/);
    assert.deepEqual(h.sleeps, [7000]);
    const statuses = ofType(h.events, 'status');
    const i = statuses.findIndex((e) => e.detail?.startsWith('retrying in 7s'));
    assert.ok(i >= 0);
    assert.deepEqual([statuses[i + 1].status, statuses[i + 1].detail], ['running', undefined], 'the retrying state clears once the request succeeds');
  });

  it('backs off with jitter on 529 and 500, growing each attempt', async () => {
    h = await setUp({ turns: [{ error: { status: 529 } }, { error: { status: 500 } }, { error: { status: 529 } }, done] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const retries = ofType(h.events, 'retry');
    assert.deepEqual(retries.map((e) => e.attempt), [1, 2, 3]);
    assert.match(retries[0].reason, /529/);
    assert.match(retries[1].reason, /500/);
    // random() is 0.5 in tests: 3/4 of base·2^(n-1).
    assert.deepEqual(h.sleeps, [750, 1500, 3000]);
  });

  it('retries a stream cut mid-way and an overload error inside the stream', async () => {
    h = await setUp({
      turns: [
        { cut: { afterEvents: 3, reply: { content: [{ type: 'text', text: 'partial text that will be lost' }] } } },
        { error: { status: 529, inStreamAfterEvents: 2 } },
        done,
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const reasons = ofType(h.events, 'retry').map((e) => e.reason);
    assert.equal(reasons.length, 2);
    assert.match(reasons[0], /connection|dropped|terminated/i);
    assert.match(reasons[1], /overload/i);
    // Only the successful reply made it into the transcript.
    const t = h.task.transcript();
    assert.equal(t.length, 2);
    assert.equal(textOf(t[1].content), 'All good.');
    assertTranscriptValid(t);
  });

  it('a stream that goes silent is dropped and retried', async () => {
    h = await setUp({
      options: { streamIdleMs: 300 },
      turns: [{ reply: { content: [{ type: 'text', text: 'slow slow slow' }], eventDelayMs: 2_000 } }, done],
    });
    const t0 = Date.now();
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
    const retries = ofType(h.events, 'retry');
    assert.equal(retries.length, 1);
    assert.match(retries[0].reason, /no data from the model/);
  });

  it('gives up after the retry limit with a clear message', async () => {
    h = await setUp({ turns: [{ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }], options: { retry: { maxAttempts: 3 } } });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /Gave up after 3 attempts/);
  });

  it('ends cleanly on 401 with nothing half-written', async () => {
    h = await setUp({ apiKey: 'wrong', requireApiKey: 'right', files: { 'keep.txt': 'x' }, turns: [done] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /401/);
    assert.match(r.message!, /ANTHROPIC_API_KEY/);
    assert.equal(ofType(h.events, 'retry').length, 0);
    const err = ofType(h.events, 'error');
    assert.equal(err.length, 1);
    assert.equal(err[0].fatal, true);
    assert.deepEqual(ofType(h.events, 'finished').map((e) => e.outcome), ['failed']);
    assert.equal(h.task.transcript().length, 1, 'only the request, no partial assistant message');
    assert.equal(h.task.status, 'failed');
  });

  it('ends cleanly on 400', async () => {
    h = await setUp({ turns: [{ error: { status: 400, message: 'messages: bad thing' } }] });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /400.*bad thing/);
    assert.equal(h.task.transcript().length, 1);
  });
});
