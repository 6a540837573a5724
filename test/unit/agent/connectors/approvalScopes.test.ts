// Approval scopes for connector tools, through a real task: the scripted model
// calls tools of the fault server's "office" mode (a real MCP server over stdio)
// and the person answers "for this task", "always" or "once"; mail and calendar
// tools ask every time whatever was answered before.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ToolGrants, type GrantStore } from '../../../../src/agent/approval/toolGrants';
import { alwaysAsks, approvalKey } from '../../../../src/agent/connectors/connectorTool';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import type { ApprovalScope } from '../../../../src/shared/taskEvents';
import { faultServerScript } from '../../../support/mcpServers';
import { ofType, requireAgentSandbox, setUp, type Harness } from '../../../support/agentHarness';

const call = (id: string, name: string, input: Record<string, unknown>) => ({ reply: { content: [{ type: 'tool_use' as const, id, name, input }] } });

describe('connectors: approval scopes', function () {
  this.timeout(60_000);

  describe('which tools always ask, and what a grant is kept under', () => {
    it('mail and calendar tools always ask; others may be allowed wider', () => {
      for (const name of ['send_mail', 'sendEmail', 'send-message', 'reply_to_email', 'forward_message', 'create_event', 'createCalendarEvent', 'schedule_meeting', 'add_calendar_event', 'book_appointment'])
        assert.ok(alwaysAsks({ name }), name);
      for (const name of ['create_ticket', 'list_events', 'read_email', 'list_unread_mail', 'search_messages', 'update_issue', 'delete_file', 'draft_email'])
        assert.ok(!alwaysAsks({ name }), name);
      assert.ok(alwaysAsks({ name: 'do_it', title: 'Send an email' }), 'judged by title too');
    });

    it('a grant names the server definition: another command or another folder is another key', () => {
      const cfg = (command: string, source: string, project: boolean) =>
        parseConnectorConfig({ mcpServers: { office: { command } } }, { kind: project ? 'claudeMcpJson' : 'userFile', source, project }).servers[0];
      const a = approvalKey(cfg('node', '/a/.mcp.json', true), 'create_ticket');
      assert.notEqual(a, approvalKey(cfg('python', '/a/.mcp.json', true), 'create_ticket'));
      assert.notEqual(a, approvalKey(cfg('node', '/b/.mcp.json', true), 'create_ticket'));
      assert.notEqual(a, approvalKey(cfg('node', '/a/.mcp.json', true), 'close_ticket'));
      assert.equal(approvalKey(cfg('node', '/home/x/.cowork/mcp.json', false), 't'), approvalKey(cfg('node', '/home/x/.cowork/mcp.json', false), 't'));
    });

    it('ToolGrants: "task" lasts the object, "always" goes to the store, a scope not offered is ignored, a failing store says so', () => {
      const kept = new Set<string>();
      const store: GrantStore = { has: (k) => kept.has(k), add: (k) => void kept.add(k) };
      const wide = { key: 'k1', scopes: ['once', 'task', 'always'] as ApprovalScope[] };
      const narrow = { key: 'k2', scopes: ['once'] as ApprovalScope[] };
      const g = new ToolGrants(store);
      assert.equal(g.allows(wide), false);
      g.record(wide, { approved: true, scope: 'once' });
      assert.equal(g.allows(wide), false);
      g.record(narrow, { approved: true, scope: 'always' });
      assert.equal(g.allows(narrow), false);
      assert.equal(kept.size, 0);
      g.record(wide, { approved: false, scope: 'task' });
      assert.equal(g.allows(wide), false);
      g.record(wide, { approved: true, scope: 'task' });
      assert.equal(g.allows(wide), true);
      assert.equal(new ToolGrants(store).allows(wide), false, '"task" does not outlive the task');
      g.record({ ...wide, key: 'k3' }, { approved: true, scope: 'always' });
      assert.equal(new ToolGrants(store).allows({ ...wide, key: 'k3' }), true);
      // A kept "always" no longer counts once the tool asks every time.
      assert.equal(new ToolGrants(store).allows({ key: 'k3', scopes: ['once'] }), false);
      const broken = new ToolGrants({ has: () => false, add: () => { throw new Error('disk full'); } });
      assert.match(broken.record(wide, { approved: true, scope: 'always' }) ?? '', /disk full.*this task only/);
      assert.equal(broken.allows(wide), true);
    });
  });

  describe('in a task, against the office server', () => {
    before(function () {
      requireAgentSandbox(this);
    });
    let set: ConnectorSet | undefined;
    let h: Harness | undefined;
    let log = '';
    afterEach(async () => {
      await h?.close();
      await set?.dispose();
      h = set = undefined;
      if (log) fs.rmSync(path.dirname(log), { recursive: true, force: true });
    });

    async function office(): Promise<ConnectorSet> {
      log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-office-')), 'sent.jsonl');
      const parsed = parseConnectorConfig({ mcpServers: { office: { command: process.execPath, args: [faultServerScript(), 'office'], env: { FAULT_SENT_LOG: log } } } }, { kind: 'userFile', source: 'test', project: false });
      const s = new ConnectorSet(parsed.servers, { variables: { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined }, trusted: true, approveProjectServer: async () => false });
      await s.startAll();
      assert.equal(s.statuses()[0].state, 'ready', s.statuses()[0].reason);
      return s;
    }
    const done = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool?: string; to?: string }) : []);

    it('"for this task" covers the next create_ticket calls; send_mail asks every time and offers no scope', async () => {
      set = await office();
      h = await setUp({
        prompt: 'File two tickets and mail the team twice.',
        realPolicy: 'default',
        extraTools: set.tools().map((t) => t.tool),
        turns: [
          call('t1', 'mcp__office__create_ticket', { title: 'Printer jam' }),
          call('t2', 'mcp__office__create_ticket', { title: 'Badge reader' }),
          call('m1', 'mcp__office__send_mail', { to: 'team@example.com', subject: 'Tickets' }),
          call('m2', 'mcp__office__send_mail', { to: 'team@example.com', subject: 'Tickets again' }),
          { reply: { content: [{ type: 'text', text: 'Done.' }] } },
        ],
      });
      const answers: Record<string, ApprovalScope> = { mcp__office__create_ticket: 'task', mcp__office__send_mail: 'task' };
      h.task.onEvent((e) => {
        if (e.type === 'approval.needed' && 'toolCall' in e) h!.task.decideApproval(e.approvalId, true, answers[e.toolCall.name]);
      });
      const r = await h.task.start();
      assert.equal(r.outcome, 'done', r.message);
      assert.deepEqual(h.server.failures, []);
      const asked = ofType(h.events, 'approval.needed').map((e) => ('toolCall' in e ? e.toolCall : undefined)!);
      assert.deepEqual(asked.map((a) => a.name), ['mcp__office__create_ticket', 'mcp__office__send_mail', 'mcp__office__send_mail']);
      assert.deepEqual(asked[0].scopes, ['once', 'task', 'always']);
      assert.deepEqual(asked[0].connector, { server: 'office', tool: 'create_ticket' });
      assert.deepEqual(asked[0].input, { title: 'Printer jam' });
      assert.equal(asked[1].scopes, undefined, 'sending mail offers no wider yes');
      // The event says how far the yes reached; a scope that was not offered is not recorded.
      assert.deepEqual(ofType(h.events, 'approval.decided').map((e) => e.scope), ['task', undefined, undefined]);
      assert.deepEqual(done().map((d) => d.tool ?? `mail:${d.to}`), ['create_ticket', 'create_ticket', 'mail:team@example.com', 'mail:team@example.com']);
    });

    it('"always" is kept in the host\'s store and skips the question in the next task; a refusal sends nothing', async () => {
      set = await office();
      const kept = new Set<string>();
      const store: GrantStore = { has: (k) => kept.has(k), add: (k) => void kept.add(k) };
      const run = async (answer: (id: string) => void, ...turns: ReturnType<typeof call>[]) => {
        // The store is the host's, passed as the extension and the CLI pass it.
        h = await setUp({ prompt: 'File a ticket.', realPolicy: 'default', grantStore: store, extraTools: set!.tools().map((t) => t.tool), turns: [...turns, { reply: { content: [{ type: 'text', text: 'ok' }] } }] });
        h.task.onEvent((e) => e.type === 'approval.needed' && answer(e.approvalId));
        const r = await h.task.start();
        assert.equal(r.outcome, 'done', r.message);
        const events = h.events;
        await h.close();
        h = undefined;
        return events;
      };
      const first = await run((id) => h!.task.decideApproval(id, false), call('t0', 'mcp__office__create_ticket', { title: 'Refused' }));
      assert.equal(ofType(first, 'approval.needed').length, 1);
      assert.deepEqual(done(), []);
      const second = await run((id) => h!.task.decideApproval(id, true, 'always'), call('t1', 'mcp__office__create_ticket', { title: 'One' }));
      assert.equal(ofType(second, 'approval.decided')[0].scope, 'always');
      assert.equal(kept.size, 1);
      const third = await run((id) => h!.task.decideApproval(id, false), call('t2', 'mcp__office__create_ticket', { title: 'Two' }), call('m', 'mcp__office__create_event', { title: 'Review', start: '2026-12-02T13:00' }));
      // The ticket is not asked for again; create_event always asks, and is refused here.
      assert.deepEqual(ofType(third, 'approval.needed').map((e) => ('toolCall' in e ? e.toolCall.name : 'batch')), ['mcp__office__create_event']);
      assert.deepEqual(done().map((d) => d.tool), ['create_ticket', 'create_ticket']);
    });
  });
});
