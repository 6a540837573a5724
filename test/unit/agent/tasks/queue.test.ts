import * as assert from 'node:assert/strict';
import { TaskQueue, type QueueEvent, type RunnableTask } from '../../../../src/agent/tasks/queue';

/** A real async task: it works for `ms` milliseconds (timer), or stops early when cancelled. */
class SleepyTask implements RunnableTask {
  static running = 0;
  static maxSeen = 0;
  started = false;
  cancelled = false;
  ended = false;
  private stop?: () => void;

  constructor(
    readonly id: string,
    private readonly ms: number,
    private readonly fail?: string,
    readonly exclusiveKey?: string,
  ) {}

  async start(): Promise<void> {
    this.started = true;
    SleepyTask.running++;
    SleepyTask.maxSeen = Math.max(SleepyTask.maxSeen, SleepyTask.running);
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.ms);
        this.stop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.fail) throw new Error(this.fail);
    } finally {
      SleepyTask.running--;
      this.ended = true;
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.stop?.();
  }
}

function recorder(queue: TaskQueue<SleepyTask>): string[] {
  const log: string[] = [];
  queue.onEvent((e: QueueEvent<SleepyTask>) => {
    if (e.type === 'queued') log.push(`queued ${e.task.id} #${e.position}`);
    else if (e.type === 'ended') log.push(`${e.outcome} ${e.task.id}${e.error ? ` (${(e.error as Error).message})` : ''}`);
    else log.push(`${e.type} ${e.task.id}`);
  });
  return log;
}

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('task queue', () => {
  beforeEach(() => {
    SleepyTask.running = 0;
    SleepyTask.maxSeen = 0;
  });

  it('runs at most maxParallelTasks at once and starts the next when one ends', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 2 });
    const log = recorder(queue);
    const tasks = [new SleepyTask('a', 30), new SleepyTask('b', 10), new SleepyTask('c', 10), new SleepyTask('d', 10)];
    tasks.forEach((t) => queue.enqueue(t));
    assert.deepEqual(queue.running().map((t) => t.id), ['a', 'b']);
    assert.deepEqual(queue.queued().map((t) => t.id), ['c', 'd']);
    assert.equal(queue.position('d'), 2);
    assert.equal(queue.position('a'), 0);
    await queue.idle();
    assert.equal(SleepyTask.maxSeen, 2);
    assert.ok(tasks.every((t) => t.ended));
    assert.deepEqual(log.slice(0, 4), ['started a', 'started b', 'queued c #1', 'queued d #2']);
    // b ends first, so c starts before a ends.
    assert.ok(log.indexOf('started c') > log.indexOf('finished b'));
    assert.ok(log.indexOf('started c') < log.indexOf('finished a'));
  });

  it('moves on after a failure, reporting the error', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 1 });
    const log = recorder(queue);
    queue.enqueue(new SleepyTask('bad', 5, 'model unavailable'));
    queue.enqueue(new SleepyTask('good', 5));
    await queue.idle();
    assert.deepEqual(log, ['started bad', 'queued good #1', 'failed bad (model unavailable)', 'started good', 'finished good']);
  });

  it('survives a start() that throws synchronously', async () => {
    const queue = new TaskQueue({ maxParallelTasks: 1 });
    const outcomes: string[] = [];
    queue.onEvent((e) => e.type === 'ended' && outcomes.push(`${e.task.id}:${e.outcome}`));
    queue.enqueue({
      id: 'sync-throw',
      start: () => {
        throw new Error('no');
      },
      cancel: () => undefined,
    });
    queue.enqueue(new SleepyTask('next', 1));
    await queue.idle();
    assert.deepEqual(outcomes, ['sync-throw:failed', 'next:finished']);
  });

  it('removes a cancelled waiting task without starting it', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 1 });
    const log = recorder(queue);
    const first = new SleepyTask('first', 10);
    const second = new SleepyTask('second', 10);
    const third = new SleepyTask('third', 10);
    [first, second, third].forEach((t) => queue.enqueue(t));
    assert.equal(queue.cancel('second'), true);
    assert.equal(queue.position('third'), 1);
    await queue.idle();
    assert.equal(second.started, false);
    assert.equal(second.cancelled, false, 'a task that never started is not asked to stop');
    assert.ok(log.includes('removed second'));
    assert.ok(third.ended);
  });

  it('asks a running task to stop, then starts the next', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 1 });
    const long = new SleepyTask('long', 120_000);
    const next = new SleepyTask('next', 5);
    queue.enqueue(long);
    queue.enqueue(next);
    const t0 = Date.now();
    assert.equal(queue.cancel('long'), true);
    await queue.idle();
    assert.ok(Date.now() - t0 < 60_000, 'the queue waited for the long task instead of stopping it');
    assert.equal(long.cancelled, true);
    assert.ok(next.ended);
    assert.equal(queue.cancel('long'), false, 'gone once ended');
    assert.equal(queue.cancel('never-seen'), false);
  });

  it('applies a new limit at runtime', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 1 });
    const tasks = ['a', 'b', 'c', 'd'].map((id) => new SleepyTask(id, 40));
    tasks.forEach((t) => queue.enqueue(t));
    assert.equal(queue.running().length, 1);
    queue.setMaxParallelTasks(3);
    assert.equal(queue.maxParallelTasks, 3);
    assert.deepEqual(queue.running().map((t) => t.id), ['a', 'b', 'c']);
    // Lowering never stops running tasks; it holds back new starts.
    queue.setMaxParallelTasks(1);
    assert.equal(queue.running().length, 3);
    await tick(60);
    assert.deepEqual(queue.running().map((t) => t.id), ['d']);
    await queue.idle();
    assert.equal(SleepyTask.maxSeen, 3);
    assert.throws(() => queue.setMaxParallelTasks(0), /at least 1/);
    assert.throws(() => queue.setMaxParallelTasks(1.5), RangeError);
    assert.throws(() => new TaskQueue({ maxParallelTasks: -1 }), RangeError);
  });

  it('refuses a duplicate id and keeps working when a listener throws', async () => {
    const queue = new TaskQueue<SleepyTask>({
      maxParallelTasks: 1,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    queue.enqueue(new SleepyTask('x', 5));
    assert.throws(() => queue.enqueue(new SleepyTask('x', 5)), /already queued or running/);
    await queue.idle();
    assert.equal(queue.has('x'), false);
    await queue.idle(); // already idle: resolves at once
  });

  it('never runs two tasks of one folder at once; other folders overtake the waiting one', async () => {
    const queue = new TaskQueue<SleepyTask>({ maxParallelTasks: 3 });
    const log = recorder(queue);
    const a1 = new SleepyTask('a1', 40, undefined, '/work/a');
    const a2 = new SleepyTask('a2', 10, undefined, '/work/a');
    const b1 = new SleepyTask('b1', 10, undefined, '/work/b');
    const free = new SleepyTask('free', 10);
    for (const t of [a1, a2, b1, free]) queue.enqueue(t);
    assert.deepEqual(log, ['started a1', 'queued a2 #1', 'started b1', 'started free']);
    assert.equal(queue.position('a2'), 1);
    await tick(25);
    assert.equal(a2.started, false, 'a2 waits for a1 although slots are free');
    await queue.idle();
    assert.ok(log.indexOf('finished a1') < log.indexOf('started a2'), log.join(', '));
    assert.equal(a2.ended, true);
  });
});
