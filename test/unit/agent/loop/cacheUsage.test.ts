import { strict as assert } from 'node:assert';
import { countBreakpoints } from '../../../../src/agent/loop/caching';
import { costOf } from '../../../../src/agent/loop/pricing';
import { requireAgentSandbox, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: prompt caching and usage accounting', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  const listTurn = (id: string) => ({ reply: { content: [{ type: 'tool_use' as const, id, name: 'list_files', input: { path: '.' } }] } });

  it('marks tools, system and the growing conversation, so later turns read mostly from cache', async () => {
    h = await setUp({
      files: { 'notes.md': 'some notes\n'.repeat(50) },
      turns: [listTurn('l1'), listTurn('l2'), listTurn('l3'), { reply: { content: [{ type: 'text', text: 'Done.' }] } }],
    });
    const result = await h.task.start();
    assert.equal(result.outcome, 'done', result.message);
    const reqs = h.server.messageRequests();
    assert.equal(reqs.length, 4);
    for (const r of reqs) {
      const body = r.body;
      assert.ok(body.tools!.at(-1)!.cache_control, 'last tool carries a breakpoint');
      assert.ok((body.system as Array<{ cache_control?: unknown }>).at(-1)!.cache_control, 'system carries a breakpoint');
      const lastUser = body.messages!.at(-1)!;
      assert.equal(lastUser.role, 'user');
      assert.ok((lastUser.content as Array<{ cache_control?: unknown }>).at(-1)!.cache_control, 'last user block carries a breakpoint');
      assert.ok(countBreakpoints(body) <= 4);
      assert.equal(r.body.stream, true);
    }
    // From the second request on, the prefix written by the previous one is read back.
    const usages = ofType(h.events, 'usage');
    assert.equal(usages.length, 4);
    for (const u of usages.slice(1)) {
      const input = u.turnUsage.inputTokens + u.turnUsage.cacheReadTokens + u.turnUsage.cacheWriteTokens;
      assert.ok(u.turnUsage.cacheReadTokens / input > 0.5, `turn ${u.turn}: ${JSON.stringify(u.turnUsage)}`);
    }
    assert.ok(usages[0].turnUsage.cacheWriteTokens > 0);
    assert.equal(usages[0].turnUsage.cacheReadTokens, 0);
  });

  it('sums per-turn usage into the task total and prices it for the model', async () => {
    h = await setUp({
      model: 'claude-sonnet-5-5',
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'l1', name: 'list_files', input: {} }], usage: { input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 2000, cache_read_input_tokens: 0 } } },
        { reply: { content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: 30, output_tokens: 10, cache_creation_input_tokens: 200, cache_read_input_tokens: 2000 } } },
      ],
    });
    const result = await h.task.start();
    assert.equal(result.outcome, 'done');
    const usages = ofType(h.events, 'usage');
    assert.deepEqual(
      usages.map((u) => [u.turnUsage.inputTokens, u.turnUsage.outputTokens, u.turnUsage.cacheWriteTokens, u.turnUsage.cacheReadTokens]),
      [
        [100, 50, 2000, 0],
        [30, 10, 200, 2000],
      ],
    );
    const total = usages[1].total;
    assert.deepEqual([total.inputTokens, total.outputTokens, total.cacheWriteTokens, total.cacheReadTokens], [130, 60, 2200, 2000]);
    // Sonnet 5.5: $2 in, $10 out, $2.50 cache write, $0.10 cache read per MTok.
    const expected = (130 * 2 + 60 * 10 + 2200 * 2.5 + 2000 * 0.1) / 1e6;
    assert.ok(Math.abs(total.costUsd - expected) < 1e-12, `${total.costUsd} vs ${expected}`);
    assert.ok(Math.abs(result.usage.costUsd - expected) < 1e-12);
    assert.equal(costOf('some-unknown-model', { inputTokens: 1e6, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }), 0);
    // Haiku 5.5 bills the whole request at the higher tier above 100k prompt tokens.
    assert.equal(costOf('claude-haiku-5-5', { inputTokens: 1e6, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }), 0.5);
    assert.equal(costOf('claude-haiku-5-5', { inputTokens: 1e5, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }), 0.01);
  });
});
