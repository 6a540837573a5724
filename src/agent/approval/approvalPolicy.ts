// The policy as an object the loop holds: settings read at decision time (so a
// settings change applies to the next action), change batches decided the way
// the loop asks about them, tool calls decided from the registry.

import type { ChangeBatch, ChangeItem } from '../../shared/taskEvents';
import type { ToolRegistry } from '../tools/registry';
import { applyChangesAction, toolCallAction } from './actions';
import { decide, type ApprovalSettings, type Decision, type PolicyDecision, type TaskPhase } from './policy';

/** How the loop asks about a staged batch (matches src/agent/loop/approvalGate's ApprovalAction). */
export interface ApplyChangesRequest {
  kind: 'apply-changes';
  taskId: string;
  batch: ChangeBatch;
}

export interface ApprovalPolicyOptions {
  /** Extra tools whose effects stay inside the sandbox (built-ins always do). */
  sandboxedExtras?: readonly string[];
  /** Whether a change item's file existed before the task; default: everything but `added`. */
  existedBefore?: (item: ChangeItem) => boolean;
}

export interface ApprovalPolicy {
  /** Run, ask or refuse applying a staged batch. */
  decide(action: ApplyChangesRequest): Decision;
  /** The same, with the rule and the reason. */
  explainBatch(batch: ChangeBatch): PolicyDecision;
  /** Run, ask or refuse one tool call. */
  decideToolCall(registry: ToolRegistry, name: string, input: unknown, phase: TaskPhase): PolicyDecision;
}

export function createApprovalPolicy(settings: ApprovalSettings | (() => ApprovalSettings), opts: ApprovalPolicyOptions = {}): ApprovalPolicy {
  const current = typeof settings === 'function' ? settings : () => settings;
  const explainBatch = (batch: ChangeBatch): PolicyDecision => decide(applyChangesAction(batch.items, opts.existedBefore), current());
  return {
    decide: (action) => explainBatch(action.batch).decision,
    explainBatch,
    decideToolCall: (registry, name, input, phase) => decide(toolCallAction(registry, name, input, phase, opts.sandboxedExtras), current()),
  };
}
