// Stamps task events (taskId, seq, time) and hands them to listeners. A listener
// that throws is reported once and skipped: a broken view must not stop a task.

import type { TaskEvent, TaskEventBody } from '../../shared/taskEvents';

export type TaskEventListener = (event: TaskEvent) => void;

export class EventBus {
  private readonly listeners = new Set<TaskEventListener>();
  private nextSeq: number;

  constructor(
    readonly taskId: string,
    firstSeq = 0,
    private readonly now: () => number = Date.now,
  ) {
    this.nextSeq = firstSeq;
  }

  on(listener: TaskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(body: TaskEventBody): TaskEvent {
    const event = { ...body, taskId: this.taskId, seq: this.nextSeq++, at: this.now() } as TaskEvent;
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.listeners.delete(l);
        console.error(`cowork: an event listener threw and was removed: ${(err as Error)?.stack ?? err}`);
      }
    }
    return event;
  }

  /** Continue numbering after events restored from a log. */
  continueAfter(seq: number): void {
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }
}
