// One reading of an undo's outcome, for the extension and the CLI alike: later
// work (a ConflictError naming the files changed after the task) and "already
// undone" (EUNDONE) are answers, not failures; any other error is thrown on.

import type { UndoResult } from '../shared/undoLaterWork';
import type { SandboxManager } from './manager';
import { ConflictError, SandboxError, type UndoOptions } from './session';

/** Undo `taskId` in `folder` through `manager` (see SandboxSession.undoTask for `opts`) and say what happened. */
export async function undoResult(manager: Pick<SandboxManager, 'undoTask'>, folder: string, taskId: string, opts?: UndoOptions): Promise<UndoResult> {
  try {
    await manager.undoTask(folder, taskId, opts);
    return { undone: true };
  } catch (err) {
    if (err instanceof ConflictError) return { undone: false, laterWork: err.files };
    if (err instanceof SandboxError && err.code === 'EUNDONE') return { undone: false, alreadyUndone: true };
    throw err;
  }
}
