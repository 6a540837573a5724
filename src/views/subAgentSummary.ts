// The Tasks tree's view of a task's sub-agents, folded from the parent's log
// (subagent.started / .step / .usage / .finished): each child with its own status, time,
// cost and newest steps. Pure, like taskListModel.ts, which nests these under the parent.

import type { TaskEvent, TaskStatus } from '../shared/taskEvents';

export interface SubAgentStep {
  id: string;
  label: string;
  state: 'running' | 'ok' | 'failed';
}

export interface SubAgentSummary {
  childId: string;
  name: string;
  model: string;
  status: TaskStatus;
  startedAt: number;
  endedAt?: number;
  costUsd: number;
  /** The newest steps, capped at MAX_CHILD_STEPS. */
  steps: SubAgentStep[];
  files: string[];
}

export const MAX_CHILD_STEPS = 20;

/** Folds one event into the list of children; returns `prev` itself when the event is not about sub-agents. */
export function applyToChildren(prev: readonly SubAgentSummary[], e: TaskEvent): readonly SubAgentSummary[] {
  const update = (childId: string, f: (c: SubAgentSummary) => SubAgentSummary) => prev.map((c) => (c.childId === childId ? f(c) : c));
  switch (e.type) {
    case 'subagent.started':
      // The same child again: resumed after the parent's reload, running once more (its start time kept).
      if (prev.some((c) => c.childId === e.childId)) return update(e.childId, (c) => ({ ...c, status: 'running', endedAt: undefined }));
      return [...prev, { childId: e.childId, name: e.name, model: e.model, status: 'running', startedAt: e.at, costUsd: 0, steps: [], files: [] }];
    case 'subagent.step':
      return update(e.childId, (c) => {
        // A finished call replaces its "running" line, as the parent's steps do.
        const id = e.callId ? `${c.childId}:${e.callId}` : `${c.childId}:${e.seq}`;
        const steps = c.steps.some((st) => st.id === id)
          ? c.steps.map((st) => (st.id === id ? { ...st, label: e.text, state: e.state } : st))
          : [...c.steps, { id, label: e.text, state: e.state }];
        return { ...c, steps: steps.slice(-MAX_CHILD_STEPS) };
      });
    case 'subagent.usage':
      // A running child's cost so far, as it spends (the parent's total already includes it).
      return update(e.childId, (c) => ({ ...c, costUsd: e.usage.costUsd }));
    case 'subagent.finished':
      return update(e.childId, (c) => ({ ...c, status: e.outcome, endedAt: e.at, costUsd: e.usage.costUsd, files: e.files }));
    case 'finished':
      // A parent that ended (e.g. cancelled, or reloaded mid-way) leaves no child "running".
      return prev.some((c) => c.endedAt === undefined) ? prev.map((c) => (c.endedAt === undefined ? { ...c, status: 'cancelled', endedAt: e.at } : c)) : prev;
    default:
      return prev;
  }
}
