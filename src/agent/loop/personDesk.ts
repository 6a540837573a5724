// Everything a task waits on the person for: the plan review, approvals (a staged
// batch or one tool call) and questions. Each wait is announced as an event with an
// id the UI answers by; while it is open the task's status is 'waiting' with what is
// asked as the detail. A sub-agent has no person of its own: its questions and
// approvals go through `person`, the parent's channel.

import type { ApprovalRequest, ApprovalScope, ChangeBatch, ConflictChoice, Plan, ReadBefore, TaskEventBody, TaskStatus } from '../../shared/taskEvents';
import { checkForm, type ElicitationForm, type FormAnswer, type FormCheck } from '../../shared/elicitationForm';
import type { ApprovalAnswer } from '../approval/toolGrants';
import type { PersonChannel } from './subAgents';
import type { PlanDecision } from './turnLoop';
import { Waiters } from './waiters';

export interface PersonDeskHost {
  emit(e: TaskEventBody): void;
  status(): TaskStatus;
  setStatus(status: TaskStatus, detail?: string): void;
  /** A sub-agent's: the parent's person. */
  person?: PersonChannel;
  /** The untrusted sources read since the person last spoke, after `inherited` (untrustedTrail.ts). */
  readBefore?(inherited?: ReadBefore): ReadBefore | undefined;
}

export class PersonDesk {
  private readonly planWaits = new Waiters<PlanDecision>();
  private readonly approvalWaits = new Waiters<ApprovalAnswer>();
  private readonly questionWaits = new Waiters<string>();
  private readonly formWaits = new Waiters<FormAnswer>();
  /** The forms still open, so an answer can be checked against its fields. */
  private readonly openForms = new Map<string, ElicitationForm>();
  private counter = 0;

  constructor(private readonly host: PersonDeskHost) {}

  /** A fresh id, unique within the task ("approval-3"). */
  nextId(prefix: string): string {
    return `${prefix}-${++this.counter}`;
  }

  reviewPlan(plan: Plan, signal: AbortSignal): Promise<PlanDecision> {
    // Register the wait before announcing the plan, so a listener may decide synchronously.
    const wait = this.planWaits.wait('plan', signal);
    this.host.emit({ type: 'plan.proposed', plan });
    return this.waitForPerson(() => wait, `Review the plan: ${plan.summary}`, (d) => (d.decision === 'approved' ? 'running' : 'planning'));
  }

  async askQuestion(question: string, choices: string[] | undefined, signal: AbortSignal): Promise<string> {
    if (this.host.person) return this.host.person.askUser(question, choices, signal);
    const questionId = this.nextId('question');
    const wait = this.questionWaits.wait(questionId, signal);
    this.host.emit({ type: 'question.asked', questionId, question, ...(choices ? { choices } : {}) });
    const answer = await this.waitForPerson(() => wait, question);
    this.host.emit({ type: 'question.answered', questionId, answer });
    return answer;
  }

  /**
   * A connector's form: one card (sidebar) or its fields one by one (CLI); resolves with a checked
   * answer. When `withdrawn` aborts first (the server cancelled its request), the form is closed
   * as cancelled with `withdrawn: true`, so the card and the terminal say the server took it back.
   */
  async askForm(form: ElicitationForm, signal: AbortSignal, withdrawn?: AbortSignal): Promise<FormAnswer> {
    if (this.host.person) return this.host.person.askForm(form, signal, withdrawn);
    const formId = this.nextId('form');
    const wait = this.formWaits.wait(formId, signal);
    this.openForms.set(formId, form);
    this.host.emit({ type: 'form.requested', formId, form });
    let byServer = false;
    const withdraw = () => {
      if (!this.formWaits.has(formId)) return;
      byServer = true;
      this.formWaits.resolve(formId, { action: 'cancel' }, 'form');
    };
    if (withdrawn?.aborted) withdraw();
    else withdrawn?.addEventListener('abort', withdraw, { once: true });
    try {
      const answer = await this.waitForPerson(() => wait, `${form.server} asks: ${form.message}`);
      this.host.emit({ type: 'form.answered', formId, action: answer.action, ...(answer.values ? { values: answer.values } : {}), ...(byServer ? { withdrawn: true as const } : {}) });
      return answer;
    } finally {
      withdrawn?.removeEventListener('abort', withdraw);
      this.openForms.delete(formId);
    }
  }

  /** `inherited`: what a sub-agent asking through this task had read (shown before this task's own). */
  async askApproval(request: ApprovalRequest, signal: AbortSignal, inherited?: ReadBefore): Promise<ApprovalAnswer> {
    const readBefore = this.host.readBefore?.(inherited) ?? inherited;
    if (this.host.person) return this.host.person.askApproval(request, signal, readBefore);
    const approvalId = this.nextId('approval');
    const wait = this.approvalWaits.wait(approvalId, signal);
    this.host.emit({ type: 'approval.needed', approvalId, ...(readBefore ? { readBefore } : {}), ...request });
    const answer = await this.waitForPerson(() => wait, 'batch' in request ? request.batch.summary : request.toolCall.reason);
    // A scope the request did not offer is not passed on (a batch has none).
    const offered = 'toolCall' in request && answer.scope && request.toolCall.scopes?.includes(answer.scope) ? answer.scope : undefined;
    // Choices only for conflicts of an approved batch.
    const choices = 'batch' in request && answer.approved && answer.choices ? pickChoices(request.batch, answer.choices) : undefined;
    this.host.emit({ type: 'approval.decided', approvalId, approved: answer.approved, ...(offered ? { scope: offered } : {}), ...(choices ? { choices } : {}) });
    return { approved: answer.approved, ...(offered ? { scope: offered } : {}), ...(choices ? { choices } : {}) };
  }

  decidePlan(decision: PlanDecision['decision'], feedback?: string): void {
    if (decision === 'edited' && !feedback?.trim()) throw new Error('Editing a plan needs feedback text saying what to change.');
    this.planWaits.resolve('plan', { decision, feedback }, 'plan review');
  }

  decideApproval(approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): void {
    this.approvalWaits.resolve(approvalId, { approved, ...(approved && scope ? { scope } : {}), ...(approved && choices ? { choices } : {}) }, 'approval');
  }

  answerQuestion(questionId: string, answer: string): void {
    this.questionWaits.resolve(questionId, answer, 'question');
  }

  /**
   * Answers an open form. Accepted values are checked against its fields first: when one is
   * wrong, nothing is answered and the form stays open; the result says what to fix, per field.
   */
  answerForm(formId: string, answer: FormAnswer): FormCheck {
    const form = this.openForms.get(formId);
    if (!form) throw new Error(`No open form with id "${formId}" (open: ${[...this.openForms.keys()].join(', ') || 'none'}).`);
    if (answer.action !== 'accept') {
      this.formWaits.resolve(formId, { action: answer.action }, 'form');
      return { ok: true, values: {} };
    }
    const check = checkForm(form.fields, answer.values ?? {});
    if (check.ok) this.formWaits.resolve(formId, { action: 'accept', values: check.values }, 'form');
    return check;
  }

  /** Status 'waiting' while the person decides, then back to what it was. */
  private async waitForPerson<T>(wait: () => Promise<T>, detail: string, next?: (value: T) => TaskStatus): Promise<T> {
    const current = this.host.status();
    const before = current === 'waiting' ? 'running' : current;
    this.host.setStatus('waiting', detail);
    const value = await wait();
    if (this.host.status() === 'waiting') this.host.setStatus(next ? next(value) : before);
    return value;
  }
}

/** The choices that name a conflicting item of the batch with a known choice; undefined when none do. */
function pickChoices(batch: ChangeBatch, given: Record<string, ConflictChoice>): Record<string, ConflictChoice> | undefined {
  const out: Record<string, ConflictChoice> = {};
  for (const it of batch.items) {
    const c = given[it.path];
    if (it.conflict && (c === 'mine' || c === 'theirs' || c === 'both')) out[it.path] = c;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
