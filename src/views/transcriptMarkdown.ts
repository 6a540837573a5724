// "Copy Transcript": a task's event log as readable Markdown. Pure.

import type { TaskEvent } from '../shared/taskEvents';
import { formatCost, formatTokens, readBeforeText } from '../shared/format';

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}\n${text}\n${f}`;
}

export function transcriptMarkdown(events: readonly TaskEvent[]): string {
  const out: string[] = [];
  const toolCallApprovals = new Set<string>();
  let text = '';
  const flushText = () => {
    if (text.trim()) out.push(text.trim(), '');
    text = '';
  };
  for (const e of events) {
    if (e.type !== 'text.delta') flushText();
    switch (e.type) {
      case 'task.created':
        out.push(`# ${e.title}`, '', `Folder: \`${e.folder}\`${e.model ? ` · model ${e.model}` : ''} · ${new Date(e.at).toISOString()}`, '', '> ' + e.prompt.split('\n').join('\n> '), '');
        break;
      case 'text.delta':
        text += e.text;
        break;
      case 'tool.started':
        out.push(`**${e.name}** ${e.summary}`, '');
        break;
      case 'tool.finished':
        out.push(`${e.ok ? '✓' : '✗'} ${e.summary}`, '');
        if (e.output.trim()) out.push(fence(e.output.length > 4000 ? `${e.output.slice(0, 4000)}\n…` : e.output), '');
        break;
      case 'plan.proposed':
        out.push('## Plan', '', e.plan.summary, '', ...e.plan.steps.map((s, i) => `${i + 1}. ${s}`), '');
        break;
      case 'plan.decided':
        out.push(`Plan ${e.decision}${e.feedback ? `: ${e.feedback}` : ''}`, '');
        break;
      case 'approval.needed':
        if ('toolCall' in e) {
          toolCallApprovals.add(e.approvalId);
          out.push(`## Tool call to allow: ${e.toolCall.reason}`, '', `**${e.toolCall.name}** ${e.toolCall.summary}`, '', fence(JSON.stringify(e.toolCall.input, null, 2) ?? ''), '');
        } else {
          out.push(`## Changes to approve: ${e.batch.summary}`, '', ...e.batch.items.map((i) => `- ${i.kind} \`${i.path}\``), '');
        }
        if (e.readBefore) out.push(`Read before this request: ${readBeforeText(e.readBefore)}`, '');
        break;
      case 'approval.decided':
        if (toolCallApprovals.has(e.approvalId)) out.push(e.approved ? 'Tool call allowed.' : 'Tool call refused.', '');
        else out.push(e.approved ? 'Changes approved.' : 'Changes refused.', '');
        break;
      case 'question.asked':
        out.push(`**Question:** ${e.question}${e.choices?.length ? ` (${e.choices.join(' / ')})` : ''}`, '');
        break;
      case 'question.answered':
        out.push(`**Answer:** ${e.answer}`, '');
        break;
      case 'redirect':
        out.push(`**You:** ${e.text}`, '');
        break;
      case 'web.searched':
        out.push(e.error ? `Web search "${e.query}" failed: ${e.error}` : `Searched the web: "${e.query}"`, '', ...e.results.map((r) => `- [${r.title}](${r.url})`), '');
        break;
      case 'web.cited':
        out.push('Sources:', '', ...e.sources.map((c) => `- [${c.title}](${c.url}): "${c.citedText}"`), '');
        break;
      case 'output.created':
        out.push(`Created \`${e.path}\``, '');
        break;
      case 'error':
        out.push(`**Error:** ${e.message}`, '');
        break;
      case 'finished':
        out.push(`## ${e.outcome === 'done' ? 'Done' : e.outcome === 'failed' ? 'Failed' : 'Cancelled'}${e.message ? `: ${e.message}` : ''}`, '');
        break;
      case 'usage':
      case 'status':
      case 'turn.started':
      case 'retry':
      case 'sandbox':
        break;
    }
  }
  flushText();
  const usage = [...events].reverse().find((e) => e.type === 'usage');
  if (usage && usage.type === 'usage') {
    const t = usage.total;
    out.push(`_${formatTokens(t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens)} input · ${formatTokens(t.outputTokens)} output tokens · ${formatCost(t.costUsd)}_`);
  }
  return out.join('\n').trimEnd() + '\n';
}
