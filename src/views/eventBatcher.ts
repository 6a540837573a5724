// Batches task events on their way to the webview. A model streams many tiny
// text deltas; posting each one would flood postMessage and re-render per token.
// Events are held for one interval (default 64 ms, ~15 flushes a second) and sent
// as one message, with consecutive text deltas of the same turn merged into one.
// Order is preserved. Pure apart from the injected timer, so tests drive it.

import type { TaskEvent } from '../shared/taskEvents';

export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const DEFAULT_FLUSH_MS = 64;

/** Appends `e` to `buffer`, merging it into the last event when both are deltas of one turn. */
export function appendCoalescing(buffer: TaskEvent[], e: TaskEvent): void {
  const last = buffer[buffer.length - 1];
  if (e.type === 'text.delta' && last && last.type === 'text.delta' && last.taskId === e.taskId && last.turn === e.turn) {
    // The merged event carries the newest seq, so seq-based dedupe still works.
    buffer[buffer.length - 1] = { ...last, text: last.text + e.text, seq: e.seq, at: e.at };
    return;
  }
  buffer.push(e);
}

export class EventBatcher {
  private buffer: TaskEvent[] = [];
  private handle: unknown = undefined;

  constructor(
    private readonly send: (events: TaskEvent[]) => void,
    private readonly intervalMs = DEFAULT_FLUSH_MS,
    private readonly timer: Timer = realTimer,
  ) {}

  push(e: TaskEvent): void {
    appendCoalescing(this.buffer, e);
    if (this.handle === undefined) this.handle = this.timer.set(() => this.flush(), this.intervalMs);
  }

  /** Sends whatever is buffered now (also called by the timer). */
  flush(): void {
    if (this.handle !== undefined) {
      this.timer.clear(this.handle);
      this.handle = undefined;
    }
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    this.send(events);
  }

  /** Drops buffered events (the receiver is about to get a full replay instead). */
  clear(): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.buffer = [];
  }

  get pending(): number {
    return this.buffer.length;
  }
}
