// The typed messages between the extension and the sidebar webview, and the one
// validator both ends run on everything they receive. A webview is a separate
// process that may be stale (reloaded from an older bundle) or buggy, so neither
// side trusts the other's shapes: a message that does not validate is dropped
// with a logged error instead of half-handled. Browser-safe: no Node or vscode.

import { APPROVAL_SCOPES, type ApprovalScope, type ConflictChoice, type TaskEvent, type TaskStatus } from './taskEvents';
import { checkShape, isRecord, type Parsed, type Shape } from './shapes';
import { FORM_ACTIONS, type FormAction } from './elicitationForm';
import { TASK_STATUSES, checkConflictChoices, validateTaskEvent } from './taskEventValidator';

/** One task as the switcher and tree list it (see taskListModel). */
export interface TaskSummaryMessage {
  taskId: string;
  title: string;
  status: TaskStatus;
  createdAt: number;
  costUsd: number;
}

/** What the composer needs to know about the place it runs in. */
export interface SidebarEnvironment {
  /** Folder a new task works on; null when no folder is open. */
  folder: string | null;
  hasApiKey: boolean;
  /** Workspace trust: untrusted folders show history but cannot run tasks. */
  trusted: boolean;
  planFirst: boolean;
}

export type ExtensionToWebview =
  /** Answer to `ready`: everything needed to draw from scratch (after reload or re-show). */
  | { type: 'init'; env: SidebarEnvironment; tasks: TaskSummaryMessage[]; selectedTaskId: string | null; events: TaskEvent[] }
  | { type: 'env'; env: SidebarEnvironment }
  | { type: 'tasks'; tasks: TaskSummaryMessage[] }
  /** Show this task: its whole event log so far (null = the composer). */
  | { type: 'select'; taskId: string | null; events: TaskEvent[] }
  /** New events of the selected task, batched (text deltas coalesced). */
  | { type: 'events'; events: TaskEvent[] }
  | { type: 'focusComposer'; prompt?: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** A form answer the host refused: what is wrong, per field key; the form stays open. */
  | { type: 'formErrors'; taskId: string; formId: string; errors: Record<string, string> };

export type TaskAction = 'retry' | 'resume' | 'undo' | 'revealOutputs' | 'copyTranscript';

export type WebviewToExtension =
  | { type: 'ready'; selectedTaskId: string | null }
  | { type: 'start'; prompt: string }
  | { type: 'select'; taskId: string | null }
  | { type: 'cancel'; taskId: string }
  | { type: 'redirect'; taskId: string; text: string }
  | { type: 'decidePlan'; taskId: string; decision: 'approved' | 'edited' | 'rejected'; feedback?: string }
  /**
   * `scope` only for a tool call that offered scopes; absent means this call only.
   * `choices`: for a batch with conflicting changes (ChangeItem.conflict), how the person settled
   * each, by path; a conflicting path left out keeps both versions.
   */
  | { type: 'decideApproval'; taskId: string; approvalId: string; approved: boolean; scope?: ApprovalScope; choices?: Record<string, ConflictChoice> }
  | { type: 'answer'; taskId: string; questionId: string; answer: string }
  /** A connector's form: `values` (as typed or chosen, by field key) only for accept; the host checks them. */
  | { type: 'answerForm'; taskId: string; formId: string; action: FormAction; values?: Record<string, unknown> }
  /** Open a file of the task (relative to its folder) in an editor. */
  | { type: 'openFile'; taskId: string; path: string }
  /** Open a web page the task searched or cited, in the person's browser. */
  | { type: 'openLink'; taskId: string; url: string }
  | { type: 'taskAction'; taskId: string; action: TaskAction }
  | { type: 'setApiKey' }
  | { type: 'prepareSandbox' };

function validateEvents(list: unknown[]): string | null {
  for (let i = 0; i < list.length; i++) {
    const err = validateTaskEvent(list[i]);
    if (err) return `events[${i}]: ${err}`;
  }
  return null;
}

const SUMMARY_SHAPE: Shape = { taskId: 'string', title: 'string', status: TASK_STATUSES, createdAt: 'number', costUsd: 'number' };
const ENV_SHAPE: Shape = { folder: 'string|null', hasApiKey: 'boolean', trusted: 'boolean', planFirst: 'boolean' };

function validateSummaries(list: unknown[]): string | null {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const err = isRecord(item) ? checkShape(item, SUMMARY_SHAPE) : 'must be an object';
    if (err) return `tasks[${i}]: ${err}`;
  }
  return null;
}

const TO_WEBVIEW: Record<ExtensionToWebview['type'], (m: Record<string, unknown>) => string | null> = {
  init: (m) =>
    checkShape(m, { env: 'object', tasks: 'array', selectedTaskId: 'string|null', events: 'array' }) ??
    checkShape(m.env as Record<string, unknown>, ENV_SHAPE) ??
    validateSummaries(m.tasks as unknown[]) ??
    validateEvents(m.events as unknown[]),
  env: (m) => checkShape(m, { env: 'object' }) ?? checkShape(m.env as Record<string, unknown>, ENV_SHAPE),
  tasks: (m) => checkShape(m, { tasks: 'array' }) ?? validateSummaries(m.tasks as unknown[]),
  select: (m) => checkShape(m, { taskId: 'string|null', events: 'array' }) ?? validateEvents(m.events as unknown[]),
  events: (m) => checkShape(m, { events: 'array' }) ?? validateEvents(m.events as unknown[]),
  focusComposer: (m) => checkShape(m, { prompt: 'string?' }),
  notice: (m) => checkShape(m, { level: ['info', 'error'], message: 'string' }),
  formErrors: (m) =>
    checkShape(m, { taskId: 'string', formId: 'string', errors: 'object' }) ??
    (Object.values(m.errors as Record<string, unknown>).every((x) => typeof x === 'string') ? null : 'errors must map field keys to messages'),
};

const TASK_ACTIONS: readonly TaskAction[] = ['retry', 'resume', 'undo', 'revealOutputs', 'copyTranscript'];

const FROM_WEBVIEW: Record<WebviewToExtension['type'], Shape> = {
  ready: { selectedTaskId: 'string|null' },
  start: { prompt: 'string' },
  select: { taskId: 'string|null' },
  cancel: { taskId: 'string' },
  redirect: { taskId: 'string', text: 'string' },
  decidePlan: { taskId: 'string', decision: ['approved', 'edited', 'rejected'], feedback: 'string?' },
  decideApproval: { taskId: 'string', approvalId: 'string', approved: 'boolean', scope: 'string?' },
  answer: { taskId: 'string', questionId: 'string', answer: 'string' },
  answerForm: { taskId: 'string', formId: 'string', action: FORM_ACTIONS },
  openFile: { taskId: 'string', path: 'string' },
  openLink: { taskId: 'string', url: 'string' },
  taskAction: { taskId: 'string', action: TASK_ACTIONS },
  setApiKey: {},
  prepareSandbox: {},
};

function parseWith<T>(raw: unknown, table: Record<string, (m: Record<string, unknown>) => string | null>): Parsed<T> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  const type = raw.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(type)}` };
  }
  const err = table[type](raw);
  return err ? { ok: false, error: `${type}: ${err}` } : { ok: true, value: raw as T };
}

/** Run by the webview on everything the extension posts. */
export function parseExtensionMessage(raw: unknown): Parsed<ExtensionToWebview> {
  return parseWith<ExtensionToWebview>(raw, TO_WEBVIEW);
}

/** Run by the extension on everything the webview posts. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewToExtension> {
  const table = Object.fromEntries(Object.entries(FROM_WEBVIEW).map(([k, shape]) => [k, (m: Record<string, unknown>) => checkShape(m, shape) ?? checkScope(m) ?? checkChoices(m) ?? checkFormValues(m)]));
  return parseWith<WebviewToExtension>(raw, table);
}

/** decideApproval's optional scope must be one the protocol knows. */
function checkScope(m: Record<string, unknown>): string | null {
  if (m.type !== 'decideApproval' || m.scope === undefined || APPROVAL_SCOPES.includes(m.scope as ApprovalScope)) return null;
  return `scope must be one of ${APPROVAL_SCOPES.join(', ')}`;
}

/** answerForm's optional values: an object of field values (their kinds are the host's to check). */
function checkFormValues(m: Record<string, unknown>): string | null {
  if (m.type !== 'answerForm' || m.values === undefined) return null;
  return isRecord(m.values) ? null : 'values must be an object';
}

/** decideApproval's optional choices must map paths to a known ConflictChoice. */
function checkChoices(m: Record<string, unknown>): string | null {
  return m.type !== 'decideApproval' || m.choices === undefined ? null : checkConflictChoices(m.choices, 'choices');
}
