// End-of-turn review of staged changes. Mutating tools change pre-existing files
// only in the sandbox's overlay; after a turn that ran any, the staged batch goes
// to the approval policy: 'run' applies it, 'refuse' discards it, 'ask' puts the
// whole batch in front of the person (one approval covers the batch), with the
// policy's reason as its summary.
//
// A change whose file changed on disk since the task read it (another task on
// the folder, the person: ChangeItem.conflict) is never applied silently: such
// a batch is always put to the person, who settles each conflict as mine,
// theirs or both; one left unsettled keeps both (the task's copy beside it).
// A conflict that appears while the person decides is asked about again.

import type { ChangeBatch, ChangeItem, ConflictChoice } from '../../shared/taskEvents';
import { ConflictError, type SandboxSession } from '../../sandbox/session';
import type { ApprovalPolicy } from '../approval/approvalPolicy';

export interface GateResult {
  /** Paths of changes that were discarded (to tell the model). */
  refused: string[];
  applied: string[];
  /** What became of conflicting changes, one line each (to tell the model). */
  conflicts: string[];
}

export interface BatchAnswer {
  approved: boolean;
  choices?: Record<string, ConflictChoice>;
}

/** A batch whose files keep changing under it is asked about at most this many times. */
const MAX_ASKS = 3;

export async function settleStagedChanges(
  session: SandboxSession,
  policy: ApprovalPolicy,
  askPerson: (batch: ChangeBatch) => Promise<BatchAnswer>,
): Promise<GateResult> {
  for (let ask = 1; ; ask++) {
    const { items } = await session.pendingChanges();
    if (items.length === 0) return { refused: [], applied: [], conflicts: [] };
    const paths = items.map((i) => i.path);
    const conflicts = items.filter((i) => i.conflict);
    const verdict = policy.decideBatch(items);
    const answer: BatchAnswer =
      verdict.decision === 'refuse'
        ? { approved: false }
        : verdict.decision === 'run' && conflicts.length === 0
          ? { approved: true }
          : await askPerson({ summary: conflicts.length > 0 ? conflictSummary(conflicts, verdict.decision === 'ask' ? verdict.reason : undefined) : verdict.reason, items });
    if (!answer.approved) {
      await session.discardChanges(paths);
      return { refused: items.map(describeItem), applied: [], conflicts: [] };
    }
    const choices: Record<string, ConflictChoice> = Object.fromEntries(conflicts.map((c) => [c.path, answer.choices?.[c.path] ?? 'both']));
    try {
      const outcome = await session.applyChanges(paths, choices);
      const applied = paths.filter((p) => choices[p] === undefined || choices[p] === 'mine');
      return { refused: [], applied, conflicts: conflicts.map((c) => describeSettled(c, choices[c.path], outcome?.savedBeside[c.path])) };
    } catch (err) {
      // Another task applied over one of these files while the person decided: ask again, with it marked.
      if (!(err instanceof ConflictError) || ask >= MAX_ASKS) throw err;
    }
  }
}

function conflictSummary(conflicts: ChangeItem[], reason: string | undefined): string {
  const n = conflicts.length;
  const what = `${n === 1 ? '1 file' : `${n} files`} changed on disk since this task read ${n === 1 ? 'it' : 'them'} (another task or you): choose for each whether to apply this task's version, keep the one on disk, or keep both.`;
  return reason ? `${reason} ${what}` : what;
}

function describeSettled(c: ChangeItem, choice: ConflictChoice, beside: string | undefined): string {
  if (choice === 'mine') return `${c.path}: it had changed on disk since you read it; the person chose your version, which replaced it.`;
  if (choice === 'both' && beside) return `${c.path}: it had changed on disk since you read it; the person kept that version and your version was saved beside it as ${beside}.`;
  return `${c.path}: it had changed on disk since you read it; the person kept that version and your change was dropped. Read it again before changing it.`;
}

function describeItem(i: ChangeItem): string {
  return i.kind === 'renamed' && i.from ? `${i.from} → ${i.path} (rename)` : `${i.path} (${i.kind})`;
}
