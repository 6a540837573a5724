// `cowork undo TASK_ID --folder DIR`: the folder back as it was before that
// task, byte for byte (the sandbox's undo record; no guest is started). Files
// changed after the task, by another task or the person, are named first and
// the person chooses: overwrite them (their bytes stay in the task's trash),
// keep them and restore the rest, or cancel. --overwrite-later / --keep-later
// answer in advance; end of input cancels.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxManager } from '../sandbox/manager';
import { undoResult } from '../sandbox/undoResult';
import { DEFAULT_BUDGET_BYTES, parseSize } from '../sandbox/staging/writeBudget';
import type { UndoArgs } from './args';
import type { TerminalLines } from './terminalLines';

export interface UndoIo {
  out: (text: string) => void;
  lines: TerminalLines;
}

/** Exit status: 0 undone, 1 failed, 2 bad usage, 3 cancelled by the person. */
export async function runUndo(args: UndoArgs, io: UndoIo): Promise<number> {
  const folder = path.resolve(args.folder);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    io.out(`cowork: ${folder} is not a folder.\n`);
    return 2;
  }
  // Undo never starts a guest; the layer settings only match the run's so its layer is found.
  const manager = new SandboxManager({ imageDir: '', toolsDir: '', stateRoot: process.env.COWORK_STATE_DIR || undefined, writeBudgetBytes: budgetFromEnv() });
  const alreadyUndone = (): number => {
    io.out(`cowork: task ${args.taskId} is already undone in ${folder}; nothing was changed.\n`);
    return 1;
  };
  try {
    if (!manager.knowsTask(folder, args.taskId)) {
      io.out(`cowork: no task ${args.taskId} has changed ${folder} (nothing to undo).\n`);
      return 1;
    }
    const first = await undoResult(manager, folder, args.taskId, args.later === 'ask' ? undefined : { laterChanges: args.later });
    if ('alreadyUndone' in first) return alreadyUndone();
    if ('laterWork' in first) {
      // Asked again whenever the later work grew while the person was deciding: a choice covers only the files it named.
      for (let files = first.laterWork; ; ) {
        io.out(`These files changed after task ${args.taskId}; undoing it would overwrite that later work:\n${files.map((f) => `  - ${f}\n`).join('')}`);
        const choice = await ask(io.lines);
        if (!choice) {
          io.out('Nothing was changed.\n');
          return 3;
        }
        const again = await undoResult(manager, folder, args.taskId, { laterChanges: choice, shown: files });
        if ('alreadyUndone' in again) return alreadyUndone();
        if ('laterWork' in again) {
          io.out('More files changed while you were deciding; nothing was changed yet.\n');
          files = again.laterWork;
          continue;
        }
        if (choice === 'keep') io.out(`Kept the later versions of ${files.join(', ')}.\n`);
        break;
      }
    }
    io.out(`✓ undid task ${args.taskId} in ${folder}\n`);
    return 0;
  } catch (err) {
    io.out(`cowork: cannot undo task ${args.taskId}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await manager.dispose().catch(() => undefined);
  }
}

async function ask(lines: TerminalLines): Promise<'overwrite' | 'keep' | undefined> {
  for (;;) {
    const a = (await lines.prompt('[o]verwrite them / [k]eep them and restore the rest / [c]ancel: ')).trim().toLowerCase();
    if (a === '' || a.startsWith('c')) return undefined;
    if (a.startsWith('o')) return 'overwrite';
    if (a.startsWith('k')) return 'keep';
  }
}

function budgetFromEnv(): number {
  const text = process.env.COWORK_WRITE_BUDGET;
  if (!text) return DEFAULT_BUDGET_BYTES;
  if (/^(off|0)$/i.test(text.trim())) return 0;
  return parseSize(text) ?? DEFAULT_BUDGET_BYTES;
}
