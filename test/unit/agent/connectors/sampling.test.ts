// A connector's sampling request, allowed for its server, answered by the model
// its modelPreferences point at among the task's configured ones (hints first,
// then cost / speed / intelligence priorities), with maxTokens capped and the
// request shown, model and reason included, in the task's steps. The chooser on
// its own, then the fault server's `sample` tool in a real task against the
// scripted model server.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { MAX_SAMPLING_TOKENS } from '../../../../src/agent/connectors/sampling';
import { chooseSamplingModel } from '../../../../src/agent/connectors/samplingModel';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { faultServerScript } from '../../../support/mcpServers';
import { ofType, requireAgentSandbox, setUp, type Harness } from '../../../support/agentHarness';

const models = { main: 'claude-sonnet-5-5', small: 'claude-haiku-5-5' };

describe('connectors: sampling model preferences', () => {
  it('hints pick a configured model by part of its name, in the order given; unknown names are passed over', () => {
    assert.deepEqual(chooseSamplingModel({ hints: [{ name: 'sonnet' }] }, models), { model: 'claude-sonnet-5-5', why: 'the server\'s hint "sonnet"' });
    assert.equal(chooseSamplingModel({ hints: [{ name: 'gpt-4o' }, { name: 'claude-haiku' }, { name: 'sonnet' }] }, models).model, 'claude-haiku-5-5');
    // Both match "claude": the priorities settle it.
    assert.equal(chooseSamplingModel({ hints: [{ name: 'Claude' }], intelligencePriority: 0.9 }, models).model, 'claude-sonnet-5-5');
    assert.equal(chooseSamplingModel({ hints: [{ name: 'claude' }] }, models).model, 'claude-haiku-5-5');
    const none = chooseSamplingModel({ hints: [{ name: 'gemini' }] }, models);
    assert.equal(none.model, 'claude-haiku-5-5');
    assert.match(none.why, /hints "gemini" name no configured model/);
  });

  it('priorities weigh cost, speed and intelligence; none at all keeps the small model', () => {
    assert.equal(chooseSamplingModel({ intelligencePriority: 1 }, models).model, 'claude-sonnet-5-5');
    assert.equal(chooseSamplingModel({ speedPriority: 0.8, intelligencePriority: 0.3 }, models).model, 'claude-haiku-5-5');
    assert.equal(chooseSamplingModel({ costPriority: 1, intelligencePriority: 0.6 }, models).model, 'claude-haiku-5-5');
    assert.equal(chooseSamplingModel({ costPriority: 0.1, speedPriority: 0.1, intelligencePriority: 0.9 }, models).model, 'claude-sonnet-5-5');
    assert.equal(chooseSamplingModel({ costPriority: 0.1, speedPriority: 0.1, intelligencePriority: 0.9 }, { main: 'claude-opus-5-5', small: 'claude-sonnet-5-5' }).model, 'claude-opus-5-5');
    assert.match(chooseSamplingModel({ intelligencePriority: 1 }, models).why, /priorities \(intelligence 1\)/);
    assert.deepEqual(chooseSamplingModel(undefined, models), { model: 'claude-haiku-5-5', why: 'the small model, the default for sampling' });
    assert.equal(chooseSamplingModel({ costPriority: 7, speedPriority: -3 }, models).model, 'claude-haiku-5-5', 'out-of-range priorities are clamped to 0–1');
    // One configured model: nothing to choose.
    assert.equal(chooseSamplingModel({ intelligencePriority: 1 }, { main: 'claude-haiku-5-5', small: 'claude-haiku-5-5' }).model, 'claude-haiku-5-5');
  });

  describe('in a task, against the scripted model server', () => {
    let h: Harness | undefined;
    let set: ConnectorSet | undefined;
    before(function () {
      requireAgentSandbox(this);
    });
    afterEach(async () => {
      await h?.close();
      await set?.dispose();
      h = undefined;
      set = undefined;
    });

    it('each request goes to the model its preferences chose, maxTokens capped, and shows as a step', async function () {
      this.timeout(60_000);
      const parsed = parseConnectorConfig({ mcpServers: { f: { command: process.execPath, args: [faultServerScript(), 'asks'] } } }, { kind: 'userFile', source: 'test', project: false });
      set = new ConnectorSet(parsed.servers, {
        variables: { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined },
        trusted: true,
        approveProjectServer: async () => false,
        permissions: () => ({ f: { sampling: true, readOnlyWithoutAsking: true, disabledTools: [] } }),
      });
      await set.startAll();
      assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
      const sample = (id: string, input: Record<string, unknown>) => ({ content: [{ type: 'tool_use' as const, id, name: 'mcp__f__sample', input }] });
      const answer = (text: string) => ({ content: [{ type: 'text' as const, text }] });
      h = await setUp({
        prompt: 'Let the server ask the model three times.',
        realPolicy: 'neverAsk',
        extraTools: set.tools().map((t) => t.tool),
        turns: [
          { match: { lastUserText: 'Let the server ask' }, reply: sample('s1', { prompt: 'P1 by hint', maxTokens: 50, modelPreferences: { hints: [{ name: 'sonnet' }] } }) },
          { match: { lastUserText: 'P1 by hint' }, reply: answer('one') },
          { match: { toolResultFor: 's1' }, reply: sample('s2', { prompt: 'P2 be quick', maxTokens: 100_000, modelPreferences: { speedPriority: 0.9, costPriority: 0.5, intelligencePriority: 0.1 } }) },
          { match: { lastUserText: 'P2 be quick' }, reply: answer('two') },
          { match: { toolResultFor: 's2' }, reply: sample('s3', { prompt: 'P3 think hard', maxTokens: 200, modelPreferences: { hints: [{ name: 'gpt-4o' }], intelligencePriority: 1 } }) },
          { match: { lastUserText: 'P3 think hard' }, reply: answer('three') },
          { match: { toolResultFor: 's3' }, reply: answer('Sampled three times.') },
        ],
      });
      const r = await h.task.start();
      assert.equal(r.outcome, 'done', r.message);
      assert.deepEqual(h.server.failures, []);
      const requests = h.server.messageRequests().map((q) => q.body as { model: string; max_tokens: number; tools?: unknown[]; messages: unknown[] });
      const sampled = (prompt: string) => requests.find((q) => JSON.stringify(q.messages).includes(prompt) && (q.tools ?? []).length === 0)!;
      assert.deepEqual([sampled('P1 by hint').model, sampled('P1 by hint').max_tokens], ['claude-sonnet-5-5', 50]);
      assert.deepEqual([sampled('P2 be quick').model, sampled('P2 be quick').max_tokens], ['claude-haiku-5-5', MAX_SAMPLING_TOKENS]);
      assert.deepEqual([sampled('P3 think hard').model, sampled('P3 think hard').max_tokens], ['claude-sonnet-5-5', 200]);
      // The server hears which model answered.
      const results = JSON.stringify(requests.at(-1)!.messages);
      assert.match(results, /sampled by claude-sonnet-5-5: one/);
      assert.match(results, /sampled by claude-haiku-5-5: two/);
      assert.match(results, /sampled by claude-sonnet-5-5: three/);
      const started = ofType(h.events, 'tool.started').filter((e) => e.name === 'mcp_sampling');
      assert.equal(started.length, 3);
      const detail = started.map((e) => (e.input as { request: string }).request);
      assert.match(detail[0], /^model: claude-sonnet-5-5, chosen by the server's hint "sonnet"\nmax tokens: 50\n/);
      assert.match(detail[1], /^model: claude-haiku-5-5, chosen by the server's priorities \(cost 0\.5, speed 0\.9, intelligence 0\.1\)\nmax tokens: 4096 \(the server asked for 100000; capped at 4096\)/);
      assert.match(detail[2], /^model: claude-sonnet-5-5, chosen by the server's priorities \(intelligence 1\)/);
      assert.match(started[0].summary, /^f asks the model: P1 by hint$/);
      const finished = ofType(h.events, 'tool.finished').filter((e) => e.name === 'mcp_sampling');
      assert.deepEqual(finished.map((e) => e.summary), ['f asked claude-sonnet-5-5: one', 'f asked claude-haiku-5-5: two', 'f asked claude-sonnet-5-5: three']);
    });
  });
});
