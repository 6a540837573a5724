// The approval policy: for each action, run it, ask the person first, or refuse.
// A pure function of the action and the settings, so it can be table-tested and
// reasoned about in one place. The rules, most binding first:
//
//  1. Planning is read-only: a mutating tool during planning is refused.
//  2. A path outside the task folder is refused: the sandbox guest cannot see
//     anything else, so asking would offer a choice that cannot be honoured.
//  3. 'neverAsk' (CLI --yes) runs everything else.
//  4. A tool whose effects leave the sandbox (e.g. an extension's extra tool)
//     asks before it mutates anything; one that only claims to read (a connector's
//     readOnlyHint the person has not accepted for that server) asks as well.
//  5. 'alwaysAsk' asks before every mutating tool call and every change batch.
//  6. Read-only calls run; so do mutating calls inside the sandbox: their
//     writes are staged or new.
//  7. A change batch applies without asking when it only adds new files (or
//     touches files the task itself created); deleting, overwriting or moving a
//     file that existed before the task asks, once for the whole batch.

import type { ChangeItem, TaskStatus } from '../../shared/taskEvents';
import { isOutsideFolder } from '../tools/paths';

export type Decision = 'run' | 'ask' | 'refuse';
export type ApprovalMode = 'default' | 'alwaysAsk' | 'neverAsk';
/** The two phases a task's loop runs in, named as its status names them. */
export type TaskPhase = Extract<TaskStatus, 'planning' | 'running'>;

export interface ApprovalSettings {
  mode: ApprovalMode;
}

export const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { mode: 'default' };

export interface ToolCallAction {
  kind: 'toolCall';
  tool: string;
  readOnly: boolean;
  /** False when `readOnly` is the tool's own unverified claim: outside the sandbox it still asks. */
  readOnlyTrusted?: boolean;
  /** The tool keeps its planning-phase calls read-only itself (AgentTool.plannable). */
  plannable?: boolean;
  /** True when the tool's effects stay inside the sandbox (all built-in tools). */
  sandboxed: boolean;
  /** Paths the call involves, as the model gave them. */
  paths: string[];
  phase: TaskPhase;
}

export interface StagedChange {
  kind: ChangeItem['kind'];
  path: string;
  /** For renames: the original path. */
  from?: string;
  /** Whether the file (for renames: the original) existed before the task started. */
  existedBefore: boolean;
}

export interface ApplyChangesAction {
  kind: 'applyChanges';
  items: StagedChange[];
}

export type PolicyAction = ToolCallAction | ApplyChangesAction;

export type PolicyRule =
  | 'planning-read-only'
  | 'outside-folder'
  | 'never-ask'
  | 'outside-sandbox'
  | 'always-ask'
  | 'read-only'
  | 'sandboxed'
  | 'nothing-to-apply'
  | 'new-files-only'
  | 'existing-files';

export interface PolicyDecision {
  decision: Decision;
  /** Which rule decided, for logs and tests. */
  rule: PolicyRule;
  /** A sentence for the person (ask) or the model (refuse). */
  reason: string;
  /** For change batches that ask: the items that made it ask. */
  askFor?: StagedChange[];
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Words for what a batch does to files that existed before, e.g. "delete 40 files and change 1 file". */
export function describeRiskyChanges(items: StagedChange[]): string {
  const count = (k: StagedChange['kind']): number => items.filter((i) => i.kind === k).length;
  const parts: string[] = [];
  if (count('deleted')) parts.push(`delete ${plural(count('deleted'), 'file')}`);
  if (count('modified')) parts.push(`change ${plural(count('modified'), 'file')}`);
  if (count('renamed')) parts.push(`move ${plural(count('renamed'), 'file')}`);
  if (count('added')) parts.push(`replace ${plural(count('added'), 'file')}`);
  return parts.length <= 1 ? (parts[0] ?? 'change files') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A change touches something the person had before the task. */
function isRisky(item: StagedChange): boolean {
  return item.existedBefore;
}

function decideToolCall(a: ToolCallAction, s: ApprovalSettings): PolicyDecision {
  if (a.phase === 'planning' && !a.readOnly && !a.plannable) {
    return {
      decision: 'refuse',
      rule: 'planning-read-only',
      reason: `${a.tool} is not available while planning: it changes things, and planning is read-only. Propose the plan first; it can run once the plan is approved.`,
    };
  }
  const outside = a.paths.filter(isOutsideFolder);
  if (outside.length > 0) {
    return {
      decision: 'refuse',
      rule: 'outside-folder',
      reason: `${outside.map((p) => JSON.stringify(p)).join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside the task folder; the sandbox can only reach files inside it.`,
    };
  }
  if (s.mode === 'neverAsk') return { decision: 'run', rule: 'never-ask', reason: 'Settings say never ask.' };
  if (a.phase === 'planning' && a.plannable) return { decision: 'run', rule: 'read-only', reason: 'Read-only while planning.' };
  if (!a.sandboxed && !a.readOnly) return { decision: 'ask', rule: 'outside-sandbox', reason: `${a.tool} acts outside the sandbox; allow it?` };
  if (!a.sandboxed && a.readOnlyTrusted === false) return { decision: 'ask', rule: 'outside-sandbox', reason: `${a.tool} says it only reads, but it acts outside the sandbox; allow it?` };
  if (s.mode === 'alwaysAsk' && !a.readOnly) return { decision: 'ask', rule: 'always-ask', reason: `Settings say ask before every change: allow ${a.tool}?` };
  if (a.readOnly) return { decision: 'run', rule: 'read-only', reason: 'Read-only.' };
  return { decision: 'run', rule: 'sandboxed', reason: 'Runs in the sandbox; changes to existing files stay staged until approved.' };
}

function decideApply(a: ApplyChangesAction, s: ApprovalSettings): PolicyDecision {
  if (a.items.length === 0) return { decision: 'run', rule: 'nothing-to-apply', reason: 'No changes to apply.' };
  const outside = a.items.filter((i) => isOutsideFolder(i.path) || (i.from !== undefined && isOutsideFolder(i.from)));
  if (outside.length > 0) {
    return { decision: 'refuse', rule: 'outside-folder', reason: `${plural(outside.length, 'change')} would land outside the task folder.` };
  }
  if (s.mode === 'neverAsk') return { decision: 'run', rule: 'never-ask', reason: 'Settings say never ask.' };
  const risky = a.items.filter(isRisky);
  if (s.mode === 'alwaysAsk') {
    return { decision: 'ask', rule: 'always-ask', reason: `Apply ${plural(a.items.length, 'change')} to your folder?`, askFor: a.items };
  }
  if (risky.length === 0) return { decision: 'run', rule: 'new-files-only', reason: 'Only new files; nothing that existed before is touched.' };
  return { decision: 'ask', rule: 'existing-files', reason: `The task wants to ${describeRiskyChanges(risky)} that existed before it started.`, askFor: risky };
}

/** The policy. Pure: same action and settings, same decision. */
export function decide(action: PolicyAction, settings: ApprovalSettings = DEFAULT_APPROVAL_SETTINGS): PolicyDecision {
  return action.kind === 'toolCall' ? decideToolCall(action, settings) : decideApply(action, settings);
}
