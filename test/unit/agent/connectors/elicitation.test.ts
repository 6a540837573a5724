// Elicitation from a real server: server-everything's trigger-elicitation-request
// (registered only because the client declares the capability) asks its form
// through the task's questions; "Decline" declines, and a call with no one to
// ask is declined without a question.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { createConnectorRegistry } from '../../../../src/agent/connectors/connectorRegistry';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import type { SandboxSession } from '../../../../src/sandbox/session';
import { realServerScript } from '../../../support/mcpServers';
import { textOf, toolContext } from '../../../support/toolContext';

describe('connectors: elicitation from server-everything', function () {
  this.timeout(60_000);
  let set: ConnectorSet | undefined;
  after(async () => set?.dispose());

  it('the form reaches the person as questions; answers and defaults go back; Decline declines', async () => {
    const parsed = parseConnectorConfig({ mcpServers: { everything: { command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } } }, { kind: 'userFile', source: 'test', project: false });
    set = new ConnectorSet(parsed.servers, { variables: { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined }, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const tool = 'mcp__everything__trigger-elicitation-request';
    assert.ok(registry.get(tool), 'server-everything offers the tool only to a client that declares elicitation');
    const answers: Record<string, string> = { 'String:': 'Ada Lovelace', 'Boolean:': 'yes', 'Integer:': '7' };
    const ctx = toolContext({} as SandboxSession, async (q, choices) => {
      if (choices?.includes('Answer')) return 'Answer';
      const hit = Object.keys(answers).find((k) => q.startsWith(`everything: ${k.slice(0, -1)} —`));
      return hit ? answers[hit] : '';
    });
    const out = await registry.run(tool, {}, ctx);
    assert.equal(out.isError, undefined, textOf(out));
    assert.match(ctx.questions[0].question, /^Connector everything asks: Please provide inputs/);
    assert.deepEqual(ctx.questions[0].choices, ['Answer', 'Decline']);
    assert.ok(ctx.questions.some((q) => q.choices?.includes('Monica')), 'an enum field is asked with its choices');
    const text = textOf(out);
    assert.match(text, /Ada Lovelace/);
    assert.match(text, /It was a dark and stormy night/, 'an empty answer takes the default');
    assert.match(text, /"integer": 7/);

    const declined = toolContext({} as SandboxSession, async () => 'Decline');
    const no = await registry.run(tool, {}, declined);
    assert.equal(declined.questions.length, 1);
    assert.match(textOf(no), /declin/i);
  });
});
