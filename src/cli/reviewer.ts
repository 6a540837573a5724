// Answers what the task asks of the person: plan review, change approvals and
// questions. --yes / --no answer automatically; otherwise the terminal asks,
// one prompt at a time (readline), and end of input counts as "no".

import * as readline from 'node:readline';
import type { TaskEvent } from '../shared/taskEvents';
import type { AgentTask } from '../agent/loop/agentTask';
import type { ReviewMode } from './args';

const UNATTENDED_ANSWER = 'The person is not at the terminal (unattended run). Decide sensibly yourself and say what you assumed.';

export class Reviewer {
  private rl?: readline.Interface;
  private closed = false;
  private readonly typedAhead: string[] = [];
  private waiter?: (line: string) => void;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly task: AgentTask,
    private readonly mode: ReviewMode,
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  handle(e: TaskEvent): void {
    if (e.type !== 'plan.proposed' && e.type !== 'approval.needed' && e.type !== 'question.asked') return;
    if (this.mode !== 'ask') return this.answerUnattended(e);
    // One prompt at a time, in the order the task asked.
    this.queue = this.queue
      .then(() => this.ask(e))
      .catch((err) => void this.output.write(`✗ ${(err as Error).message}\n`));
  }

  close(): void {
    this.rl?.close();
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
      this.task.decideApproval(e.approvalId, ok);
    } else if (e.type === 'question.asked') {
      this.output.write(`  no one to answer (${tag}); the agent decides\n`);
      this.task.answerQuestion(e.questionId, UNATTENDED_ANSWER);
    }
  }

  private async ask(e: TaskEvent): Promise<void> {
    if (e.type === 'plan.proposed') {
      const a = (await this.prompt('Approve this plan? [y]es / [e]dit / [n]o: ')).toLowerCase();
      if (a.startsWith('y')) return this.task.decidePlan('approved');
      if (a.startsWith('e')) {
        const feedback = await this.prompt('What should change? ');
        if (feedback.trim()) return this.task.decidePlan('edited', feedback);
      }
      return this.task.decidePlan('rejected');
    }
    if (e.type === 'approval.needed') {
      const a = (await this.prompt('toolCall' in e ? `Allow this ${e.toolCall.name} call? [y/n]: ` : 'Apply these changes? [y/n]: ')).toLowerCase();
      return this.task.decideApproval(e.approvalId, a.startsWith('y'));
    }
    if (e.type === 'question.asked') {
      const a = (await this.prompt('Your answer: ')).trim();
      const n = Number(a);
      const choice = e.choices && Number.isInteger(n) && n >= 1 && n <= e.choices.length ? e.choices[n - 1] : a;
      return this.task.answerQuestion(e.questionId, choice || '(no answer)');
    }
  }

  /** One line from the terminal; '' once input has ended. Lines typed ahead are kept. */
  private async prompt(question: string): Promise<string> {
    this.output.write(question);
    const line = await this.nextLine();
    // Piped answers are not echoed: end the prompt line ourselves.
    if (!(this.input as { isTTY?: boolean }).isTTY) this.output.write(`${line}\n`);
    return line;
  }

  private nextLine(): Promise<string> {
    if (!this.rl) {
      this.rl = readline.createInterface({ input: this.input, terminal: false });
      this.rl.on('line', (line) => {
        const waiter = this.waiter;
        this.waiter = undefined;
        if (waiter) waiter(line);
        else this.typedAhead.push(line);
      });
      this.rl.on('close', () => {
        this.closed = true;
        this.waiter?.('');
        this.waiter = undefined;
      });
    }
    const ready = this.typedAhead.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve('');
    return new Promise((resolve) => (this.waiter = resolve));
  }
}
