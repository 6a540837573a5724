// The sidebar's view of one task as a pure reducer: events in, state out. The
// webview folds the events the extension sends (a full replay on select/reload,
// then batched live events); tests fold the same events in plain Node.
// Immutable: a step changes identity when it changes, which is how the webview
// knows which DOM nodes to redraw. Browser-safe.

import type { ElicitationForm, FormAction, FormValues } from './elicitationForm';
import type { ApprovalRequest, ApprovalScope, ConflictChoice, FileTouch, ReadBefore, Plan, SandboxState, SubAgentStepState, TaskEvent, TaskStatus, Usage, WebCitation, WebSearchHit } from './taskEvents';

/** Tool output kept for display; the full text stays in the task's log. */
export const MAX_OUTPUT_CHARS = 20_000;

export type Step =
  | { id: string; kind: 'text'; turn: number; text: string }
  | {
      id: string;
      kind: 'tool';
      callId: string;
      name: string;
      summary: string;
      input: string;
      state: 'running' | 'ok' | 'failed';
      result?: string;
      output?: string;
      files: FileTouch[];
    }
  | { id: string; kind: 'output'; path: string }
  | { id: string; kind: 'plan'; plan: Plan; decision?: 'approved' | 'edited' | 'rejected'; feedback?: string }
  /** `choices`: how the conflicting changes of an approved batch were settled, by path. */
  | ({ id: string; kind: 'approval'; approvalId: string; approved?: boolean; scope?: ApprovalScope; choices?: Record<string, ConflictChoice>; readBefore?: ReadBefore } & ApprovalRequest)
  | { id: string; kind: 'question'; questionId: string; question: string; choices: string[]; answer?: string }
  /** A connector's form (elicitation); `action` once the person answered it. */
  | { id: string; kind: 'form'; formId: string; form: ElicitationForm; action?: FormAction; values?: FormValues; withdrawn?: true }
  | { id: string; kind: 'redirect'; text: string }
  | { id: string; kind: 'search'; query: string; results: WebSearchHit[]; error?: string }
  | { id: string; kind: 'sources'; sources: WebCitation[] }
  | { id: string; kind: 'retry'; attempt: number; delayMs: number; reason: string; at: number }
  | { id: string; kind: 'error'; message: string; fatal: boolean }
  | { id: string; kind: 'finished'; outcome: 'done' | 'failed' | 'cancelled'; message?: string }
  /** A sub-agent's lane: its own steps (newest MAX_LANE_LINES), then its report. */
  | {
      id: string;
      kind: 'subagent';
      childId: string;
      name: string;
      brief: string;
      model: string;
      state: 'running' | 'done' | 'failed' | 'cancelled';
      lines: { state: SubAgentStepState; text: string }[];
      report?: string;
      files: string[];
      usage?: Usage;
    };

/** Lines kept per sub-agent lane; the child's report says what it found. */
export const MAX_LANE_LINES = 40;

export interface SandboxView {
  state: SandboxState;
  driver: string;
  isolation: 'vm' | 'namespace';
  detail?: string;
}

export interface SidebarTaskState {
  taskId: string;
  title: string;
  prompt: string;
  folder: string;
  model: string;
  status: TaskStatus;
  statusDetail?: string;
  createdAt: number;
  steps: Step[];
  /** Step ids of the plan/approval/question/form still waiting for the person. */
  openPlan?: string;
  openApproval?: string;
  openQuestion?: string;
  openForm?: string;
  usage?: Usage;
  sandbox?: SandboxView;
  outputs: string[];
  /** Its changes were undone and it has not run since (no Undo offered). */
  undone?: boolean;
  lastSeq: number;
}

export function emptyTaskState(taskId: string, at = 0): SidebarTaskState {
  return { taskId, title: `Task ${taskId}`, prompt: '', folder: '', model: '', status: 'queued', createdAt: at, steps: [], outputs: [], lastSeq: -1 };
}

function summariseInput(input: unknown): string {
  if (input === undefined) return '';
  let text: string;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
  } catch {
    text = String(input);
  }
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (${text.length - MAX_OUTPUT_CHARS} more characters)` : text;
}

function clip(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (${text.length - MAX_OUTPUT_CHARS} more characters in the transcript)` : text;
}

/** Replaces the step with `id` (searched from the end: recent steps change most). */
function replaceStep(steps: Step[], id: string, update: (s: Step) => Step): Step[] {
  for (let i = steps.length - 1; i >= 0; i--) {
    if (steps[i].id === id) {
      const next = steps.slice();
      next[i] = update(steps[i]);
      return next;
    }
  }
  return steps;
}

function findStep<K extends Step['kind']>(steps: Step[], kind: K, match: (s: Extract<Step, { kind: K }>) => boolean): Extract<Step, { kind: K }> | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind === kind && match(s as Extract<Step, { kind: K }>)) return s as Extract<Step, { kind: K }>;
  }
  return undefined;
}

/** Folds one event; events of other tasks and already-seen seqs are ignored. */
export function reduceTask(state: SidebarTaskState, e: TaskEvent): SidebarTaskState {
  if (e.taskId !== state.taskId || e.seq <= state.lastSeq) return state;
  const s: SidebarTaskState = { ...state, lastSeq: e.seq };
  const id = `s${e.seq}`;
  const push = (step: Step) => [...s.steps, step];
  switch (e.type) {
    case 'task.created':
      return { ...s, title: e.title || s.title, prompt: e.prompt, folder: e.folder, model: e.model, createdAt: e.at };
    case 'status':
      return { ...s, status: e.status, statusDetail: e.detail, undone: isRunning({ status: e.status }) ? undefined : s.undone };
    case 'task.undone':
      return { ...s, undone: true };
    case 'turn.started':
      return s;
    case 'text.delta': {
      const last = s.steps[s.steps.length - 1];
      if (last && last.kind === 'text' && last.turn === e.turn) {
        const steps = s.steps.slice();
        steps[steps.length - 1] = { ...last, text: last.text + e.text };
        return { ...s, steps };
      }
      return { ...s, steps: push({ id, kind: 'text', turn: e.turn, text: e.text }) };
    }
    case 'tool.started':
      return {
        ...s,
        steps: push({ id, kind: 'tool', callId: e.callId, name: e.name, summary: e.summary || e.name, input: summariseInput(e.input), state: 'running', files: [] }),
      };
    case 'tool.finished': {
      const step = findStep(s.steps, 'tool', (t) => t.callId === e.callId);
      const done = (t: Step): Step =>
        t.kind === 'tool' ? { ...t, state: e.ok ? 'ok' : 'failed', result: e.summary, output: clip(e.output), files: e.files } : t;
      if (step) return { ...s, steps: replaceStep(s.steps, step.id, done) };
      // A finish without a start (log cut short): still show what happened.
      return { ...s, steps: push(done({ id, kind: 'tool', callId: e.callId, name: e.name, summary: e.name, input: '', state: 'running', files: [] })) };
    }
    case 'output.created':
      return { ...s, outputs: s.outputs.includes(e.path) ? s.outputs : [...s.outputs, e.path], steps: push({ id, kind: 'output', path: e.path }) };
    case 'plan.proposed':
      return { ...s, openPlan: id, steps: push({ id, kind: 'plan', plan: e.plan }) };
    case 'plan.decided': {
      if (!s.openPlan) return s;
      const steps = replaceStep(s.steps, s.openPlan, (p) => (p.kind === 'plan' ? { ...p, decision: e.decision, feedback: e.feedback } : p));
      return { ...s, steps, openPlan: undefined };
    }
    case 'approval.needed':
      return { ...s, openApproval: id, steps: push({ id, kind: 'approval', approvalId: e.approvalId, ...(e.readBefore ? { readBefore: e.readBefore } : {}), ...('toolCall' in e ? { toolCall: e.toolCall } : { batch: e.batch }) }) };
    case 'approval.decided': {
      const step = findStep(s.steps, 'approval', (a) => a.approvalId === e.approvalId);
      if (!step) return s;
      const steps = replaceStep(s.steps, step.id, (a) => (a.kind === 'approval' ? { ...a, approved: e.approved, ...(e.scope ? { scope: e.scope } : {}), ...(e.choices ? { choices: e.choices } : {}) } : a));
      return { ...s, steps, openApproval: s.openApproval === step.id ? undefined : s.openApproval };
    }
    case 'question.asked':
      return { ...s, openQuestion: id, steps: push({ id, kind: 'question', questionId: e.questionId, question: e.question, choices: e.choices ?? [] }) };
    case 'question.answered': {
      const step = findStep(s.steps, 'question', (q) => q.questionId === e.questionId);
      if (!step) return s;
      const steps = replaceStep(s.steps, step.id, (q) => (q.kind === 'question' ? { ...q, answer: e.answer } : q));
      return { ...s, steps, openQuestion: s.openQuestion === step.id ? undefined : s.openQuestion };
    }
    case 'form.requested':
      return { ...s, openForm: id, steps: push({ id, kind: 'form', formId: e.formId, form: e.form }) };
    case 'form.answered': {
      const step = findStep(s.steps, 'form', (f) => f.formId === e.formId);
      if (!step) return s;
      const steps = replaceStep(s.steps, step.id, (f) => (f.kind === 'form' ? { ...f, action: e.action, ...(e.values ? { values: e.values } : {}), ...(e.withdrawn ? { withdrawn: true as const } : {}) } : f));
      return { ...s, steps, openForm: s.openForm === step.id ? undefined : s.openForm };
    }
    case 'redirect':
      return { ...s, steps: push({ id, kind: 'redirect', text: e.text }) };
    case 'web.searched':
      return { ...s, steps: push({ id, kind: 'search', query: e.query, results: e.results, ...(e.error ? { error: e.error } : {}) }) };
    case 'web.cited':
      return { ...s, steps: push({ id, kind: 'sources', sources: e.sources }) };
    case 'usage':
      return { ...s, usage: e.total };
    case 'retry':
      return { ...s, steps: push({ id, kind: 'retry', attempt: e.attempt, delayMs: e.delayMs, reason: e.reason, at: e.at }) };
    case 'error':
      return { ...s, steps: push({ id, kind: 'error', message: e.message, fatal: e.fatal }) };
    case 'sandbox':
      return { ...s, sandbox: { state: e.state, driver: e.driver, isolation: e.isolation, detail: e.detail } };
    case 'finished':
      return {
        ...s,
        status: e.outcome,
        openPlan: undefined,
        openApproval: undefined,
        openQuestion: undefined,
        openForm: undefined,
        // A parent that ended (cancelled, or interrupted by a reload) leaves no lane running.
        steps: [...s.steps.map((l) => (l.kind === 'subagent' && l.state === 'running' ? { ...l, state: 'cancelled' as const } : l)), { id, kind: 'finished', outcome: e.outcome, message: e.message }],
      };
    case 'subagent.started': {
      // A child resumed after a reload moves its lane, lines kept, to where it continues.
      const earlier = findStep(s.steps, 'subagent', (l) => l.childId === e.childId);
      const lines = earlier?.lines ?? [];
      const steps = earlier ? s.steps.filter((l) => l !== earlier) : s.steps;
      return { ...s, steps: [...steps, { id, kind: 'subagent', childId: e.childId, name: e.name, brief: e.brief, model: e.model, state: 'running', lines, files: earlier?.files ?? [] }] };
    }
    case 'subagent.step': {
      const lane = findStep(s.steps, 'subagent', (l) => l.childId === e.childId);
      if (!lane) return s;
      const steps = replaceStep(s.steps, lane.id, (l) => (l.kind === 'subagent' ? { ...l, lines: [...l.lines, { state: e.state, text: e.text }].slice(-MAX_LANE_LINES) } : l));
      return { ...s, steps };
    }
    case 'subagent.usage': {
      const lane = findStep(s.steps, 'subagent', (l) => l.childId === e.childId);
      if (!lane) return s;
      return { ...s, steps: replaceStep(s.steps, lane.id, (l) => (l.kind === 'subagent' ? { ...l, usage: e.usage } : l)) };
    }
    case 'subagent.finished': {
      const lane = findStep(s.steps, 'subagent', (l) => l.childId === e.childId);
      if (!lane) return s;
      const steps = replaceStep(s.steps, lane.id, (l) => (l.kind === 'subagent' ? { ...l, state: e.outcome, report: e.report, files: e.files, usage: e.usage } : l));
      return { ...s, steps };
    }
  }
}

/** Folds a whole log (a replay), e.g. on select or after a reload. */
export function reduceAll(taskId: string, events: readonly TaskEvent[]): SidebarTaskState {
  let s = emptyTaskState(taskId, events[0]?.at ?? 0);
  for (const e of events) s = reduceTask(s, e);
  return s;
}

export function isRunning(s: Pick<SidebarTaskState, 'status'>): boolean {
  return s.status === 'queued' || s.status === 'planning' || s.status === 'running' || s.status === 'waiting';
}

/**
 * Long tasks: only the newest `windowSize` steps are drawn (plus any step still
 * waiting for the person), the rest collapse behind a "show earlier" control.
 */
export function visibleSteps(s: SidebarTaskState, windowSize: number): { hidden: number; steps: Step[] } {
  if (s.steps.length <= windowSize) return { hidden: 0, steps: s.steps };
  const start = s.steps.length - windowSize;
  return { hidden: start, steps: s.steps.slice(start) };
}
