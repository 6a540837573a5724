// The runtime check of the task event contract (taskEvents.ts): the webview runs it
// on every event the extension posts, the task store on every line it replays.
// Browser-safe.

import { APPROVAL_SCOPES, CONFLICT_CHOICES, UNTRUSTED_KINDS, type ApprovalScope, type ConflictChoice, type TaskEvent, type TaskEventBody, type TaskEventType } from './taskEvents';
import { checkShape, isRecord, type Shape } from './shapes';
import { FORM_ACTIONS, FORM_FIELD_KINDS } from './elicitationForm';

export const TASK_STATUSES = ['queued', 'planning', 'waiting', 'running', 'done', 'failed', 'cancelled'] as const;

// The shapes below are not a second contract: their type is computed from TaskEventBody, so
// the compiler rejects a missing event type, a missing or extra field, or a field checked as
// the wrong kind. (Optional fields other than strings, and nested objects, are checked by
// hand after the flat shape.)
type RequiredKind<V> = [V] extends [boolean]
  ? 'boolean'
  : [V] extends [number]
    ? 'number'
    : [V] extends [string]
      ? string extends V
        ? 'string'
        : readonly V[]
      : [V] extends [readonly unknown[]]
        ? 'array'
        : 'object';
type KindOf<V> = unknown extends V ? 'any' : undefined extends V ? 'string?' : RequiredKind<V>;
type IsFlat<V> = unknown extends V ? true : undefined extends V ? ([Exclude<V, undefined>] extends [string] ? true : false) : true;
type ShapeOf<B> = { [K in Exclude<keyof B, 'type'> as IsFlat<B[K]> extends true ? K : never]-?: KindOf<B[K]> };

/** Required fields per event type, held to taskEvents.ts by the type above. */
const EVENT_SHAPES: { [T in TaskEventType]: ShapeOf<Extract<TaskEventBody, { type: T }>> } = {
  'task.created': { title: 'string', prompt: 'string', folder: 'string', model: 'string' },
  status: { status: TASK_STATUSES, detail: 'string?' },
  'turn.started': { turn: 'number' },
  'text.delta': { turn: 'number', text: 'string' },
  'tool.started': { callId: 'string', name: 'string', summary: 'string', input: 'any' },
  'tool.finished': { callId: 'string', name: 'string', ok: 'boolean', summary: 'string', output: 'string', files: 'array' },
  'output.created': { path: 'string' },
  'plan.proposed': { plan: 'object' },
  'plan.decided': { decision: ['approved', 'edited', 'rejected'], feedback: 'string?' },
  'approval.needed': { approvalId: 'string' },
  'approval.decided': { approvalId: 'string', approved: 'boolean', scope: 'string?' },
  'question.asked': { questionId: 'string', question: 'string' },
  'question.answered': { questionId: 'string', answer: 'string' },
  'form.requested': { formId: 'string', form: 'object' },
  'form.answered': { formId: 'string', action: FORM_ACTIONS },
  redirect: { text: 'string' },
  'web.searched': { turn: 'number', query: 'string', results: 'array', error: 'string?' },
  'web.cited': { turn: 'number', sources: 'array' },
  usage: { turn: 'number', turnUsage: 'object', total: 'object' },
  retry: { attempt: 'number', delayMs: 'number', reason: 'string' },
  error: { message: 'string', fatal: 'boolean' },
  sandbox: { state: ['booting', 'ready', 'stopped', 'failed'], driver: 'string', isolation: ['vm', 'namespace'], detail: 'string?' },
  finished: { outcome: ['done', 'failed', 'cancelled'], message: 'string?' },
  'task.undone': { keptLater: 'array' },
  'subagent.started': { childId: 'string', name: 'string', brief: 'string', model: 'string' },
  'subagent.step': { childId: 'string', name: 'string', state: ['running', 'ok', 'failed'], text: 'string', callId: 'string?' },
  'subagent.usage': { childId: 'string', name: 'string', usage: 'object' },
  'subagent.finished': { childId: 'string', name: 'string', outcome: ['done', 'failed', 'cancelled'], report: 'string', files: 'array', usage: 'object' },
};

const PLAN_SHAPE: Shape = { summary: 'string', steps: 'array', reads: 'array', creates: 'array', changes: 'array', deletes: 'array' };
const TOOL_CALL_SHAPE: Shape = { callId: 'string', name: 'string', input: 'any', summary: 'string', reason: 'string', domain: 'string?' };
const USAGE_SHAPE: Shape = { inputTokens: 'number', outputTokens: 'number', cacheReadTokens: 'number', cacheWriteTokens: 'number', costUsd: 'number' };

/** Validates one task event: the webview runs it on what it receives, the task store on every line it replays. */
export function validateTaskEvent(v: unknown): string | null {
  if (!isRecord(v)) return 'event must be an object';
  const head = checkShape(v, { taskId: 'string', seq: 'number', at: 'number', type: 'string' });
  if (head) return head;
  const shape = EVENT_SHAPES[v.type as TaskEvent['type']];
  if (!shape || !Object.prototype.hasOwnProperty.call(EVENT_SHAPES, v.type as string)) return `unknown event type ${JSON.stringify(v.type)}`;
  const err = checkShape(v, shape);
  if (err) return `${v.type as string}: ${err}`;
  // Nested shapes the UI reads field by field.
  if (v.type === 'plan.proposed') return checkShape(v.plan as Record<string, unknown>, PLAN_SHAPE);
  if (v.type === 'subagent.finished') {
    if (!(v.files as unknown[]).every((f) => typeof f === 'string')) return 'subagent.finished: files must be strings';
    return checkShape(v.usage as Record<string, unknown>, USAGE_SHAPE);
  }
  if (v.type === 'task.undone' && !(v.keptLater as unknown[]).every((f) => typeof f === 'string')) return 'task.undone: keptLater must be strings';
  if (v.type === 'subagent.usage') return checkShape(v.usage as Record<string, unknown>, USAGE_SHAPE);
  if (v.type === 'usage') return checkShape(v.total as Record<string, unknown>, USAGE_SHAPE) ?? checkShape(v.turnUsage as Record<string, unknown>, USAGE_SHAPE);
  if (v.type === 'tool.finished' && v.untrusted !== undefined) return checkSources(v.untrusted, 'tool.finished: untrusted');
  if (v.type === 'approval.needed') {
    const before = v.readBefore === undefined ? null : checkReadBefore(v.readBefore);
    if (before) return before;
    if (v.batch !== undefined) return isRecord(v.batch) ? checkShape(v.batch, { summary: 'string', items: 'array' }) : 'approval.needed: batch must be an object';
    if (v.toolCall !== undefined) return isRecord(v.toolCall) ? (checkShape(v.toolCall, TOOL_CALL_SHAPE) ?? checkScopes(v.toolCall.scopes)) : 'approval.needed: toolCall must be an object';
    return 'approval.needed: needs a batch or a toolCall';
  }
  if (v.type === 'approval.decided' && v.scope !== undefined && !APPROVAL_SCOPES.includes(v.scope as ApprovalScope)) return `approval.decided: scope must be one of ${APPROVAL_SCOPES.join(', ')}`;
  if (v.type === 'approval.decided' && v.choices !== undefined) return checkConflictChoices(v.choices, 'approval.decided');
  if (v.type === 'web.searched') return everyShape(v.results as unknown[], { title: 'string', url: 'string', pageAge: 'string?' }, 'web.searched: results');
  if (v.type === 'web.cited') return everyShape(v.sources as unknown[], { url: 'string', title: 'string', citedText: 'string' }, 'web.cited: sources');
  if (v.type === 'question.asked' && v.choices !== undefined && !(Array.isArray(v.choices) && v.choices.every((c) => typeof c === 'string'))) {
    return 'question.asked: choices must be strings';
  }
  if (v.type === 'form.requested') return checkForm(v.form as Record<string, unknown>);
  if (v.type === 'form.answered' && v.values !== undefined && !isRecord(v.values)) return 'form.answered: values must be an object';
  if (v.type === 'form.answered' && v.withdrawn !== undefined && v.withdrawn !== true) return 'form.answered: withdrawn must be true when present';
  return null;
}

const FIELD_SHAPE: Shape = { key: 'string', title: 'string', kind: FORM_FIELD_KINDS, description: 'string?' };

function checkForm(form: Record<string, unknown>): string | null {
  const head = checkShape(form, { server: 'string', message: 'string', fields: 'array' });
  if (head) return `form.requested: form: ${head}`;
  for (const [i, f] of (form.fields as unknown[]).entries()) {
    if (!isRecord(f)) return `form.requested: fields[${i}]: must be an object`;
    const err = checkShape(f, FIELD_SHAPE) ?? checkShape(f, { required: 'boolean' });
    if (err) return `form.requested: fields[${i}]: ${err}`;
    if ((f.kind === 'choice' || f.kind === 'multi') && !(Array.isArray(f.options) && f.options.every((o: unknown) => isRecord(o) && typeof o.value === 'string' && typeof o.label === 'string'))) {
      return `form.requested: fields[${i}]: options must be a list of {value, label}`;
    }
  }
  return null;
}

const SOURCE_SHAPE: Shape = { kind: UNTRUSTED_KINDS, label: 'string' };

function checkSources(sources: unknown, where: string): string | null {
  return Array.isArray(sources) ? everyShape(sources, SOURCE_SHAPE, where) : `${where} must be an array`;
}

function checkReadBefore(v: unknown): string | null {
  if (!isRecord(v)) return 'approval.needed: readBefore must be an object';
  return checkShape(v, { sources: 'array', omitted: 'number' }) ?? checkSources(v.sources, 'approval.needed: readBefore.sources');
}

function checkScopes(scopes: unknown): string | null {
  if (scopes === undefined) return null;
  if (!Array.isArray(scopes) || !scopes.every((x) => APPROVAL_SCOPES.includes(x as ApprovalScope))) return `approval.needed: toolCall.scopes must be a list of ${APPROVAL_SCOPES.join(', ')}`;
  return null;
}

function everyShape(items: unknown[], shape: Shape, where: string): string | null {
  for (const [i, item] of items.entries()) {
    const err = isRecord(item) ? checkShape(item, shape) : 'must be an object';
    if (err) return `${where}[${i}]: ${err}`;
  }
  return null;
}

/** A path → ConflictChoice map (approval.decided, and the webview's decideApproval). */
export function checkConflictChoices(choices: unknown, where: string): string | null {
  if (!isRecord(choices) || !Object.values(choices).every((c) => CONFLICT_CHOICES.includes(c as ConflictChoice))) {
    return `${where}: choices must map paths to one of ${CONFLICT_CHOICES.join(', ')}`;
  }
  return null;
}
