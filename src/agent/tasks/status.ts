// A task's status is never stored on its own: it is derived from the event log,
// so the log stays the single source of truth. A task whose log stops while it
// was planning, running or waiting was interrupted (crash, reload) and can resume.

import type { TaskEvent, TaskStatus, Usage } from '../../shared/taskEvents';

export interface DerivedStatus {
  status: TaskStatus;
  /** No `finished` event, and it stopped while planning, running or waiting. */
  resumable: boolean;
  /** The final message or the last error, when there is one. */
  message?: string;
  /** The running total from the last usage event. */
  usage?: Usage;
  /** Time of the last event, or undefined for an empty log. */
  lastEventAt?: number;
}

const TERMINAL: ReadonlySet<TaskStatus> = new Set(['done', 'failed', 'cancelled']);
const INTERRUPTIBLE: ReadonlySet<TaskStatus> = new Set(['planning', 'running', 'waiting']);

export function deriveStatus(events: readonly TaskEvent[]): DerivedStatus {
  let status: TaskStatus = 'queued';
  let finished = false;
  let message: string | undefined;
  let usage: Usage | undefined;
  let lastEventAt: number | undefined;
  for (const e of events) {
    lastEventAt = e.at;
    switch (e.type) {
      case 'status':
        // A status after `finished` would be a bug elsewhere; the outcome stands.
        if (!finished) status = e.status;
        break;
      case 'finished':
        finished = true;
        status = e.outcome;
        message = e.message ?? message;
        break;
      case 'error':
        message = e.message;
        break;
      case 'usage':
        usage = e.total;
        break;
    }
  }
  const resumable = !finished && !TERMINAL.has(status) && INTERRUPTIBLE.has(status);
  return { status, resumable, message, usage, lastEventAt };
}
