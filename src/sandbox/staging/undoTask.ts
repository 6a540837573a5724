// Undoing one task: the real folder back to how it was before the task, as one
// journaled batch, from the task's undo record (undoRecord.ts). Whatever undo
// removes or replaces is kept in the task's trash first. A file the task left
// that has changed since (another task applied over it, the person edited it)
// is later work: undo names such files and refuses (ConflictError) unless
// told to overwrite them (their bytes go to the trash too) or to keep them
// (the rest is restored, they stay as they are), and only for the files the
// person was shown (UndoOptions.shown). A second undo is refused (EUNDONE).

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { ConflictError, SandboxError, type UndoOptions } from '../session';
import { fingerprintOf, sameFingerprint } from './fingerprint';
import { copyRegular, lstatOrNull } from './fsutil';
import type { Journal, Step } from './journal';
import type { UndoRecord } from './undoRecord';

/** Paths the task left that differ now: later work by someone else. */
export async function changedSince(folder: string, record: UndoRecord): Promise<string[]> {
  const later: string[] = [];
  for (const rel of touched(record)) {
    const left = record.afterOf(rel);
    if (left && !sameFingerprint(left, await fingerprintOf(path.join(folder, rel)))) later.push(rel);
  }
  return later;
}

function touched(record: UndoRecord): string[] {
  return [...Object.keys(record.originals()), ...created(record)];
}

function created(record: UndoRecord): string[] {
  return [...record.created()].filter((p) => !(p in record.originals()));
}

export async function undoTask(folder: string, record: UndoRecord, journal: Journal, opts: UndoOptions = {}): Promise<void> {
  if (record.undone) throw new SandboxError('EUNDONE', 'this task is already undone; nothing was changed');
  const later = await changedSince(folder, record);
  if (later.length > 0 && !opts.laterChanges) {
    throw new ConflictError(`changed after this task, so undoing would overwrite that later work: ${later.join(', ')}`, later);
  }
  // The choice was made for the files named then; one that changed since was never asked about.
  const unasked = opts.shown ? later.filter((rel) => !opts.shown!.includes(rel)) : [];
  if (unasked.length > 0) {
    throw new ConflictError(`changed after this task, and since you were asked: ${unasked.join(', ')}; nothing was changed`, later);
  }
  const skip = new Set(opts.laterChanges === 'keep' ? later : []);
  const steps: Step[] = [];
  const removals: string[] = [];
  for (const [rel, orig] of Object.entries(record.originals())) {
    if (skip.has(rel)) continue;
    const target = path.join(folder, rel);
    if (later.includes(rel)) await keepInTrash(folder, record, rel);
    if (orig.backup) steps.push({ op: 'put', target, source: path.join(record.backupDir, orig.backup), hardlink: true });
    else if (orig.link !== undefined) steps.push({ op: 'put', target, link: orig.link });
    else removals.push(rel);
  }
  removals.push(...created(record).filter((rel) => !skip.has(rel)));
  const rmdirs: Step[] = [];
  for (const rel of removals) {
    const st = await lstatOrNull(path.join(folder, rel));
    if (!st) continue;
    if (st.isDirectory()) {
      rmdirs.push({ op: 'rmdir', target: path.join(folder, rel) });
      continue;
    }
    await keepInTrash(folder, record, rel);
    steps.push({ op: 'remove', target: path.join(folder, rel) });
  }
  rmdirs.sort((a, b) => b.target.length - a.target.length);
  await journal.commit([...steps, ...rmdirs]);
  await record.clear();
}

/** The folder's current file at `rel`, kept in the task's trash before undo removes or replaces it. */
async function keepInTrash(folder: string, record: UndoRecord, rel: string): Promise<void> {
  const live = path.join(folder, rel);
  if (!(await lstatOrNull(live))?.isFile()) return;
  const keep = path.join(record.trashDir, rel);
  await fsp.mkdir(path.dirname(keep), { recursive: true });
  await fsp.rm(keep, { force: true });
  await fsp.link(live, keep).catch(() => copyRegular(live, keep));
}
