// Answers what the task asks of the person: plan review, change approvals and
// questions. --yes / --no answer automatically; otherwise the terminal asks,
// one prompt at a time (readline), and end of input counts as "no".

import type { ApprovalScope, ChangeItem, ConflictChoice, TaskEvent } from '../shared/taskEvents';
import type { AgentTask } from '../agent/loop/agentTask';
import type { ReviewMode } from './args';
import type { TerminalLines } from './terminalLines';
import { askFormOnTerminal } from './formPrompt';

const SCOPE_CHOICES: { scope: ApprovalScope; keys: string[]; label: string }[] = [
  { scope: 'once', keys: ['y', 'yes', 'once'], label: '[y]es once' },
  { scope: 'task', keys: ['t', 'task'], label: 'for this [t]ask' },
  { scope: 'always', keys: ['a', 'always'], label: '[a]lways' },
];

const CONFLICT_KEYS: [string, ConflictChoice][] = [['mine', 'mine'], ['theirs', 'theirs'], ['both', 'both']];

const UNATTENDED_ANSWER = 'The person is not at the terminal (unattended run). Decide sensibly yourself and say what you assumed.';

export class Reviewer {
  private queue: Promise<void> = Promise.resolve();
  /** Forms asked or waiting in the queue, by id: aborted when the server withdraws one. */
  private readonly forms = new Map<string, AbortController>();

  constructor(
    private readonly task: AgentTask,
    private readonly mode: ReviewMode,
    private readonly lines: TerminalLines,
    private readonly output: NodeJS.WritableStream,
  ) {}

  handle(e: TaskEvent): void {
    if (e.type === 'form.answered') {
      // Answered here, or closed by the desk because the server withdrew it: stop asking.
      this.forms.get(e.formId)?.abort();
      this.forms.delete(e.formId);
      return;
    }
    if (e.type === 'form.requested' && this.mode === 'ask') this.forms.set(e.formId, new AbortController());
    if (e.type !== 'plan.proposed' && e.type !== 'approval.needed' && e.type !== 'question.asked' && e.type !== 'form.requested') return;
    if (this.mode !== 'ask') return this.answerUnattended(e);
    // One prompt at a time, in the order the task asked.
    this.queue = this.queue
      .then(() => this.ask(e))
      .catch((err) => void this.output.write(`✗ ${(err as Error).message}\n`));
  }

  private answerUnattended(e: TaskEvent): void {
    const tag = this.mode === 'yes' ? '--yes' : '--no';
    if (e.type === 'plan.proposed') {
      this.output.write(`  plan approved (${tag})\n`);
      this.task.decidePlan('approved');
    } else if (e.type === 'approval.needed') {
      const ok = this.mode === 'yes';
      const [what, yes] = 'toolCall' in e ? [`${e.toolCall.name} call`, 'allowed'] : ['changes', 'approved'];
      this.output.write(`  ${what} ${ok ? yes : 'refused'} (${tag})\n`);
      // Unattended, a conflict is never settled by overwriting: both versions are kept.
      const conflicts = 'batch' in e && ok ? e.batch.items.filter((i) => i.conflict) : [];
      for (const c of conflicts) this.output.write(`  ${c.path}: kept both, this task's version saved beside it (${tag})\n`);
      this.task.decideApproval(e.approvalId, ok, undefined, conflicts.length > 0 ? Object.fromEntries(conflicts.map((c) => [c.path, 'both' as const])) : undefined);
    } else if (e.type === 'question.asked') {
      this.output.write(`  no one to answer (${tag}); the agent decides\n`);
      this.task.answerQuestion(e.questionId, UNATTENDED_ANSWER);
    } else if (e.type === 'form.requested') {
      // A form asks the person for facts only they have: nobody may make them up.
      this.output.write(`  ${e.form.server}'s form declined: ${tag} cannot fill in a form (run without ${tag} to answer it)\n`);
      this.task.answerForm(e.formId, { action: 'decline' });
    }
  }

  /** For each conflicting change: [m]ine, [t]heirs or [b]oth; an empty answer (or end of input) keeps both. */
  private async settleConflicts(items: ChangeItem[]): Promise<Record<string, ConflictChoice> | undefined> {
    const conflicts = items.filter((i) => i.conflict);
    if (conflicts.length === 0) return undefined;
    const choices: Record<string, ConflictChoice> = {};
    for (const c of conflicts) {
      for (;;) {
        const a = (await this.lines.prompt(`  ${c.path} ${c.conflict}: apply [m]ine / keep [t]heirs / keep [b]oth (mine saved beside it): `)).trim().toLowerCase();
        const choice = CONFLICT_KEYS.find(([key]) => a === key || a === key[0] || (a === '' && key === 'both'));
        if (choice) {
          choices[c.path] = choice[1];
          break;
        }
        this.output.write('  please answer m, t or b\n');
      }
    }
    return choices;
  }

  /**
   * A call that may be allowed beyond itself: [y]es once, for this [t]ask, [a]lways, [n]o. A web
   * domain's question names the domain: "Fetch from example.com? [y] allow once / for this [t]ask /
   * [a]lways allow example.com / [n]o".
   */
  private async askScoped(approvalId: string, name: string, scopes: ApprovalScope[], domain?: string): Promise<void> {
    const offered = SCOPE_CHOICES.filter((c) => scopes.includes(c.scope));
    const label = (c: (typeof SCOPE_CHOICES)[number]): string => (!domain ? c.label : c.scope === 'once' ? '[y] allow once' : c.scope === 'always' ? `[a]lways allow ${domain}` : c.label);
    const menu = [...offered.map(label), '[n]o'].join(' / ');
    const question = domain ? `Fetch from ${domain}?` : `Allow this ${name} call?`;
    for (;;) {
      const a = (await this.lines.prompt(`${question} ${menu}: `)).trim().toLowerCase();
      if (a === '' || a.startsWith('n')) return this.task.decideApproval(approvalId, false);
      const choice = offered.find((c) => c.keys.includes(a));
      if (choice) return this.task.decideApproval(approvalId, true, choice.scope);
      this.output.write(`  please answer ${offered.map((c) => c.keys[0]).join(', ')} or n\n`);
    }
  }

  private async ask(e: TaskEvent): Promise<void> {
    if (e.type === 'plan.proposed') {
      const a = (await this.lines.prompt('Approve this plan? [y]es / [e]dit / [n]o: ')).toLowerCase();
      if (a.startsWith('y')) return this.task.decidePlan('approved');
      if (a.startsWith('e')) {
        const feedback = await this.lines.prompt('What should change? ');
        if (feedback.trim()) return this.task.decidePlan('edited', feedback);
      }
      return this.task.decidePlan('rejected');
    }
    if (e.type === 'approval.needed') {
      if ('toolCall' in e && e.toolCall.scopes && e.toolCall.scopes.length > 1) return this.askScoped(e.approvalId, e.toolCall.name, e.toolCall.scopes, e.toolCall.domain);
      const a = (await this.lines.prompt('toolCall' in e ? `Allow this ${e.toolCall.name} call? [y/n]: ` : 'Apply these changes? [y/n]: ')).toLowerCase();
      if (!a.startsWith('y') || 'toolCall' in e) return this.task.decideApproval(e.approvalId, a.startsWith('y'));
      return this.task.decideApproval(e.approvalId, true, undefined, await this.settleConflicts(e.batch.items));
    }
    if (e.type === 'question.asked') {
      const a = (await this.lines.prompt('Your answer: ')).trim();
      const n = Number(a);
      const choice = e.choices && Number.isInteger(n) && n >= 1 && n <= e.choices.length ? e.choices[n - 1] : a;
      return this.task.answerQuestion(e.questionId, choice || '(no answer)');
    }
    if (e.type === 'form.requested') {
      const withdrawn = this.forms.get(e.formId)?.signal;
      if (!withdrawn || withdrawn.aborted) return; // closed before its turn came
      const answer = await askFormOnTerminal(e.form, this.lines, this.output, withdrawn);
      if (withdrawn.aborted) return; // the render line says the server withdrew it
      const check = this.task.answerForm(e.formId, answer);
      if (!check.ok) {
        this.output.write(`  ${Object.values(check.errors).join(' ')}\n`);
        this.task.answerForm(e.formId, { action: 'cancel' });
      }
    }
  }
}
