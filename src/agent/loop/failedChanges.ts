// Changes the task meant to make and could not. The model decides when a task
// is done, and a model may well say "Done." after a write failed (it did, with
// every write failing EACCES under qemu as an ordinary user): the task then
// ended "done" with nothing written and only a ✗ scrolled away to show for it.
// This keeps the file-changing calls that failed, minus those a later call of
// the same tool on the same path made good, so the end of a "done" task can
// say what was not done.

import type { TaskEventBody } from '../../shared/taskEvents';

/** The tools whose whole purpose is to change the folder. */
const CHANGING_TOOLS = new Set(['write_file', 'edit_file', 'delete', 'move']);

function targetOf(input: unknown): string {
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    for (const k of ['path', 'from']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return '';
}

export class FailedChanges {
  /** callId -> "tool path" for calls in flight. */
  private readonly inFlight = new Map<string, string>();
  /** "tool path" -> what failed, in the order it first failed. */
  private readonly failed = new Map<string, string>();

  observe(e: TaskEventBody): void {
    if (e.type === 'tool.started' && CHANGING_TOOLS.has(e.name)) this.inFlight.set(e.callId, `${e.name} ${targetOf(e.input)}`);
    if (e.type !== 'tool.finished') return;
    const key = this.inFlight.get(e.callId);
    if (key === undefined) return;
    this.inFlight.delete(e.callId);
    if (e.ok) this.failed.delete(key);
    else this.failed.set(key, `${e.summary} (${e.output.split('\n')[0]?.trim() ?? ''})`);
  }

  /** The warning for the end of a "done" task, or undefined when every change went through. */
  warning(): string | undefined {
    const list = [...this.failed.values()];
    if (list.length === 0) return undefined;
    const n = list.length === 1 ? '1 change' : `${list.length} changes`;
    return `The task finished, but ${n} could not be made: ${list.join('; ')}`;
  }
}
