// The typed events of a task. Everything a person sees (tree view, sidebar, CLI)
// is rendered from these and nothing else; the task store persists them as an
// append-only log. Shared by the extension, the webview bundle and the CLI.

import type { ElicitationForm, FormAction, FormValues } from './elicitationForm';

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
  /**
   * Set when the folder's file changed since the task read it (another task or
   * the person changed it): why, in words. Applying it needs a ConflictChoice.
   */
  conflict?: string;
}

/** How a conflicting change is settled: the task's version, the folder's, or both (the task's saved beside it). */
export type ConflictChoice = 'mine' | 'theirs' | 'both';
export const CONFLICT_CHOICES: readonly ConflictChoice[] = ['mine', 'theirs', 'both'];

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
  /** For a connector tool: the server it belongs to, and the server's own name for the tool. */
  connector?: { server: string; tool: string };
  /** How far a yes may reach, when more than this one call may be offered (absent: this call only). */
  scopes?: ApprovalScope[];
  /** For web_fetch's question: the domain a yes allows (the choices name it: "Always allow example.com"). */
  domain?: string;
}

/**
 * How far a yes to a tool call reaches: this call, the rest of this task (its
 * sub-agents included), or every later call of this tool (kept by the host).
 */
export type ApprovalScope = 'once' | 'task' | 'always';
export const APPROVAL_SCOPES: readonly ApprovalScope[] = ['once', 'task', 'always'];

/** What one approval covers: a batch of staged changes, or one tool call. */
export type ApprovalRequest = { batch: ChangeBatch } | { toolCall: ToolCallApproval };

/**
 * Where content the agent read from outside the person came from: a web page, a web
 * search, a connector's tool, a file (of the folder or the scratch folder), a command's
 * output, a sub-agent's report. Such content may carry planted instructions.
 */
export type UntrustedKind = 'page' | 'search' | 'connector' | 'file' | 'command' | 'subagent';
export const UNTRUSTED_KINDS: readonly UntrustedKind[] = ['page', 'search', 'connector', 'file', 'command', 'subagent'];

/** One untrusted source: its kind and what names it (a URL, a query, server/tool, a path, a command). */
export interface UntrustedSource {
  kind: UntrustedKind;
  label: string;
}

/**
 * The untrusted sources read since the person last spoke (the prompt, a redirect, an
 * answer, plan feedback), most recent last, capped; `omitted` more were read before them.
 */
export interface ReadBefore {
  sources: UntrustedSource[];
  omitted: number;
}

/** One result of a web search, as the steps show it. */
export interface WebSearchHit {
  title: string;
  url: string;
  /** How old the page is, as the search reports it ("3 days ago"); absent when unknown. */
  pageAge?: string;
}

/** A passage of a web page the model's text cites. */
export interface WebCitation {
  url: string;
  title: string;
  citedText: string;
}

export type SandboxState = 'booting' | 'ready' | 'stopped' | 'failed';

export type TaskEventBody =
  | { type: 'task.created'; title: string; prompt: string; folder: string; model: string }
  | { type: 'status'; status: TaskStatus; detail?: string }
  | { type: 'turn.started'; turn: number }
  | { type: 'text.delta'; turn: number; text: string }
  | { type: 'tool.started'; callId: string; name: string; summary: string; input: unknown }
  /** `untrusted`: where outside content in the result came from (a page, a file, a connector…), when it carries any. */
  | { type: 'tool.finished'; callId: string; name: string; ok: boolean; summary: string; output: string; files: FileTouch[]; untrusted?: UntrustedSource[] }
  | { type: 'output.created'; path: string }
  | { type: 'plan.proposed'; plan: Plan }
  | { type: 'plan.decided'; decision: 'approved' | 'edited' | 'rejected'; feedback?: string }
  /**
   * Staged changes to apply to the folder, or one tool call to allow; one approval covers it.
   * `readBefore`: the untrusted sources read since the person last spoke, shown with the request.
   */
  | ({ type: 'approval.needed'; approvalId: string; readBefore?: ReadBefore } & ApprovalRequest)
  /** `choices`: how each conflicting change of an approved batch was settled (ChangeItem.conflict). */
  | { type: 'approval.decided'; approvalId: string; approved: boolean; scope?: ApprovalScope; choices?: Record<string, ConflictChoice> }
  | { type: 'question.asked'; questionId: string; question: string; choices?: string[] }
  | { type: 'question.answered'; questionId: string; answer: string }
  /** A connector asks the person to fill in a form (MCP elicitation) during one of its tool calls. */
  | { type: 'form.requested'; formId: string; form: ElicitationForm }
  /**
   * The person's answer, checked against the form's fields; `values` only for accept. `withdrawn`:
   * the server cancelled its own request before the person answered (action 'cancel', nothing sent).
   */
  | { type: 'form.answered'; formId: string; action: FormAction; values?: FormValues; withdrawn?: true }
  | { type: 'redirect'; text: string }
  /** The model searched the web (the API's server-side search tool); error when the search failed. */
  | { type: 'web.searched'; turn: number; query: string; results: WebSearchHit[]; error?: string }
  /** Sources the model's text of this turn cites, deduplicated by URL and passage. */
  | { type: 'web.cited'; turn: number; sources: WebCitation[] }
  | { type: 'usage'; turn: number; turnUsage: Usage; total: Usage }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | { type: 'error'; message: string; fatal: boolean }
  | { type: 'sandbox'; state: SandboxState; driver: string; isolation: 'vm' | 'namespace'; detail?: string }
  | { type: 'finished'; outcome: 'done' | 'failed' | 'cancelled'; message?: string }
  /** The task's changes were undone (after it finished); `keptLater`: files left as later work had them. */
  | { type: 'task.undone'; keptLater: string[] }
  /** A sub-agent (child task) the task delegated to started; its steps and its end follow in this log. */
  | { type: 'subagent.started'; childId: string; name: string; brief: string; model: string }
  /** One step of a sub-agent: a tool call starting or ending (`callId` pairs them), a file it created, an error. */
  | { type: 'subagent.step'; childId: string; name: string; state: SubAgentStepState; text: string; callId?: string }
  /** What a running sub-agent has spent so far (its total; already included in the parent's usage, which counts it live). */
  | { type: 'subagent.usage'; childId: string; name: string; usage: Usage }
  /** A sub-agent ended: its capped report, the files it wrote, what it cost (included in the parent's usage). */
  | { type: 'subagent.finished'; childId: string; name: string; outcome: 'done' | 'failed' | 'cancelled'; report: string; files: string[]; usage: Usage };

export type SubAgentStepState = 'running' | 'ok' | 'failed';

export type TaskEvent = TaskEventBody & {
  taskId: string;
  /** Position in the task's log, from 0. */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
};

export type TaskEventType = TaskEvent['type'];
