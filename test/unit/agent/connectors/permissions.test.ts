// What the person allows a connector, against the real server-everything over
// stdio: read-only tools ask unless allowed for that server, switched-off tools
// leave the task's list, a stopped server offers nothing until started again,
// and sampling requests are refused unless enabled, then answered through the
// task's own model client and shown as a step of the task.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { createApprovalPolicy } from '../../../../src/agent/approval/approvalPolicy';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { createConnectorRegistry } from '../../../../src/agent/connectors/connectorRegistry';
import { parsePermissions, permissionsFromFileText, withPermission, type PermissionTable } from '../../../../src/agent/connectors/permissions';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { realServerScript } from '../../../support/mcpServers';
import { ofType, requireAgentSandbox, setUp, type Harness } from '../../../support/agentHarness';

const vars = { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined };

describe('connectors: what the person allows each server', function () {
  this.timeout(60_000);

  it('parses the permission table; wrong values are problems and count as off', () => {
    const { table, problems } = parsePermissions(
      { a: { sampling: true, readOnlyWithoutAsking: true, disabledTools: ['x'] }, b: { sampling: 'yes', disabledTools: 'x', colour: 1 }, c: 3 },
      'cowork.mcp.permissions',
    );
    assert.deepEqual(table.a, { sampling: true, readOnlyWithoutAsking: true, disabledTools: ['x'] });
    assert.deepEqual(table.b, { sampling: false, readOnlyWithoutAsking: false, disabledTools: [] });
    assert.equal(table.c, undefined);
    assert.deepEqual(problems, [
      'cowork.mcp.permissions (b): "sampling" must be true or false',
      'cowork.mcp.permissions (b): "disabledTools" must be a list of tool names',
      'cowork.mcp.permissions (b): unknown permission "colour" (known: sampling, readOnlyWithoutAsking, disabledTools)',
      'cowork.mcp.permissions (c): expected an object like {"sampling": true}',
    ]);
    assert.deepEqual(permissionsFromFileText('{ // mine\n "mcpServers": {}, "permissions": {"m": {"sampling": true}} }', 'f').table.m.sampling, true);
    assert.deepEqual(parsePermissions([], 'f').problems, ['f: "permissions" must be an object of servers by name']);
    const before: PermissionTable = { m: { sampling: true, readOnlyWithoutAsking: false, disabledTools: ['a'] } };
    const after = withPermission(before, 'm', { disabledTools: ['a', 'b'] });
    assert.deepEqual(after.m, { sampling: true, readOnlyWithoutAsking: false, disabledTools: ['a', 'b'] });
    assert.deepEqual(before.m.disabledTools, ['a'], 'the old table is not changed');
  });

  describe('server-everything over stdio', () => {
    let set: ConnectorSet | undefined;
    let table: PermissionTable = {};
    afterEach(async () => {
      await set?.dispose();
      set = undefined;
      table = {};
    });
    async function everything(): Promise<ConnectorSet> {
      const parsed = parseConnectorConfig({ mcpServers: { everything: { command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } } }, { kind: 'userFile', source: 'test', project: false });
      const s = new ConnectorSet(parsed.servers, { variables: vars, trusted: true, approveProjectServer: async () => false, permissions: () => table });
      await s.startAll();
      assert.equal(s.statuses()[0].state, 'ready', s.statuses()[0].reason);
      return s;
    }

    it('a readOnlyHint tool asks unless read-only tools are allowed for the server; switched-off tools and a stopped server leave the list', async () => {
      set = await everything();
      const policy = createApprovalPolicy({ mode: 'default' });
      const registry = createConnectorRegistry([], set);
      const decision = () => policy.decideToolCall(registry, 'mcp__everything__echo', { message: 'hi' }, 'running');
      assert.deepEqual([decision().decision, decision().reason], ['ask', 'mcp__everything__echo says it only reads, but it acts outside the sandbox; allow it?']);
      // Read-only still lets it run while planning (after the question), unlike a tool that changes things.
      assert.equal(policy.decideToolCall(registry, 'mcp__everything__echo', { message: 'hi' }, 'planning').decision, 'ask');
      assert.equal(policy.decideToolCall(registry, 'mcp__everything__toggle-simulated-logging', {}, 'planning').decision, 'refuse');

      table = { everything: { sampling: false, readOnlyWithoutAsking: true, disabledTools: ['get-env'] } };
      set.permissionsChanged();
      assert.deepEqual([decision().decision, decision().rule], ['run', 'read-only']);
      assert.equal(policy.decideToolCall(registry, 'mcp__everything__toggle-simulated-logging', {}, 'running').decision, 'ask', 'a tool that is not read-only still asks');
      assert.ok(!registry.names().includes('mcp__everything__get-env'), 'a switched-off tool is not offered');
      assert.ok(registry.names().includes('mcp__everything__echo'));
      const listed = set.serverTools('everything');
      assert.deepEqual(listed.find((t) => t.mcpName === 'get-env'), { mcpName: 'get-env', title: 'Print Environment Tool', readOnlyHint: true, enabled: false });
      assert.equal(listed.find((t) => t.mcpName === 'echo')?.enabled, true);
      assert.equal(set.statuses()[0].toolCount, listed.length - 1);

      await set.stop('everything');
      assert.equal(set.statuses()[0].state, 'stopped');
      assert.ok(!registry.names().some((n) => n.startsWith('mcp__everything__')), 'a stopped server offers nothing');
      await set.start('everything');
      assert.equal(set.statuses()[0].state, 'ready');
      assert.ok(registry.names().includes('mcp__everything__echo'));
    });

    describe('sampling, in a task', () => {
      let h: Harness | undefined;
      before(function () {
        requireAgentSandbox(this);
      });
      afterEach(async () => {
        await h?.close();
        h = undefined;
      });

      it('refused with a clear error until the person enables it for the server; then answered by the task\'s model and shown as a step', async () => {
        set = await everything();
        const sample = (id: string, prompt: string) => ({ reply: { content: [{ type: 'tool_use' as const, id, name: 'mcp__everything__trigger-sampling-request', input: { prompt, maxTokens: 64 } }] } });
        h = await setUp({
          prompt: 'Ask the test server to sample twice.',
          realPolicy: 'neverAsk',
          extraTools: set.tools().map((t) => t.tool),
          turns: [
            sample('s1', 'first try'),
            { ...sample('s2', 'a haiku about folders'), match: { toolResultFor: 's1' } },
            // The server's sampling request: tool-less, its own system prompt, the server's words.
            { match: { systemIncludes: 'You are a helpful test server.', lastUserText: 'a haiku about folders' }, reply: { content: [{ type: 'text', text: 'Folders hold the day.' }] } },
            { match: { toolResultFor: 's2', toolResultIncludes: 'Folders hold the day.' }, reply: { content: [{ type: 'text', text: 'Sampled.' }] } },
          ],
        });
        // The person enables sampling for the server after the first refusal.
        h.task.onEvent((e) => {
          if (e.type === 'tool.finished' && e.callId === 's1') {
            table = withPermission(table, 'everything', { sampling: true });
            set!.permissionsChanged();
          }
        });
        const r = await h.task.start();
        assert.equal(r.outcome, 'done', r.message);
        assert.deepEqual(h.server.failures, []);
        const requests = h.server.messageRequests();
        const refused = JSON.stringify(requests[1].body.messages);
        assert.match(refused, /Cowork refused this sampling request: the person has not enabled sampling for connector \\"everything\\"/);
        assert.match(refused, /cowork\.mcp\.permissions/);
        const sampled = requests[2].body as { tools?: unknown[]; max_tokens: number; system: unknown };
        assert.deepEqual(sampled.tools ?? [], [], 'the sampling request carries no tools');
        assert.equal(sampled.max_tokens, 64);
        const steps = ofType(h.events, 'tool.finished').filter((e) => e.name === 'mcp_sampling');
        assert.equal(steps.length, 1);
        assert.match(steps[0].summary, /everything asked claude-haiku-5-5: Folders hold the day\./);
        assert.equal(ofType(h.events, 'tool.started').find((e) => e.name === 'mcp_sampling')?.summary, 'everything asks the model: Resource trigger-sampling-request context: a haiku about folders');
      });
    });
  });
});
