// The extension's in-memory copy of every task's events: history replayed from
// the task store at startup plus live events from running tasks. The tree and
// the sidebar both read from here, so they always agree. vscode-free.

import type { TaskEvent } from '../shared/taskEvents';
import { TaskListModel } from './taskListModel';

export type HubChange = { kind: 'event'; event: TaskEvent } | { kind: 'loaded' } | { kind: 'removed'; taskId: string };

export class TaskEventHub {
  readonly list = new TaskListModel();
  private readonly logs = new Map<string, TaskEvent[]>();
  private readonly listeners = new Set<(c: HubChange) => void>();

  /** Adds a live event; duplicates (same task and seq) are ignored. */
  add(e: TaskEvent): void {
    const log = this.logs.get(e.taskId) ?? [];
    const last = log[log.length - 1];
    if (last && e.seq <= last.seq) return;
    log.push(e);
    this.logs.set(e.taskId, log);
    this.list.apply(e);
    this.emit({ kind: 'event', event: e });
  }

  /** Loads whole logs (history) without one notification per event. */
  load(logs: Iterable<readonly TaskEvent[]>): void {
    for (const events of logs) {
      if (events.length === 0) continue;
      const taskId = events[0].taskId;
      const sorted = [...events].sort((a, b) => a.seq - b.seq);
      this.logs.set(taskId, sorted);
      for (const e of sorted) this.list.apply(e);
    }
    this.emit({ kind: 'loaded' });
  }

  remove(taskId: string): void {
    this.logs.delete(taskId);
    this.list.remove(taskId);
    this.emit({ kind: 'removed', taskId });
  }

  has(taskId: string): boolean {
    return this.logs.has(taskId);
  }

  eventsOf(taskId: string): readonly TaskEvent[] {
    return this.logs.get(taskId) ?? [];
  }

  onChange(listener: (c: HubChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(c: HubChange): void {
    for (const l of [...this.listeners]) l(c);
  }
}
