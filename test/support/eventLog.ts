// Builds task event logs for the view tests.
import type { TaskEvent, TaskEventBody, Usage } from '../../src/shared/taskEvents';

export function eventLog(taskId: string, start = 1_000_000) {
  let seq = 0;
  let at = start;
  const make = (body: TaskEventBody, stepMs = 1000): TaskEvent => {
    at += stepMs;
    return { ...body, taskId, seq: seq++, at } as TaskEvent;
  };
  return { make, get seq() { return seq; }, get at() { return at; } };
}

export function usage(costUsd: number, inputTokens = 1000, outputTokens = 200): Usage {
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd };
}
