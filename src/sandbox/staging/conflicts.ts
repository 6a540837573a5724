// Conflicts between a task's pending changes and the real folder: a change
// whose path the folder no longer holds as the task saw it (taskBases.ts) was
// overtaken by someone else. Found when the batch is listed and checked again
// when it is applied; the person resolves each such path:
//   mine    apply the task's version (the folder's is kept in the undo record)
//   theirs  keep the folder's version, drop the task's change
//   both    keep the folder's version, save the task's beside it ("name (mine).ext")

import * as path from 'node:path';
import type { ChangeItem, ConflictChoice } from '../../shared/taskEvents';
import { ConflictError } from '../session';
import { describeChange, fingerprintOf, sameFingerprint, sha256Of } from './fingerprint';
import { lstatOrNull } from './fsutil';
import type { TaskBases } from './taskBases';
import type { UndoRecord } from './undoRecord';

/** The paths an item touches in the folder: its target, and for a rename its source. */
export function itemPaths(it: ChangeItem): string[] {
  return it.kind === 'renamed' && it.from ? [it.path, it.from] : [it.path];
}

/**
 * Drops what the task itself applied and that only differs from the folder
 * because someone changed the folder since (its upper layer still holds the
 * applied copy), and marks the rest that conflict with the folder.
 */
export async function reviewConflicts(items: ChangeItem[], bases: TaskBases, folder: string, upper: string): Promise<ChangeItem[]> {
  const out: ChangeItem[] = [];
  for (const it of items) {
    if (await stillAsApplied(it, bases.appliedContent(it.path), upper)) continue;
    for (const rel of itemPaths(it)) {
      const seen = bases.base(rel);
      if (!seen) continue;
      const now = await fingerprintOf(path.join(folder, rel));
      if (!sameFingerprint(seen, now)) {
        it.conflict = `${rel === it.path ? '' : `${rel}: `}${describeChange(seen, now)}`;
        break;
      }
    }
    out.push(it);
  }
  return out;
}

async function stillAsApplied(it: ChangeItem, applied: string | null | undefined, upper: string): Promise<boolean> {
  if (applied === undefined) return false;
  if (applied === null) return it.kind === 'deleted';
  if (it.kind !== 'modified' && it.kind !== 'added') return false;
  const abs = path.join(upper, it.path);
  const st = await lstatOrNull(abs);
  return !!st?.isFile() && (await sha256Of(abs)) === applied;
}

export interface Resolved {
  /** Applied as the task made them (no conflict, or 'mine'). */
  apply: ChangeItem[];
  /** The folder's version stays; the task's change is dropped. */
  theirs: ChangeItem[];
  /** The folder's version stays; the task's version is saved beside it. */
  both: ChangeItem[];
}

/** Sorts a batch by the person's choices; a conflict without one refuses the whole batch (ECONFLICT). */
export function resolveConflicts(items: ChangeItem[], choices: Record<string, ConflictChoice> = {}): Resolved {
  const open = items.filter((it) => it.conflict && !choices[it.path]);
  if (open.length > 0) {
    const list = open.map((it) => `${it.path} (${it.conflict})`).join(', ');
    throw new ConflictError(`not applied: ${list}. Choose for each: mine, theirs or both.`, open.map((it) => it.path));
  }
  const r: Resolved = { apply: [], theirs: [], both: [] };
  for (const it of items) {
    const choice = it.conflict ? choices[it.path] : 'mine';
    // A deletion has no version of "mine" to save beside: both keeps theirs.
    if (choice === 'mine') r.apply.push(it);
    else if (choice === 'both' && it.kind !== 'deleted') r.both.push(it);
    else r.theirs.push(it);
  }
  return r;
}

/** "dir/name (mine).ext", or "(mine 2)" and on when that is taken in the folder. */
export async function besidePath(folder: string, rel: string): Promise<string> {
  const dir = path.posix.dirname(rel);
  const ext = path.posix.extname(rel);
  const stem = path.posix.basename(rel, ext);
  for (let n = 1; ; n++) {
    const name = `${stem} (mine${n === 1 ? '' : ` ${n}`})${ext}`;
    const candidate = dir === '.' ? name : `${dir}/${name}`;
    if (!(await lstatOrNull(path.join(folder, candidate)))) return candidate;
  }
}

/** After a commit: what the task left is its new base, and undo's reference for later changes. */
export async function noteApplied(folder: string, upper: string, task: { record: UndoRecord; bases: TaskBases }, items: ChangeItem[], beside: string[]): Promise<void> {
  for (const it of items) {
    for (const rel of itemPaths(it)) {
      const now = await fingerprintOf(path.join(folder, rel));
      const staged = path.join(upper, rel);
      const content = now.kind === 'none' ? null : (await lstatOrNull(staged))?.isFile() ? await sha256Of(staged) : null;
      task.bases.applied(rel, now, content);
      task.record.setAfter(rel, now);
    }
  }
  for (const rel of beside) task.record.setAfter(rel, await fingerprintOf(path.join(folder, rel)));
  await task.bases.save();
  await task.record.save();
}
