// Undoing a task when the folder changed after it: the files the task left that
// differ now (another task applied over them, the person edited them) are later
// work. The sandbox names them instead of overwriting; the person then chooses.

/** What to do with later work: restore the task's originals over it (its bytes go to the task's trash), or leave it. */
export type LaterChanges = 'overwrite' | 'keep';

/** The person's choice and the later work they were shown: an undo never acts on later work outside `shown`. */
export interface LaterWorkAnswer {
  laterChanges: LaterChanges;
  shown: readonly string[];
}

/**
 * What an undo did: done; stopped before changing anything because of later work (all of it
 * named, including files that changed after the person was shown `shown`); or nothing to do
 * because the task is already undone.
 */
export type UndoResult = { undone: true } | { undone: false; laterWork: string[] } | { undone: false; alreadyUndone: true };
