// End-of-turn review of staged changes. Mutating tools change pre-existing files
// only in the sandbox's overlay; after a turn that ran any, the staged batch goes
// to the approval policy: 'run' applies it, 'refuse' discards it, 'ask' puts the
// whole batch in front of the person (one approval covers the batch).

import type { ChangeBatch, ChangeItem } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';

export type ApprovalDecision = 'run' | 'ask' | 'refuse';

/** What the policy is asked about. Only staged change batches reach it from the loop. */
export interface ApprovalAction {
  kind: 'apply-changes';
  taskId: string;
  batch: ChangeBatch;
}

/** The pure approval policy (see src/agent/approval); the loop depends only on this shape. */
export interface ApprovalPolicy {
  decide(action: ApprovalAction): ApprovalDecision;
}

/**
 * Optional per-call check before a tool runs (src/agent/approval's decideToolCall,
 * bound to the tool registry): 'refuse' answers the model with the reason, 'ask'
 * puts the call in front of the person first.
 */
export type ToolCallGate = (
  name: string,
  input: unknown,
  phase: 'planning' | 'working',
) => { decision: ApprovalDecision; reason: string };

/** A policy that asks about everything: the safe default. */
export const ASK_ALWAYS: ApprovalPolicy = { decide: () => 'ask' };

export interface GateResult {
  /** Paths of changes that were discarded (to tell the model). */
  refused: string[];
  applied: string[];
}

export async function settleStagedChanges(
  taskId: string,
  session: SandboxSession,
  policy: ApprovalPolicy,
  askPerson: (batch: ChangeBatch) => Promise<boolean>,
): Promise<GateResult> {
  const { items } = await session.pendingChanges();
  if (items.length === 0) return { refused: [], applied: [] };
  const batch: ChangeBatch = { summary: summariseBatch(items), items };
  const paths = items.map((i) => i.path);
  const decision = policy.decide({ kind: 'apply-changes', taskId, batch });
  const approved = decision === 'run' ? true : decision === 'refuse' ? false : await askPerson(batch);
  if (approved) {
    await session.applyChanges(paths);
    return { refused: [], applied: paths };
  }
  await session.discardChanges(paths);
  return { refused: items.map(describeItem), applied: [] };
}

export function summariseBatch(items: ChangeItem[]): string {
  const count = (k: ChangeItem['kind']) => items.filter((i) => i.kind === k).length;
  const parts = [
    [count('modified'), 'modified'],
    [count('deleted'), 'deleted'],
    [count('renamed'), 'renamed'],
    [count('added'), 'added'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}`);
  return `${items.length} change${items.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function describeItem(i: ChangeItem): string {
  return i.kind === 'renamed' && i.from ? `${i.from} → ${i.path} (rename)` : `${i.path} (${i.kind})`;
}
