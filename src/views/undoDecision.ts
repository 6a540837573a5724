// "Undo Task" when the folder changed after the task: the first attempt changes
// nothing and names the later work; the person then overwrites it, keeps it (the
// rest is restored), or cancels. vscode-free: the controller supplies the modal.

import type { LaterChanges, LaterWorkAnswer, UndoResult } from '../shared/undoLaterWork';

export const OVERWRITE_LATER = 'Overwrite later changes';
export const KEEP_LATER = 'Keep later changes';

/** The modal's buttons, in order: the first, what Enter takes, is the one that loses nothing (Cancel is the modal's own). */
export const LATER_WORK_BUTTONS = [KEEP_LATER, OVERWRITE_LATER] as const;

/** What the person's button means; anything else (Cancel, Escape, closed) is no. */
export function laterChangesOf(button: string | undefined): LaterChanges | undefined {
  if (button === OVERWRITE_LATER) return 'overwrite';
  if (button === KEEP_LATER) return 'keep';
  return undefined;
}

/** The modal's text: what changed, and what each button does to it. */
export function laterWorkQuestion(title: string, files: readonly string[]): { message: string; detail: string } {
  const which = files.length === 1 ? 'This file' : `These ${files.length} files`;
  return {
    message: `${which} changed after "${title}", so undoing it would overwrite that later work.`,
    detail: [
      ...files.map((f) => `• ${f}`),
      '',
      `${OVERWRITE_LATER}: restore ${files.length === 1 ? 'it' : 'them'} too (the later version is kept in the task's undo trash).`,
      `${KEEP_LATER}: leave ${files.length === 1 ? 'it' : 'them'} as ${files.length === 1 ? 'it is' : 'they are'} and undo the rest.`,
    ].join('\n'),
  };
}

export type UndoDecision =
  | { status: 'undone'; overwritten: string[]; kept: string[] }
  /** The person cancelled on seeing the later work: nothing changed. */
  | { status: 'cancelled'; laterWork: string[] }
  /** Undone before: nothing to do, nothing changed. */
  | { status: 'alreadyUndone' };

/** Files that keep changing under the question: after this many rounds, give up rather than ask forever. */
const MAX_ASKS = 5;

/**
 * Undoes with `undo`, asking `ask` (the files; resolves to the button pressed) only when
 * the first attempt reports later work, then doing exactly what the answer says, for the
 * files it named. If more files changed while the person was deciding, the engine refuses
 * that attempt (nothing changes) and the person is asked again with the whole new list.
 */
export async function undoDeciding(undo: (answer?: LaterWorkAnswer) => Promise<UndoResult>, ask: (files: string[]) => Promise<string | undefined>): Promise<UndoDecision> {
  let result = await undo();
  for (let round = 0; ; round++) {
    if (result.undone) return { status: 'undone', overwritten: [], kept: [] };
    if ('alreadyUndone' in result) return { status: 'alreadyUndone' };
    const shown = result.laterWork;
    const choice = laterChangesOf(await ask(shown));
    if (!choice) return { status: 'cancelled', laterWork: shown };
    result = await undo({ laterChanges: choice, shown });
    if (result.undone) return choice === 'overwrite' ? { status: 'undone', overwritten: shown, kept: [] } : { status: 'undone', overwritten: [], kept: shown };
    if ('alreadyUndone' in result) return { status: 'alreadyUndone' };
    if (result.laterWork.every((f) => shown.includes(f)) || round >= MAX_ASKS) throw new Error(`the folder still has later changes: ${result.laterWork.join(', ')}`);
  }
}

/** The line shown when there is nothing left to undo. */
export function alreadyUndoneMessage(title: string): string {
  return `"${title}" is already undone; nothing was changed.`;
}

/** The line shown after an undo. */
export function undoneMessage(title: string, d: Extract<UndoDecision, { status: 'undone' }>): string {
  if (d.kept.length > 0) return `Undid "${title}"; kept the later changes to ${d.kept.join(', ')}.`;
  if (d.overwritten.length > 0) return `Undid "${title}", overwriting the later changes to ${d.overwritten.join(', ')} (kept in the task's undo trash).`;
  return `Undid "${title}".`;
}
