// Undoing a task when the folder changed after it: the files the task left that
// differ now (another task applied over them, the person edited them) are later
// work. The sandbox names them instead of overwriting; the person then chooses.

/** What to do with later work: restore the task's originals over it (its bytes go to the task's trash), or leave it. */
export type LaterChanges = 'overwrite' | 'keep';

/** What an undo did: done, or stopped before changing anything because of later work (named). */
export type UndoResult = { undone: true } | { undone: false; laterWork: string[] };
