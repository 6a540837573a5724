// Runs up to `maxParallelTasks` tasks at once and keeps the rest waiting in
// order. Generic over anything runnable, so the loop's AgentTask plugs in
// as is. The limit can change at runtime: raising it starts waiting tasks at
// once; lowering it never stops running ones, it only holds back new starts.

/** What the queue runs. `start` resolves (or rejects) when the task has ended. */
export interface RunnableTask {
  readonly id: string;
  start(): Promise<void>;
  /** Ask a running task to stop; its `start` promise should then settle. */
  cancel(): void;
  /**
   * Tasks with the same key never run at the same time. A waiting task whose
   * key is busy lets later tasks on other keys go first. (Tasks on one folder
   * need none: each has its own staging lane, src/sandbox/manager.ts.)
   */
  readonly exclusiveKey?: string;
}

export type QueueEvent<T extends RunnableTask> =
  /** Waiting for a free slot; position is 1 for the next to start. */
  | { type: 'queued'; task: T; position: number }
  | { type: 'started'; task: T }
  /** start() settled: resolved → 'finished', rejected or threw → 'failed'. */
  | { type: 'ended'; task: T; outcome: 'finished' | 'failed'; error?: unknown }
  /** Cancelled while still waiting: it never started. */
  | { type: 'removed'; task: T };

export interface TaskQueueOptions<T extends RunnableTask> {
  maxParallelTasks: number;
  onEvent?: (event: QueueEvent<T>) => void;
}

function checkLimit(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxParallelTasks must be a whole number of at least 1, not ${n}`);
  return n;
}

export class TaskQueue<T extends RunnableTask = RunnableTask> {
  private limit: number;
  private readonly waiting: T[] = [];
  private readonly active = new Map<string, T>();
  private readonly listeners = new Set<(event: QueueEvent<T>) => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(opts: TaskQueueOptions<T>) {
    this.limit = checkLimit(opts.maxParallelTasks);
    if (opts.onEvent) this.listeners.add(opts.onEvent);
  }

  get maxParallelTasks(): number {
    return this.limit;
  }

  /** Change the limit; takes effect at once for waiting tasks. */
  setMaxParallelTasks(n: number): void {
    this.limit = checkLimit(n);
    this.pump();
  }

  /** Listen to queue events; returns a function that stops listening. */
  onEvent(listener: (event: QueueEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Add a task: it starts now if a slot is free, otherwise it waits its turn. */
  enqueue(task: T): void {
    if (this.has(task.id)) throw new Error(`Task ${task.id} is already queued or running`);
    this.waiting.push(task);
    this.pump();
    if (this.waiting.includes(task)) this.emit({ type: 'queued', task, position: this.waiting.indexOf(task) + 1 });
  }

  /**
   * Cancel a task: a waiting one is removed (it never starts), a running one is
   * asked to stop and leaves when its start() settles. False when unknown.
   */
  cancel(id: string): boolean {
    const i = this.waiting.findIndex((t) => t.id === id);
    if (i >= 0) {
      const [task] = this.waiting.splice(i, 1);
      this.emit({ type: 'removed', task });
      this.settleIdle();
      return true;
    }
    const running = this.active.get(id);
    if (running) {
      running.cancel();
      return true;
    }
    return false;
  }

  has(id: string): boolean {
    return this.active.has(id) || this.waiting.some((t) => t.id === id);
  }

  /** 1-based place in line for a waiting task, 0 when running, undefined when unknown. */
  position(id: string): number | undefined {
    if (this.active.has(id)) return 0;
    const i = this.waiting.findIndex((t) => t.id === id);
    return i >= 0 ? i + 1 : undefined;
  }

  running(): T[] {
    return [...this.active.values()];
  }

  queued(): T[] {
    return [...this.waiting];
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.active.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The first waiting task whose exclusive key is free, if any. */
  private nextStartable(): T | undefined {
    const busy = new Set([...this.active.values()].map((t) => t.exclusiveKey).filter((k) => k !== undefined));
    const i = this.waiting.findIndex((t) => t.exclusiveKey === undefined || !busy.has(t.exclusiveKey));
    return i >= 0 ? this.waiting.splice(i, 1)[0] : undefined;
  }

  private pump(): void {
    while (this.active.size < this.limit && this.waiting.length > 0) {
      const task = this.nextStartable();
      if (!task) break;
      this.active.set(task.id, task);
      this.emit({ type: 'started', task });
      let run: Promise<void>;
      try {
        run = Promise.resolve(task.start());
      } catch (err) {
        run = Promise.reject(err);
      }
      run.then(
        () => this.finish(task, 'finished'),
        (error: unknown) => this.finish(task, 'failed', error),
      );
    }
    this.settleIdle();
  }

  private finish(task: T, outcome: 'finished' | 'failed', error?: unknown): void {
    this.active.delete(task.id);
    this.emit(outcome === 'failed' ? { type: 'ended', task, outcome, error } : { type: 'ended', task, outcome });
    this.pump();
  }

  private settleIdle(): void {
    if (this.active.size > 0 || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private emit(event: QueueEvent<T>): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken listener must not stall the queue.
      }
    }
  }
}
