// Turns task events into terminal lines: one line per step, model text streamed
// as it arrives. Knows nothing about the task beyond its events (like the views).

import type { Plan, TaskEvent, Usage } from '../shared/taskEvents';

export interface Output {
  write(text: string): void;
}

export class EventPrinter {
  private midText = false;

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
        return `▶ ${e.title}\n  folder: ${e.folder} · model: ${e.model}`;
      case 'sandbox':
        return `· sandbox ${e.state} (${e.driver}, ${e.isolation})${e.detail ? `: ${e.detail}` : ''}`;
      case 'status':
        return `· ${e.status}${e.detail ? `: ${e.detail}` : ''}`;
      case 'turn.started':
      case 'usage':
      case 'plan.decided':
      case 'approval.decided':
      case 'question.answered':
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
        if ('toolCall' in e) return [`? approval needed: ${e.toolCall.reason}`, `    ${e.toolCall.name}: ${e.toolCall.summary}`, `    input: ${clip(JSON.stringify(e.toolCall.input) ?? '')}`].join('\n');
        return [`? approval needed: ${e.batch.summary}`, ...e.batch.items.map((i) => `    ${i.kind} ${i.from ? `${i.from} → ` : ''}${i.path}`)].join('\n');
      case 'question.asked':
        return `? ${e.question}${e.choices?.length ? `\n${e.choices.map((c, i) => `    ${i + 1}. ${c}`).join('\n')}` : ''}`;
      case 'redirect':
        return `» you: ${e.text}`;
      case 'retry':
        return `… retrying in ${Math.ceil(e.delayMs / 1000)}s (${e.reason}, attempt ${e.attempt})`;
      case 'error':
        return `✗ ${e.fatal ? 'error' : 'warning'}: ${e.message}`;
      case 'finished':
        return `■ ${e.outcome}${e.message ? `: ${firstLine(e.message)}` : ''}`;
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

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}
