// Places where the task waits for the person: a plan decision, an approval, an
// answer. Each wait has an id; the UI resolves it by id. A cancel rejects every
// open wait so the loop unwinds instead of hanging.

import { CancelledError } from './retry';

interface Pending<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

export class Waiters<T> {
  private readonly open = new Map<string, Pending<T>>();

  wait(id: string, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.open.delete(id);
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(id, {
        resolve: (v) => {
          signal.removeEventListener('abort', onAbort);
          this.open.delete(id);
          resolve(v);
        },
        reject,
      });
    });
  }

  has(id: string): boolean {
    return this.open.has(id);
  }

  ids(): string[] {
    return [...this.open.keys()];
  }

  /** Resolves the wait; throws a clear error for an unknown or already answered id. */
  resolve(id: string, value: T, what: string): void {
    const p = this.open.get(id);
    if (!p) throw new Error(`No open ${what} with id "${id}" (open: ${this.ids().join(', ') || 'none'}).`);
    p.resolve(value);
  }
}
