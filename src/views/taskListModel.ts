// The Tasks tree as a pure view model: task events in, groups and items out.
// No vscode import, so it is unit-tested in plain Node; tasksTreeProvider.ts
// only maps these nodes to vscode.TreeItems.

import type { TaskEvent, TaskStatus } from '../shared/taskEvents';
import { formatCost, formatElapsed } from '../shared/format';
import { applyToChildren, type SubAgentSummary } from './subAgentSummary';

export type WaitingFor = 'plan' | 'approval' | 'question';

export interface TaskStepSummary {
  id: string;
  label: string;
  state: 'running' | 'ok' | 'failed';
}

/** What the list needs to know about one task, folded from its events. */
export interface TaskSummary {
  taskId: string;
  title: string;
  prompt: string;
  folder: string;
  status: TaskStatus;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  costUsd: number;
  tokens: number;
  waitingFor?: WaitingFor;
  outputs: string[];
  /** The task created, changed, moved or deleted something (so undo means something). */
  touchedFiles: boolean;
  /** Its changes were undone (task.undone) and it has not run since: nothing is left to undo. */
  undone?: boolean;
  /** The newest steps (tool calls), capped at MAX_STEPS; `stepCount` counts all. */
  steps: TaskStepSummary[];
  stepCount: number;
  /** Sub-agents the task delegated to, in start order. */
  children: readonly SubAgentSummary[];
  lastError?: string;
  lastSeq: number;
}

/** The tree shows the newest steps only; the sidebar has the full timeline. */
export const MAX_STEPS = 50;

const ACTIVE: readonly TaskStatus[] = ['queued', 'planning', 'waiting', 'running'];
const TERMINAL: readonly TaskStatus[] = ['done', 'failed', 'cancelled'];

export function isActive(status: TaskStatus): boolean {
  return ACTIVE.includes(status);
}

function blank(e: TaskEvent): TaskSummary {
  return {
    taskId: e.taskId,
    // A log whose first event got lost still shows up, under its id.
    title: `Task ${e.taskId}`,
    prompt: '',
    folder: '',
    status: 'queued',
    createdAt: e.at,
    updatedAt: e.at,
    costUsd: 0,
    tokens: 0,
    outputs: [],
    touchedFiles: false,
    steps: [],
    stepCount: 0,
    children: [],
    lastSeq: -1,
  };
}

/** Folds one event into a task's summary; returns a new object (never mutates `prev`). */
export function applyToSummary(prev: TaskSummary | undefined, e: TaskEvent): TaskSummary {
  const base = prev ?? blank(e);
  if (prev && e.seq <= prev.lastSeq) return prev; // replayed or duplicated
  const children = applyToChildren(base.children, e);
  const s: TaskSummary = { ...base, updatedAt: e.at, lastSeq: e.seq, children };
  switch (e.type) {
    case 'task.created':
      return { ...s, title: e.title || s.title, prompt: e.prompt, folder: e.folder, createdAt: e.at };
    case 'status':
      return {
        ...s,
        status: e.status,
        // A resumed run may change files again: undoable again.
        undone: isActive(e.status) ? undefined : s.undone,
        waitingFor: e.status === 'waiting' ? s.waitingFor : undefined,
        endedAt: TERMINAL.includes(e.status) ? (s.endedAt ?? e.at) : undefined,
      };
    case 'plan.proposed':
      return { ...s, waitingFor: 'plan' };
    case 'approval.needed':
      return { ...s, waitingFor: 'approval' };
    case 'question.asked':
      return { ...s, waitingFor: 'question' };
    case 'plan.decided':
    case 'approval.decided':
    case 'question.answered':
      return { ...s, waitingFor: undefined };
    case 'tool.started': {
      const step = { id: e.callId, label: e.summary || e.name, state: 'running' as const };
      // The same call again (a delegate call re-run after a reload): one row, running again; tree ids must stay unique.
      if (s.steps.some((st) => st.id === e.callId)) return { ...s, steps: s.steps.map((st) => (st.id === e.callId ? step : st)) };
      const steps = [...s.steps, step];
      return { ...s, steps: steps.slice(-MAX_STEPS), stepCount: s.stepCount + 1 };
    }
    case 'tool.finished': {
      const touched = e.files.some((f) => f.action !== 'read');
      const steps = s.steps.map((st) => (st.id === e.callId ? { ...st, state: e.ok ? ('ok' as const) : ('failed' as const) } : st));
      return { ...s, steps, touchedFiles: s.touchedFiles || touched };
    }
    case 'output.created':
      return { ...s, outputs: s.outputs.includes(e.path) ? s.outputs : [...s.outputs, e.path], touchedFiles: true };
    case 'task.undone':
      return { ...s, undone: true };
    case 'usage':
      return { ...s, costUsd: e.total.costUsd, tokens: e.total.inputTokens + e.total.outputTokens };
    case 'error':
      return { ...s, lastError: e.message };
    case 'finished':
      return { ...s, status: e.outcome, waitingFor: undefined, endedAt: s.endedAt ?? e.at, lastError: e.outcome === 'done' ? s.lastError : (e.message ?? s.lastError) };
    default:
      return s;
  }
}

// ---- tree nodes ----

export type GroupId = 'waiting' | 'running' | 'queued' | 'done' | 'failed';

export const GROUP_LABELS: Record<GroupId, string> = {
  waiting: 'Waiting for you',
  running: 'Running',
  queued: 'Queued',
  done: 'Done',
  failed: 'Failed or cancelled',
};

const GROUP_ORDER: readonly GroupId[] = ['waiting', 'running', 'queued', 'done', 'failed'];

export function groupOf(status: TaskStatus): GroupId {
  switch (status) {
    case 'waiting':
      return 'waiting';
    case 'planning':
    case 'running':
      return 'running';
    case 'queued':
      return 'queued';
    case 'done':
      return 'done';
    default:
      return 'failed';
  }
}

/** A codicon id (ThemeIcon) and an optional theme color id. */
export interface IconSpec {
  id: string;
  color?: string;
}

export type TreeNode =
  | { kind: 'group'; id: GroupId; label: string; count: number }
  | { kind: 'task'; taskId: string; label: string; description: string; tooltip: string; icon: IconSpec; contextValue: string; expandable: boolean }
  | { kind: 'step'; taskId: string; stepId: string; label: string; icon: IconSpec }
  | { kind: 'more'; taskId: string; label: string }
  /** A sub-agent nested under its parent task, with its own status, time and cost. */
  | { kind: 'subagent'; taskId: string; childId: string; label: string; description: string; icon: IconSpec; expandable: boolean };

const WAITING_LABEL: Record<WaitingFor, string> = { plan: 'plan to review', approval: 'changes to approve', question: 'question for you' };

export function statusIcon(status: TaskStatus): IconSpec {
  switch (status) {
    case 'queued':
      return { id: 'clock' };
    case 'planning':
      return { id: 'loading~spin' };
    case 'waiting':
      return { id: 'bell-dot', color: 'notificationsInfoIcon.foreground' };
    case 'running':
      return { id: 'sync~spin' };
    case 'done':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'cancelled':
      return { id: 'circle-slash' };
  }
}

const STEP_ICONS: Record<TaskStepSummary['state'], IconSpec> = {
  running: { id: 'loading~spin' },
  ok: { id: 'check' },
  failed: { id: 'close', color: 'testing.iconFailed' },
};

/** Space-separated flags the manifest's `viewItem =~ /\bflag\b/` menus test. */
export function contextValueOf(t: TaskSummary): string {
  const flags = ['task', `status-${t.status}`];
  if (isActive(t.status)) flags.push('cancellable');
  else flags.push('retryable', 'deletable');
  if (t.status === 'failed' || t.status === 'cancelled') flags.push('resumable');
  if (!isActive(t.status) && t.touchedFiles && !t.undone) flags.push('undoable');
  if (t.undone) flags.push('undone');
  if (t.outputs.length > 0) flags.push('hasOutputs');
  return flags.join(' ');
}

export function taskNode(t: TaskSummary, now: number): Extract<TreeNode, { kind: 'task' }> {
  const elapsed = formatElapsed((t.endedAt ?? now) - t.createdAt);
  const parts = [elapsed, formatCost(t.costUsd)];
  if (t.waitingFor) parts.unshift(WAITING_LABEL[t.waitingFor]);
  if (t.undone) parts.unshift('undone');
  const tooltip = [t.title, t.prompt && t.prompt !== t.title ? t.prompt : '', `Status: ${t.status}${t.undone ? ' (undone: its changes were reverted)' : ''}`, t.folder && `Folder: ${t.folder}`, t.lastError && `Error: ${t.lastError}`]
    .filter(Boolean)
    .join('\n');
  return {
    kind: 'task',
    taskId: t.taskId,
    label: t.title,
    description: parts.join(' · '),
    tooltip,
    icon: statusIcon(t.status),
    contextValue: contextValueOf(t),
    expandable: t.stepCount > 0 || t.children.length > 0,
  };
}

export function subAgentNode(taskId: string, c: SubAgentSummary, now: number): Extract<TreeNode, { kind: 'subagent' }> {
  const elapsed = formatElapsed((c.endedAt ?? now) - c.startedAt);
  return { kind: 'subagent', taskId, childId: c.childId, label: c.name, description: `${c.status} · ${elapsed} · ${formatCost(c.costUsd)}`, icon: statusIcon(c.status), expandable: c.steps.length > 0 };
}

/** Sorting within a group: the queue in arrival order, everything else newest first. */
function compareIn(group: GroupId) {
  return (a: TaskSummary, b: TaskSummary) => (group === 'queued' ? a.createdAt - b.createdAt : b.createdAt - a.createdAt);
}

/** Holds the summaries of all known tasks and answers the tree's questions. */
export class TaskListModel {
  private readonly tasks = new Map<string, TaskSummary>();

  /** Folds an event in; returns true when the task's summary changed. */
  apply(e: TaskEvent): boolean {
    const prev = this.tasks.get(e.taskId);
    const next = applyToSummary(prev, e);
    if (next === prev) return false;
    this.tasks.set(e.taskId, next);
    return true;
  }

  remove(taskId: string): boolean {
    return this.tasks.delete(taskId);
  }

  get(taskId: string): TaskSummary | undefined {
    return this.tasks.get(taskId);
  }

  all(): TaskSummary[] {
    return [...this.tasks.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** For the view badge: tasks that cannot go on without the person. */
  waitingCount(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.status === 'waiting') n++;
    return n;
  }

  hasActive(): boolean {
    for (const t of this.tasks.values()) if (isActive(t.status)) return true;
    return false;
  }

  /** Top level: the non-empty groups in fixed order. */
  groups(): Extract<TreeNode, { kind: 'group' }>[] {
    const counts = new Map<GroupId, number>();
    for (const t of this.tasks.values()) counts.set(groupOf(t.status), (counts.get(groupOf(t.status)) ?? 0) + 1);
    return GROUP_ORDER.filter((g) => counts.has(g)).map((g) => ({ kind: 'group', id: g, label: GROUP_LABELS[g], count: counts.get(g) ?? 0 }));
  }

  children(node: TreeNode | undefined, now: number): TreeNode[] {
    if (!node) return this.groups();
    if (node.kind === 'group') {
      return [...this.tasks.values()]
        .filter((t) => groupOf(t.status) === node.id)
        .sort(compareIn(node.id))
        .map((t) => taskNode(t, now));
    }
    if (node.kind === 'task') {
      const t = this.tasks.get(node.taskId);
      if (!t) return [];
      const steps: TreeNode[] = t.steps.map((st) => ({ kind: 'step', taskId: t.taskId, stepId: st.id, label: st.label, icon: STEP_ICONS[st.state] }));
      const hidden = t.stepCount - t.steps.length;
      if (hidden > 0) steps.unshift({ kind: 'more', taskId: t.taskId, label: `${hidden} earlier steps (open in sidebar)` });
      return [...steps, ...t.children.map((c) => subAgentNode(t.taskId, c, now))];
    }
    if (node.kind === 'subagent') {
      const child = this.tasks.get(node.taskId)?.children.find((c) => c.childId === node.childId);
      return (child?.steps ?? []).map((st) => ({ kind: 'step', taskId: node.taskId, stepId: st.id, label: st.label, icon: STEP_ICONS[st.state] }));
    }
    return [];
  }
}
