// The typed events of a task. Everything a person sees (tree view, sidebar, CLI)
// is rendered from these and nothing else; the task store persists them as an
// append-only log. Shared by the extension, the webview bundle and the CLI.

export type TaskStatus =
  | 'queued'
  | 'planning'
  | 'waiting' // waiting for the person: plan review, approval or question
  | 'running'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

/** How a tool call touched a file, relative to the task's folder. */
export interface FileTouch {
  path: string;
  action: 'read' | 'created' | 'modified' | 'deleted' | 'moved';
  /** For `moved`: where it went. */
  to?: string;
}

/** The approach the agent proposes before it runs, for the person to review. */
export interface Plan {
  summary: string;
  steps: string[];
  reads: string[];
  creates: string[];
  changes: string[];
  deletes: string[];
}

/** One staged change awaiting approval (see src/sandbox staging). */
export interface ChangeItem {
  kind: 'added' | 'modified' | 'deleted' | 'renamed';
  path: string;
  /** For `renamed`: the original path. */
  from?: string;
  /** Unified diff for small text files, when available. */
  diff?: string;
  size?: number;
}

export interface ChangeBatch {
  summary: string;
  items: ChangeItem[];
}

/** A tool call the approval policy puts in front of the person before it runs. */
export interface ToolCallApproval {
  callId: string;
  /** The tool's name, e.g. `write_file`. */
  name: string;
  /** The input the model gave it. */
  input: unknown;
  /** The tool's one-line description of this call. */
  summary: string;
  /** Why the person is asked (the policy's reason). */
  reason: string;
}

/** What one approval covers: a batch of staged changes, or one tool call. */
export type ApprovalRequest = { batch: ChangeBatch } | { toolCall: ToolCallApproval };

export type SandboxState = 'booting' | 'ready' | 'stopped' | 'failed';

export type TaskEventBody =
  | { type: 'task.created'; title: string; prompt: string; folder: string; model: string }
  | { type: 'status'; status: TaskStatus; detail?: string }
  | { type: 'turn.started'; turn: number }
  | { type: 'text.delta'; turn: number; text: string }
  | { type: 'tool.started'; callId: string; name: string; summary: string; input: unknown }
  | { type: 'tool.finished'; callId: string; name: string; ok: boolean; summary: string; output: string; files: FileTouch[] }
  | { type: 'output.created'; path: string }
  | { type: 'plan.proposed'; plan: Plan }
  | { type: 'plan.decided'; decision: 'approved' | 'edited' | 'rejected'; feedback?: string }
  /** Staged changes to apply to the folder, or one tool call to allow; one approval covers it. */
  | ({ type: 'approval.needed'; approvalId: string } & ApprovalRequest)
  | { type: 'approval.decided'; approvalId: string; approved: boolean }
  | { type: 'question.asked'; questionId: string; question: string; choices?: string[] }
  | { type: 'question.answered'; questionId: string; answer: string }
  | { type: 'redirect'; text: string }
  | { type: 'usage'; turn: number; turnUsage: Usage; total: Usage }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'error'; message: string; fatal: boolean }
  | { type: 'sandbox'; state: SandboxState; driver: string; isolation: 'vm' | 'namespace'; detail?: string }
  | { type: 'finished'; outcome: 'done' | 'failed' | 'cancelled'; message?: string };

export type TaskEvent = TaskEventBody & {
  taskId: string;
  /** Position in the task's log, from 0. */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
};

export type TaskEventType = TaskEvent['type'];
