// End-of-turn review of staged changes. Mutating tools change pre-existing files
// only in the sandbox's overlay; after a turn that ran any, the staged batch goes
// to the approval policy: 'run' applies it, 'refuse' discards it, 'ask' puts the
// whole batch in front of the person (one approval covers the batch), with the
// policy's reason as its summary.

import type { ChangeBatch, ChangeItem } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';
import type { ApprovalPolicy } from '../approval/approvalPolicy';

export interface GateResult {
  /** Paths of changes that were discarded (to tell the model). */
  refused: string[];
  applied: string[];
}

export async function settleStagedChanges(
  session: SandboxSession,
  policy: ApprovalPolicy,
  askPerson: (batch: ChangeBatch) => Promise<boolean>,
): Promise<GateResult> {
  const { items } = await session.pendingChanges();
  if (items.length === 0) return { refused: [], applied: [] };
  const paths = items.map((i) => i.path);
  const verdict = policy.decideBatch(items);
  const approved = verdict.decision === 'run' ? true : verdict.decision === 'refuse' ? false : await askPerson({ summary: verdict.reason, items });
  if (approved) {
    await session.applyChanges(paths);
    return { refused: [], applied: paths };
  }
  await session.discardChanges(paths);
  return { refused: items.map(describeItem), applied: [] };
}

function describeItem(i: ChangeItem): string {
  return i.kind === 'renamed' && i.from ? `${i.from} → ${i.path} (rename)` : `${i.path} (${i.kind})`;
}
