// Turns task events into terminal lines: one line per step, model text streamed
// as it arrives. Knows nothing about the task beyond its events (like the views).

import { readBeforeText } from '../shared/format';
import type { Plan, TaskEvent, Usage } from '../shared/taskEvents';
import { formatFormValue, type ElicitationForm } from '../shared/elicitationForm';

export interface Output {
  write(text: string): void;
}

export class EventPrinter {
  private midText = false;
  /** Approvals that asked about a web domain (their "always" is kept elsewhere). */
  private readonly domainApprovals = new Map<string, string>();
  /** Open connector forms, to print their answers by field title. */
  private readonly forms = new Map<string, ElicitationForm>();

  constructor(private readonly out: Output) {}

  print(e: TaskEvent): void {
    if (e.type === 'text.delta') {
      this.out.write(e.text);
      this.midText = !e.text.endsWith('\n');
      return;
    }
    const line = this.lineFor(e);
    if (line === undefined) return;
    if (this.midText) this.out.write('\n');
    this.midText = false;
    this.out.write(`${line}\n`);
  }

  private lineFor(e: TaskEvent): string | undefined {
    switch (e.type) {
      case 'task.created':
        return `▶ ${e.title}\n  folder: ${e.folder} · model: ${e.model} · task ${e.taskId}`;
      case 'sandbox':
        return `· sandbox ${e.state} (${e.driver}, ${e.isolation})${e.detail ? `: ${e.detail}` : ''}`;
      case 'status':
        return `· ${e.status}${e.detail ? `: ${e.detail}` : ''}`;
      case 'turn.started':
      case 'usage':
      case 'subagent.usage':
      case 'plan.decided':
      case 'question.answered':
        return undefined;
      case 'approval.decided':
        if (e.scope === 'task') return '  allowed for the rest of this task';
        if (e.scope === 'always') {
          const host = this.domainApprovals.get(e.approvalId);
          return host ? `  ${host} allowed from now on (kept in ~/.cowork/web-domains.json)` : '  allowed from now on (kept in ~/.cowork/tool-grants.json)';
        }
        return undefined;
      case 'tool.started':
        return `→ ${e.summary}`;
      case 'tool.finished':
        return `${e.ok ? '✓' : '✗'} ${e.summary}`;
      case 'output.created':
        return `+ created ${e.path}`;
      case 'plan.proposed':
        return formatPlan(e.plan);
      case 'approval.needed':
        if ('toolCall' in e && e.toolCall.name === 'web_fetch') this.domainApprovals.set(e.approvalId, e.toolCall.domain ?? hostIn(e.toolCall.input));
        return [...approvalLines(e), ...(e.readBefore ? [`    read before this request: ${readBeforeText(e.readBefore)}`] : [])].join('\n');
      case 'question.asked':
        return `? ${e.question}${e.choices?.length ? `\n${e.choices.map((c, i) => `    ${i + 1}. ${c}`).join('\n')}` : ''}`;
      case 'form.requested':
        this.forms.set(e.formId, e.form);
        return [`? connector ${e.form.server} asks you to fill in a form: ${e.form.message}`, ...e.form.fields.map((f) => `    ${f.title}${f.required ? ' (required)' : ''}${f.description ? `: ${f.description}` : ''}`)].join('\n');
      case 'form.answered': {
        const form = this.forms.get(e.formId);
        this.forms.delete(e.formId);
        if (e.withdrawn) return `  form closed: the server withdrew its question; nothing sent`;
        if (e.action !== 'accept') return `  form ${e.action === 'decline' ? 'declined' : 'cancelled'}: nothing sent`;
        const sent = (form?.fields ?? []).filter((f) => e.values?.[f.key] !== undefined).map((f) => `${f.title}: ${formatFormValue(f, e.values![f.key])}`);
        return `  form sent${sent.length ? `: ${clip(sent.join(' · '), 400)}` : ' (empty)'}`;
      }
      case 'redirect':
        return `» you: ${e.text}`;
      case 'web.searched':
        if (e.error) return `✗ web search "${e.query}": ${e.error}`;
        return [`⌕ searched the web: "${e.query}" (${e.results.length} result${e.results.length === 1 ? '' : 's'})`, ...e.results.slice(0, 5).map((r) => `    ${r.title} — ${r.url}`)].join('\n');
      case 'web.cited':
        return e.sources.map((s) => `  [source] ${s.title} — ${s.url}`).join('\n');
      case 'retry':
        return `… retrying in ${Math.ceil(e.delayMs / 1000)}s (${e.reason}, attempt ${e.attempt})`;
      case 'error':
        return `✗ ${e.fatal ? 'error' : 'warning'}: ${e.message}`;
      case 'finished':
        return `■ ${e.outcome}${e.message ? `: ${firstLine(e.message)}` : ''}`;
      case 'subagent.started':
        return `⇉ [${e.name}] started (${e.model}): ${firstLine(e.brief)}`;
      case 'subagent.step':
        return `  [${e.name}] ${e.state === 'running' ? '→' : e.state === 'ok' ? '✓' : '✗'} ${firstLine(e.text)}`;
      case 'subagent.finished':
        return `⇇ [${e.name}] ${e.outcome}${e.files.length ? ` · wrote ${e.files.join(', ')}` : ''} · $${e.usage.costUsd.toFixed(4)}`;
    }
  }
}

export function formatPlan(p: Plan): string {
  const list = (label: string, items: string[]) => (items.length ? [`  ${label}: ${items.join(', ')}`] : []);
  return [
    `? plan: ${p.summary}`,
    ...p.steps.map((s, i) => `  ${i + 1}. ${s}`),
    ...list('reads', p.reads),
    ...list('creates', p.creates),
    ...list('changes', p.changes),
    ...list('deletes', p.deletes),
  ].join('\n');
}

export function formatUsage(u: Usage): string {
  return `tokens: ${u.inputTokens} in, ${u.outputTokens} out, ${u.cacheReadTokens} cache read, ${u.cacheWriteTokens} cache write · cost $${u.costUsd.toFixed(4)}`;
}

/** What an approval asks: the tool call and its input, or the batch's changes. */
function approvalLines(e: Extract<TaskEvent, { type: 'approval.needed' }>): string[] {
  if ('toolCall' in e) return [`? approval needed: ${e.toolCall.reason}`, `    ${e.toolCall.name}: ${e.toolCall.summary}`, `    input: ${clip(JSON.stringify(e.toolCall.input) ?? '')}`];
  return [`? approval needed: ${e.batch.summary}`, ...e.batch.items.map((i) => `    ${i.kind} ${i.from ? `${i.from} → ` : ''}${i.path}${i.conflict ? `  ⚠ conflict: ${i.conflict}` : ''}`)];
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

function hostIn(input: unknown): string {
  try {
    return new URL(String((input as { url?: unknown } | null)?.url ?? '')).hostname;
  } catch {
    return 'the domain';
  }
}
