// The one interface the agent loop asks before anything happens: a decision for
// a tool call (before it runs) and a decision for a batch of staged changes (at
// the end of a turn). The answers come from the pure rules in policy.ts; settings
// are read at decision time, so a settings change applies to the next action.

import type { ChangeItem } from '../../shared/taskEvents';
import type { ToolRegistry } from '../tools/registry';
import { applyChangesAction, toolCallAction } from './actions';
import { decide, type ApprovalSettings, type PolicyDecision, type TaskPhase } from './policy';

export interface ApprovalPolicy {
  /** Run, ask or refuse one tool call, as the registry describes the tool. */
  decideToolCall(registry: ToolRegistry, name: string, input: unknown, phase: TaskPhase): PolicyDecision;
  /** Run (apply), ask or refuse (discard) the staged changes of a turn; `reason` is what the person is shown. */
  decideBatch(items: ChangeItem[]): PolicyDecision;
}

export interface ApprovalPolicyOptions {
  /** Extra tools whose effects stay inside the sandbox (built-ins always do). */
  sandboxedExtras?: readonly string[];
  /** Whether a change item's file existed before the task; default: everything but `added`. */
  existedBefore?: (item: ChangeItem) => boolean;
}

export function createApprovalPolicy(settings: ApprovalSettings | (() => ApprovalSettings), opts: ApprovalPolicyOptions = {}): ApprovalPolicy {
  const current = typeof settings === 'function' ? settings : () => settings;
  return {
    decideToolCall: (registry, name, input, phase) => decide(toolCallAction(registry, name, input, phase, opts.sandboxedExtras), current()),
    decideBatch: (items) => decide(applyChangesAction(items, opts.existedBefore), current()),
  };
}
