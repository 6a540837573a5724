import * as assert from 'node:assert/strict';
import { applyChangesAction, toolCallAction } from '../../../../src/agent/approval/actions';
import { createApprovalPolicy } from '../../../../src/agent/approval/approvalPolicy';
import { decide, type ApprovalMode, type Decision, type PolicyRule, type StagedChange, type TaskPhase } from '../../../../src/agent/approval/policy';
import { createToolRegistry } from '../../../../src/agent/tools/registry';
import type { AgentTool } from '../../../../src/agent/tools/tool';

interface ToolRow {
  tool: string;
  readOnly: boolean;
  plannable?: boolean;
  sandboxed?: boolean;
  paths?: string[];
  phase: TaskPhase;
  mode: ApprovalMode;
  expect: Decision;
  rule: PolicyRule;
}

const toolRows: ToolRow[] = [
  // Planning: read-only runs, anything that mutates is refused whatever the mode.
  { tool: 'read_file', readOnly: true, paths: ['notes.md'], phase: 'planning', mode: 'default', expect: 'run', rule: 'read-only' },
  { tool: 'grep', readOnly: true, paths: ['.'], phase: 'planning', mode: 'alwaysAsk', expect: 'run', rule: 'read-only' },
  { tool: 'ask_user', readOnly: true, paths: [], phase: 'planning', mode: 'default', expect: 'run', rule: 'read-only' },
  // A plannable tool (delegate: research children only while planning) runs then, without asking even in alwaysAsk; afterwards it is a mutating call.
  { tool: 'delegate', readOnly: false, plannable: true, paths: [], phase: 'planning', mode: 'alwaysAsk', expect: 'run', rule: 'read-only' },
  { tool: 'delegate', readOnly: false, plannable: true, paths: ['../out.md'], phase: 'planning', mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'delegate', readOnly: false, plannable: true, paths: [], phase: 'running', mode: 'alwaysAsk', expect: 'ask', rule: 'always-ask' },
  { tool: 'write_file', readOnly: false, paths: ['out.md'], phase: 'planning', mode: 'default', expect: 'refuse', rule: 'planning-read-only' },
  { tool: 'write_file', readOnly: false, paths: ['out.md'], phase: 'planning', mode: 'neverAsk', expect: 'refuse', rule: 'planning-read-only' },
  { tool: 'delete', readOnly: false, paths: ['a.txt'], phase: 'planning', mode: 'alwaysAsk', expect: 'refuse', rule: 'planning-read-only' },
  { tool: 'run_command', readOnly: false, paths: ['.'], phase: 'planning', mode: 'default', expect: 'refuse', rule: 'planning-read-only' },
  { tool: 'mcp_send', readOnly: false, sandboxed: false, phase: 'planning', mode: 'neverAsk', expect: 'refuse', rule: 'planning-read-only' },
  // Working inside the sandbox: runs, writes are staged.
  { tool: 'write_file', readOnly: false, paths: ['out.md'], phase: 'running', mode: 'default', expect: 'run', rule: 'sandboxed' },
  { tool: 'edit_file', readOnly: false, paths: ['existing.md'], phase: 'running', mode: 'default', expect: 'run', rule: 'sandboxed' },
  { tool: 'delete', readOnly: false, paths: ['old/'], phase: 'running', mode: 'default', expect: 'run', rule: 'sandboxed' },
  { tool: 'move', readOnly: false, paths: ['a.txt', 'b/a.txt'], phase: 'running', mode: 'default', expect: 'run', rule: 'sandboxed' },
  { tool: 'run_command', readOnly: false, paths: ['.'], phase: 'running', mode: 'default', expect: 'run', rule: 'sandboxed' },
  { tool: 'read_file', readOnly: true, paths: ['/workspace/x.md'], phase: 'running', mode: 'default', expect: 'run', rule: 'read-only' },
  { tool: 'read_file', readOnly: true, paths: ['dir/../x.md'], phase: 'running', mode: 'default', expect: 'run', rule: 'read-only' },
  { tool: 'read_file', readOnly: true, paths: ['-rf file with spaces ü.md'], phase: 'running', mode: 'default', expect: 'run', rule: 'read-only' },
  // Outside the folder: refused, whatever the mode or phase.
  { tool: 'read_file', readOnly: true, paths: ['/etc/passwd'], phase: 'running', mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'read_file', readOnly: true, paths: ['../secret.txt'], phase: 'planning', mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'write_file', readOnly: false, paths: ['a/../../x'], phase: 'running', mode: 'neverAsk', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'move', readOnly: false, paths: ['a.txt', '/home/me/a.txt'], phase: 'running', mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'run_command', readOnly: false, paths: ['..'], phase: 'running', mode: 'alwaysAsk', expect: 'refuse', rule: 'outside-folder' },
  { tool: 'list_files', readOnly: true, paths: ['/workspace/../etc'], phase: 'running', mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  // 'alwaysAsk': every mutating call asks; reads still run.
  { tool: 'write_file', readOnly: false, paths: ['out.md'], phase: 'running', mode: 'alwaysAsk', expect: 'ask', rule: 'always-ask' },
  { tool: 'run_command', readOnly: false, paths: ['.'], phase: 'running', mode: 'alwaysAsk', expect: 'ask', rule: 'always-ask' },
  { tool: 'glob', readOnly: true, paths: ['.'], phase: 'running', mode: 'alwaysAsk', expect: 'run', rule: 'read-only' },
  // 'neverAsk' (CLI --yes): runs, but never past rules 1 and 2.
  { tool: 'delete', readOnly: false, paths: ['a.txt'], phase: 'running', mode: 'neverAsk', expect: 'run', rule: 'never-ask' },
  { tool: 'mcp_send', readOnly: false, sandboxed: false, phase: 'running', mode: 'neverAsk', expect: 'run', rule: 'never-ask' },
  // Tools acting outside the sandbox ask before mutating.
  { tool: 'mcp_send', readOnly: false, sandboxed: false, phase: 'running', mode: 'default', expect: 'ask', rule: 'outside-sandbox' },
  { tool: 'mcp_send', readOnly: false, sandboxed: false, phase: 'running', mode: 'alwaysAsk', expect: 'ask', rule: 'outside-sandbox' },
  { tool: 'mcp_lookup', readOnly: true, sandboxed: false, phase: 'running', mode: 'default', expect: 'run', rule: 'read-only' },
  { tool: 'mcp_lookup', readOnly: true, sandboxed: false, phase: 'planning', mode: 'default', expect: 'run', rule: 'read-only' },
];

const added = (path: string): StagedChange => ({ kind: 'added', path, existedBefore: false });
const modified = (path: string, existedBefore = true): StagedChange => ({ kind: 'modified', path, existedBefore });
const deleted = (path: string, existedBefore = true): StagedChange => ({ kind: 'deleted', path, existedBefore });
const renamed = (from: string, path: string, existedBefore = true): StagedChange => ({ kind: 'renamed', from, path, existedBefore });
const many = (n: number, f: (p: string) => StagedChange): StagedChange[] => Array.from({ length: n }, (_, i) => f(`photos/img_${i}.jpg`));

interface BatchRow {
  name: string;
  items: StagedChange[];
  mode: ApprovalMode;
  expect: Decision;
  rule: PolicyRule;
  askCount?: number;
}

const batchRows: BatchRow[] = [
  { name: 'empty batch', items: [], mode: 'default', expect: 'run', rule: 'nothing-to-apply' },
  { name: 'empty batch, alwaysAsk', items: [], mode: 'alwaysAsk', expect: 'run', rule: 'nothing-to-apply' },
  { name: 'one new file', items: [added('report.md')], mode: 'default', expect: 'run', rule: 'new-files-only' },
  { name: 'many new files', items: many(30, added), mode: 'default', expect: 'run', rule: 'new-files-only' },
  { name: 'file made and edited by the task', items: [modified('draft.md', false)], mode: 'default', expect: 'run', rule: 'new-files-only' },
  { name: 'file made and deleted by the task', items: [deleted('tmp.txt', false)], mode: 'default', expect: 'run', rule: 'new-files-only' },
  { name: 'overwrite an existing file', items: [modified('budget.xlsx')], mode: 'default', expect: 'ask', rule: 'existing-files', askCount: 1 },
  { name: 'delete an existing file', items: [deleted('old.txt')], mode: 'default', expect: 'ask', rule: 'existing-files', askCount: 1 },
  { name: 'move an existing file', items: [renamed('a.jpg', '2024/a.jpg')], mode: 'default', expect: 'ask', rule: 'existing-files', askCount: 1 },
  { name: '40 deletions: one approval', items: many(40, (p) => deleted(p)), mode: 'default', expect: 'ask', rule: 'existing-files', askCount: 40 },
  { name: 'mixed new and existing', items: [added('summary.md'), modified('notes.md'), deleted('junk.txt')], mode: 'default', expect: 'ask', rule: 'existing-files', askCount: 2 },
  { name: 'new files, alwaysAsk', items: [added('report.md')], mode: 'alwaysAsk', expect: 'ask', rule: 'always-ask', askCount: 1 },
  { name: 'deletions, neverAsk', items: many(40, (p) => deleted(p)), mode: 'neverAsk', expect: 'run', rule: 'never-ask' },
  { name: 'outside the folder', items: [added('../escape.txt')], mode: 'default', expect: 'refuse', rule: 'outside-folder' },
  { name: 'rename from outside, neverAsk', items: [renamed('/etc/hosts', 'hosts')], mode: 'neverAsk', expect: 'refuse', rule: 'outside-folder' },
  { name: 'odd names inside the folder', items: [added('-n\nnewline é.txt'), added(' leading space')], mode: 'default', expect: 'run', rule: 'new-files-only' },
];

describe('approval policy: tool calls', () => {
  for (const row of toolRows) {
    it(`${row.phase} ${row.mode}: ${row.tool} ${JSON.stringify(row.paths ?? [])} → ${row.expect}`, () => {
      const d = decide(
        { kind: 'toolCall', tool: row.tool, readOnly: row.readOnly, ...(row.plannable ? { plannable: true } : {}), sandboxed: row.sandboxed ?? true, paths: row.paths ?? [], phase: row.phase },
        { mode: row.mode },
      );
      assert.equal(d.decision, row.expect, d.reason);
      assert.equal(d.rule, row.rule);
      assert.ok(d.reason.length > 0);
    });
  }
});

describe('approval policy: change batches', () => {
  for (const row of batchRows) {
    it(`${row.mode}: ${row.name} → ${row.expect}`, () => {
      const d = decide({ kind: 'applyChanges', items: row.items }, { mode: row.mode });
      assert.equal(d.decision, row.expect, d.reason);
      assert.equal(d.rule, row.rule);
      if (row.askCount !== undefined) assert.equal(d.askFor?.length, row.askCount);
    });
  }

  it('explains a mixed batch in one sentence', () => {
    const d = decide({ kind: 'applyChanges', items: [...many(40, (p) => deleted(p)), modified('a.md'), added('b.md')] });
    assert.equal(d.reason, 'The task wants to delete 40 files and change 1 file that existed before it started.');
  });

  it('is pure: same input, same output, input untouched', () => {
    const items = [modified('x.md'), added('y.md')];
    const copy = structuredClone(items);
    assert.deepEqual(decide({ kind: 'applyChanges', items }), decide({ kind: 'applyChanges', items }));
    assert.deepEqual(items, copy);
  });
});

describe('approval actions', () => {
  const registry = createToolRegistry([
    {
      name: 'mcp_send',
      description: 'sends mail',
      inputSchema: { type: 'object', properties: {} },
      readOnly: false,
      describe: () => 'send',
      run: async () => ({ content: 'sent', summary: 'sent', files: [] }),
    } as AgentTool,
  ]);

  it('builds a tool call action from the registry', () => {
    const a = toolCallAction(registry, 'move', { from: 'a.txt', to: '../b.txt' }, 'running');
    assert.deepEqual(a, { kind: 'toolCall', tool: 'move', readOnly: false, sandboxed: true, paths: ['a.txt', '../b.txt'], phase: 'running' });
    assert.equal(decide(a).decision, 'refuse');
  });

  it('treats extra and unknown tools as unsandboxed', () => {
    assert.equal(toolCallAction(registry, 'mcp_send', {}, 'running').sandboxed, false);
    assert.equal(toolCallAction(registry, 'mcp_send', {}, 'running', ['mcp_send']).sandboxed, true);
    const unknown = toolCallAction(registry, 'nope', {}, 'running');
    assert.equal(unknown.readOnly, false);
    assert.equal(unknown.sandboxed, false);
    assert.equal(decide(unknown).decision, 'ask');
  });

  it('read_file during planning runs, write_file is refused', () => {
    assert.equal(decide(toolCallAction(registry, 'read_file', { path: 'a.md' }, 'planning')).decision, 'run');
    assert.equal(decide(toolCallAction(registry, 'write_file', { path: 'a.md', content: '' }, 'planning')).decision, 'refuse');
  });

  it('maps sandbox change items; only `added` counts as new by default', () => {
    const a = applyChangesAction([
      { kind: 'added', path: 'n.md' },
      { kind: 'renamed', path: 'b.md', from: 'a.md' },
    ]);
    assert.deepEqual(a.items, [
      { kind: 'added', path: 'n.md', existedBefore: false },
      { kind: 'renamed', path: 'b.md', from: 'a.md', existedBefore: true },
    ]);
    // The policy's reason is the one summary of a batch (what approval.needed shows).
    const policy = createApprovalPolicy({ mode: 'default' });
    assert.equal(policy.decideBatch([{ kind: 'deleted', path: 'x' }, { kind: 'deleted', path: 'y' }]).reason, 'The task wants to delete 2 files that existed before it started.');
    assert.equal(policy.decideBatch([{ kind: 'added', path: 'x' }]).reason, 'Only new files; nothing that existed before is touched.');
  });
});

describe('approval policy object', () => {
  it('decides batches the way the loop asks, reading settings at decision time', () => {
    let mode: ApprovalMode = 'default';
    const policy = createApprovalPolicy(() => ({ mode }));
    const batch = [{ kind: 'deleted' as const, path: 'a.txt' }];
    assert.equal(policy.decideBatch(batch).decision, 'ask');
    mode = 'neverAsk';
    assert.equal(policy.decideBatch(batch).decision, 'run');
    const newOnly = [{ kind: 'added' as const, path: 'n.md' }];
    mode = 'default';
    assert.equal(policy.decideBatch(newOnly).decision, 'run');
    const registry = createToolRegistry();
    assert.equal(policy.decideToolCall(registry, 'delete', { path: 'a' }, 'planning').decision, 'refuse');
    assert.equal(policy.decideToolCall(registry, 'delete', { path: 'a' }, 'running').decision, 'run');
  });
});
