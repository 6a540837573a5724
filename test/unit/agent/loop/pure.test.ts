// The pure pieces of the loop, checked directly (the end-to-end suites cover how they combine).
import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { countBreakpoints, withCacheBreakpoints } from '../../../../src/agent/loop/caching';
import { CLEARED_PLACEHOLDER, compactTranscript } from '../../../../src/agent/loop/compaction';
import { backoffDelay, classifyModelError, DEFAULT_RETRY_POLICY } from '../../../../src/agent/loop/retry';
import { Transcript, type MessageParam } from '../../../../src/agent/loop/transcript';
import { parseArgs } from '../../../../src/cli/args';

const live = new AbortController().signal;

describe('agent loop: pure parts', () => {
  it('classifies errors: abort cancels, connection drops retry, 4xx are fatal', () => {
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(classifyModelError(new Error('x'), aborted.signal).kind, 'cancelled');
    assert.equal(classifyModelError(new Anthropic.APIConnectionError({ message: 'reset' }), live).kind, 'retry');
    assert.equal(classifyModelError(new TypeError('terminated'), live).kind, 'retry');
    const h = new Headers({ 'retry-after': '3' });
    const r429 = classifyModelError(Anthropic.APIError.generate(429, { error: { type: 'rate_limit_error', message: 'slow down' } }, undefined, h), live);
    assert.deepEqual(r429, { kind: 'retry', reason: 'rate limited (429)', retryAfterMs: 3000 });
    const r404 = classifyModelError(Anthropic.APIError.generate(404, { error: { type: 'not_found_error', message: 'no such model' } }, undefined, new Headers()), live);
    assert.equal(r404.kind, 'fatal');
    assert.match((r404 as { message: string }).message, /404: no such model/);
  });

  it('backs off exponentially with jitter, honours and caps retry-after', () => {
    const p = { ...DEFAULT_RETRY_POLICY, random: () => 1 };
    assert.deepEqual([1, 2, 3, 8].map((n) => backoffDelay(p, n)), [1000, 2000, 4000, 60000]);
    assert.equal(backoffDelay({ ...p, random: () => 0 }, 1), 500);
    assert.equal(backoffDelay(p, 1, 2500), 2500);
    assert.equal(backoffDelay(p, 1, 10 * 60_000), 60_000);
  });

  it('adds at most four breakpoints to copies, never to the stored messages', () => {
    const messages: MessageParam[] = [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
      { role: 'user', content: [{ type: 'text', text: 'third' }] },
    ];
    const before = JSON.stringify(messages);
    const out = withCacheBreakpoints([{ name: 't', input_schema: { type: 'object' } }], [{ type: 'text', text: 'sys' }], messages);
    assert.equal(JSON.stringify(messages), before);
    assert.equal(countBreakpoints(out), 4);
    assert.equal(JSON.stringify(out.messages[0]).includes('cache_control'), false);
    assert.ok(JSON.stringify(out.messages[2]).includes('cache_control'));
    assert.ok(JSON.stringify(out.messages[4]).includes('cache_control'));
  });

  it('keeps tool_result blocks first when user content is merged', () => {
    const t = new Transcript([{ role: 'user', content: 'go' }]);
    t.addAssistant([{ type: 'tool_use', id: 'a', name: 'x', input: {} }]);
    t.addUser([{ type: 'text', text: 'note' }]);
    t.addUser([{ type: 'tool_result', tool_use_id: 'a', content: 'r' }]);
    const last = t.last()!.content as Array<{ type: string }>;
    assert.deepEqual(last.map((b) => b.type), ['tool_result', 'text']);
    assert.equal(t.unansweredToolUses().length, 0);
    t.addAssistant([]);
    assert.equal(t.length, 3, 'an empty assistant message is never stored');
  });

  it('compaction keeps the request, preserved tools and recent results', async () => {
    const use = (id: string, name: string) => ({ role: 'assistant' as const, content: [{ type: 'tool_use' as const, id, name, input: {} }] });
    const res = (id: string, text: string) => ({ role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: id, content: text }] });
    const messages: MessageParam[] = [
      { role: 'user', content: 'the request' },
      use('s', 'activate_skill'),
      res('s', 'SKILL TEXT'),
      use('r1', 'read_file'),
      res('r1', 'old content'),
      use('r2', 'read_file'),
      res('r2', 'recent 1'),
      use('r3', 'read_file'),
      res('r3', 'recent 2'),
    ];
    const r = await compactTranscript(messages, { contextWindow: 100, threshold: 0.5, keepRecentUserMessages: 2, preserveTools: new Set(['activate_skill']) });
    assert.equal(r.cleared, 1);
    const text = JSON.stringify(messages);
    assert.ok(text.includes('the request') && text.includes('SKILL TEXT') && text.includes('recent 1') && text.includes('recent 2'));
    assert.ok(!text.includes('old content') && text.includes(CLEARED_PLACEHOLDER));
    const again = await compactTranscript(messages, { contextWindow: 100, threshold: 0.5, keepRecentUserMessages: 2, preserveTools: new Set(['activate_skill']) });
    assert.equal(again.cleared, 0, 'nothing left to clear');
  });

  it('parses the CLI arguments and explains bad ones', () => {
    assert.deepEqual(parseArgs(['run', 'do it', '--folder', 'd', '--no', '--model', 'm', '--no-plan']), {
      command: 'run', prompt: 'do it', folder: 'd', review: 'no', model: 'm', smallModel: undefined, plan: false, driver: 'auto', writeBudgetBytes: 10 * 1024 ** 3, subAgentDepth: 1,
    });
    assert.equal((parseArgs(['run', 'a', '--folder', 'd', '--subagent-depth', '0']) as { subAgentDepth: number }).subAgentDepth, 0);
    assert.equal((parseArgs(['run', 'a', '--folder', 'd', '--subagent-depth', '-1']) as { message: string }).message, '--subagent-depth must be 0, 1, 2 or 3.');
    assert.equal((parseArgs(['run', 'a', '--folder', 'd', '--write-budget', '500M']) as { writeBudgetBytes: number }).writeBudgetBytes, 500 * 1024 ** 2);
    assert.equal((parseArgs(['run', 'a', '--folder', 'd'], { COWORK_WRITE_BUDGET: 'off' }) as { writeBudgetBytes: number }).writeBudgetBytes, 0);
    assert.equal((parseArgs(['run', 'a', '--folder', 'd'], { COWORK_SANDBOX_DRIVER: 'namespace' }) as { driver: string }).driver, 'namespace');
    assert.match(JSON.stringify(parseArgs(['run', 'a', '--folder', 'd', '--driver', 'docker'])), /--driver must be one of/);
    assert.deepEqual(parseArgs([]), { command: 'help' });
    assert.match(JSON.stringify(parseArgs(['walk'])), /Unknown command/);
    assert.match(JSON.stringify(parseArgs(['run', 'a', 'b', '--folder', 'd'])), /Only one task text/);
    assert.match(JSON.stringify(parseArgs(['run', 'a', '--folder'])), /--folder needs/);
    assert.match(JSON.stringify(parseArgs(['run', 'a', '--folder', 'd', '--fast'])), /Unknown option --fast/);
  });
});
