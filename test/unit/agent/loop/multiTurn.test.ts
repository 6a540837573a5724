import { strict as assert } from 'node:assert';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: multi-turn task through the real SDK', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('runs parallel read-only calls, writes a file, and ends with a summary', async () => {
    h = await setUp({
      files: { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' },
      prompt: 'Combine a.txt and b.txt into combined.txt',
      turns: [
        {
          reply: {
            content: [
              { type: 'text', text: 'Reading both files.' },
              { type: 'tool_use', id: 'read_a', name: 'read_file', input: { path: 'a.txt' } },
              { type: 'tool_use', id: 'read_b', name: 'read_file', input: { path: 'b.txt' } },
            ],
          },
        },
        {
          match: { toolResultFor: ['read_a', 'read_b'], toolResultIncludes: 'beta' },
          reply: { content: [{ type: 'tool_use', id: 'write', name: 'write_file', input: { path: 'combined.txt', content: 'alpha\nbeta\n' } }] },
        },
        { match: { toolResultFor: 'write' }, reply: { content: [{ type: 'text', text: 'Created combined.txt.' }] } },
      ],
    });
    const result = await h.task.start();
    assert.equal(result.outcome, 'done', result.message);
    assert.equal(result.message, 'Created combined.txt.');
    assert.equal(h.read('combined.txt'), 'alpha\nbeta\n');
    assert.deepEqual(h.server.failures, []);
    h.server.assertComplete();

    // Both reads started before either finished: they ran in parallel.
    const kinds = h.events.filter((e) => e.type === 'tool.started' || e.type === 'tool.finished').map((e) => `${e.type}:${(e as { callId: string }).callId}`);
    assert.deepEqual(kinds.slice(0, 2), ['tool.started:read_a', 'tool.started:read_b']);
    assert.ok(ofType(h.events, 'output.created').some((e) => e.path === 'combined.txt'));
    assert.equal(ofType(h.events, 'turn.started').length, 3);
    assert.equal(ofType(h.events, 'text.delta').map((e) => e.text).join(''), 'Reading both files.Created combined.txt.');
    const seqs = h.events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i));
    assert.equal(h.events.at(-1)?.type, 'finished');
    const sandbox = h.events.find((e) => e.type === 'sandbox');
    assert.ok(sandbox && sandbox.type === 'sandbox' && sandbox.state === 'ready');
    if (h.sandboxKind === 'namespace') assert.equal(sandbox.driver, 'namespace');
    assertTranscriptValid(h.task.transcript());
  });

  it('a sandbox that cannot start ends the task with a clear message and no model call', async () => {
    h = await setUp({
      turns: [{ reply: { content: [{ type: 'text', text: 'unused' }] } }],
      openSession: async () => {
        throw new Error('bwrap: No permissions to create new namespace');
      },
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'failed');
    assert.match(r.message!, /sandbox could not start: bwrap/);
    assert.equal(h.server.messageRequests().length, 0);
    const sb = ofType(h.events, 'sandbox');
    assert.deepEqual(sb.map((e) => e.state), ['failed']);
    assert.deepEqual(ofType(h.events, 'finished').map((e) => e.outcome), ['failed']);
  });
});
