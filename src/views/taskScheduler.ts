// Adapts the TaskQueue (src/agent/tasks/queue.ts) to AgentBackend's scheduler.
// Running tasks are cancelled through their AgentTask; the queue only needs to
// know when a job ends, which is when its promise settles.

import { TaskQueue } from '../agent/tasks/queue';
import type { TaskScheduler } from './agentBackend';

export function queueScheduler(maxParallelTasks: number): TaskScheduler {
  const queue = new TaskQueue({ maxParallelTasks });
  return {
    // Tasks on one folder run side by side: each gets a staging lane of its own (src/sandbox/manager.ts).
    enqueue: (taskId, job) => queue.enqueue({ id: taskId, start: job, cancel: () => undefined }),
    dequeue: (taskId) => (queue.position(taskId) ?? 0) > 0 && queue.cancel(taskId),
    setMaxParallel: (n) => queue.setMaxParallelTasks(n),
  };
}
