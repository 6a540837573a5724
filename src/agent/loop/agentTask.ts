// AgentTask: the one API the extension and the CLI drive a task through. It
// owns the task's lifecycle (session, status, waits for the person, cancel,
// resume) and delegates the turn-by-turn work to TurnLoop. Everything the person
// sees leaves through onEvent as typed TaskEvents.

import * as path from 'node:path';
import type { ApprovalRequest, Plan, TaskEvent, TaskEventBody, TaskStatus, Usage } from '../../shared/taskEvents';
import { newTaskId, titleOf } from '../../shared/taskIdentity';
import { GuestStartError, type SandboxSession } from '../../sandbox/session';
import type { ApprovalPolicy } from '../approval/approvalPolicy';
import type { TaskPhase } from '../approval/policy';
import type { ToolRegistry } from '../tools/registry';
import type { ToolContext } from '../tools/tool';
import { SUMMARY_INSTRUCTIONS } from './compaction';
import { EventBus, type TaskEventListener } from './eventBus';
import { FailedChanges } from './failedChanges';
import { FatalModelError, ModelClient } from './modelClient';
import { contextWindowOf, DEFAULT_MAX_TOKENS, DEFAULT_MODEL, DEFAULT_SMALL_MODEL } from './models';
import { firstUserMessage, systemPrompt } from './prompts';
import type { RetryPolicy } from './retry';
import { restoreState } from './restore';
import { textOf, Transcript, type MessageParam } from './transcript';
import { TurnLoop, type LoopOutcome, type PlanDecision } from './turnLoop';
import { usageFromApi, UsageMeter } from './usage';
import { Waiters } from './waiters';

export interface AgentTaskOptions {
  /** Defaults to a new id (newTaskId). */
  taskId?: string;
  /**
   * The task's event log when the host created the task before it runs (queued in
   * the extension): it has announced task.created, and the task numbers its events
   * after the ones already in it. Without it the task starts its own log at 0.
   */
  log?: EventBus;
  /** Host folder the task works in. */
  folder: string;
  prompt: string;
  title?: string;
  model?: string;
  /** Model for summaries during compaction. */
  smallModel?: string;
  apiKey: string;
  baseURL?: string;
  /** Opens the sandbox session for the folder; the task closes it when it ends. */
  openSession(folder: string, signal: AbortSignal): Promise<SandboxSession>;
  /** The tools the model may call; every call is checked and run through it. */
  tools: ToolRegistry;
  /** Decides every tool call and every staged batch: run, ask the person, or refuse. */
  policy: ApprovalPolicy;
  /** Skills catalog text for the system prompt (the activate_skill tool comes with `tools`). */
  skillsCatalog?: string;
  options?: AgentTaskTuning;
}

export interface AgentTaskTuning {
  /** Propose a plan before working (default true). */
  plan?: boolean;
  maxTokens?: number;
  maxTurns?: number;
  /** Continuations in a row after max_tokens before giving up (default 4). */
  maxContinuations?: number;
  toolTimeoutMs?: number;
  /** Override the model's context window (tests use a tiny one). */
  contextWindow?: number;
  /** Share of the window at which older tool results are cleared (default 0.8). */
  compactionThreshold?: number;
  /** 'clear' replaces old results with a placeholder; 'summarise' asks the small model first. */
  compaction?: 'clear' | 'summarise';
  /** Tool results never cleared (default: activate_skill). */
  preserveTools?: string[];
  retry?: Partial<RetryPolicy>;
  /** A model stream silent this long is retried as dropped (default 300 s). */
  streamIdleMs?: number;
  /** Prompt caching breakpoints (default true; off only to measure what caching saves). */
  promptCaching?: boolean;
  /** Leave the session open after the task ends (e.g. for undo); default false. */
  keepSession?: boolean;
}

export interface TaskResult extends LoopOutcome {
  usage: Usage;
}

export class AgentTask {
  readonly id: string;
  readonly model: string;
  private readonly bus: EventBus;
  private readonly controller = new AbortController();
  private readonly planWaits = new Waiters<PlanDecision>();
  private readonly approvalWaits = new Waiters<boolean>();
  private readonly questionWaits = new Waiters<string>();
  private readonly transcriptListeners = new Set<(messages: MessageParam[]) => void>();
  private readonly failedChanges = new FailedChanges();
  private transcriptState = new Transcript();
  private redirects: string[] = [];
  private currentStatus: TaskStatus = 'queued';
  private statusDetail?: string;
  private usageMeter = new UsageMeter();
  private counter = 0;
  private started = false;
  private sessionRef?: SandboxSession;
  private sandboxFailure?: string;

  constructor(private readonly opts: AgentTaskOptions) {
    if (!opts.prompt?.trim()) throw new Error('A task needs a prompt: describe what to do.');
    if (!opts.folder) throw new Error('A task needs a folder.');
    this.id = opts.taskId ?? newTaskId();
    this.model = opts.model ?? DEFAULT_MODEL;
    if (opts.log && opts.log.taskId !== this.id) throw new Error(`The event log given belongs to task ${opts.log.taskId}, not ${this.id}.`);
    this.bus = opts.log ?? new EventBus(this.id);
  }

  onEvent(listener: TaskEventListener): () => void {
    return this.bus.on(listener);
  }

  /** Called with a snapshot whenever the transcript changes (for persistence). */
  onTranscript(listener: (messages: MessageParam[]) => void): () => void {
    this.transcriptListeners.add(listener);
    return () => this.transcriptListeners.delete(listener);
  }

  get status(): TaskStatus {
    return this.currentStatus;
  }

  get usage(): Usage {
    return this.usageMeter.total;
  }

  get session(): SandboxSession | undefined {
    return this.sessionRef;
  }

  transcript(): MessageParam[] {
    return this.transcriptState.snapshot();
  }

  /** Runs a new task to its end. */
  async start(): Promise<TaskResult> {
    this.claimStart();
    const planFirst = this.opts.options?.plan ?? true;
    if (!this.opts.log) this.emit({ type: 'task.created', title: this.opts.title ?? titleOf(this.opts.prompt), prompt: this.opts.prompt, folder: this.opts.folder, model: this.model });
    this.transcriptState.addUser(firstUserMessage(this.opts.prompt, planFirst));
    this.notifyTranscript();
    return this.runLoop(planFirst ? 'planning' : 'running', 0);
  }

  /**
   * Continues a task after a reload from its saved transcript and event log.
   * Tool calls that were in flight are answered as interrupted; the model picks up from there.
   */
  async resume(transcript: MessageParam[], events: TaskEvent[]): Promise<TaskResult> {
    this.claimStart();
    const restored = restoreState(transcript, events, this.opts.options?.plan ?? true);
    this.bus.continueAfter(restored.lastSeq);
    this.usageMeter = new UsageMeter(restored.usage);
    this.transcriptState = new Transcript(transcript);
    this.transcriptState.closeUnanswered('Interrupted: the task was reloaded before this tool call finished. Check its effect and re-run it if needed.');
    this.notifyTranscript();
    return this.runLoop(restored.phase, restored.turn);
  }

  cancel(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error('cancelled by the person'));
  }

  /** A message from the person while the task runs; the model sees it at its next turn. */
  redirect(text: string): void {
    if (!text.trim()) throw new Error('A redirect needs some text.');
    if (this.isFinished()) throw new Error('The task has finished; start a new task instead.');
    this.redirects.push(text);
    this.emit({ type: 'redirect', text });
  }

  decidePlan(decision: PlanDecision['decision'], feedback?: string): void {
    if (decision === 'edited' && !feedback?.trim()) throw new Error('Editing a plan needs feedback text saying what to change.');
    this.planWaits.resolve('plan', { decision, feedback }, 'plan review');
  }

  decideApproval(approvalId: string, approved: boolean): void {
    this.approvalWaits.resolve(approvalId, approved, 'approval');
  }

  answerQuestion(questionId: string, answer: string): void {
    this.questionWaits.resolve(questionId, answer, 'question');
  }

  private claimStart(): void {
    if (this.started) throw new Error('This task was already started.');
    this.started = true;
  }

  private async runLoop(phase: TaskPhase, turn: number): Promise<TaskResult> {
    const o = this.opts.options ?? {};
    const signal = this.controller.signal;
    let outcome: LoopOutcome;
    try {
      this.setStatus(phase);
      const model = new ModelClient({ apiKey: this.opts.apiKey, baseURL: this.opts.baseURL, retry: o.retry, caching: o.promptCaching, streamIdleMs: o.streamIdleMs });
      const s = await this.openSession(signal);
      if (!s) return await this.end({ outcome: signal.aborted ? 'cancelled' : 'failed', message: this.sandboxFailure });
      this.emit({ type: 'sandbox', state: 'ready', driver: s.driver, isolation: s.isolation, ...(s.notice ? { detail: s.notice } : {}) });
      const smallModel = this.opts.smallModel ?? DEFAULT_SMALL_MODEL;
      const loop = new TurnLoop(
        this.loopHost(),
        {
          model: this.model,
          maxTokens: o.maxTokens ?? DEFAULT_MAX_TOKENS,
          maxTurns: o.maxTurns ?? 200,
          maxContinuations: o.maxContinuations ?? 4,
          toolTimeoutMs: o.toolTimeoutMs ?? 10 * 60_000,
          system: systemPrompt({ folderName: path.basename(this.opts.folder), skillsCatalog: this.opts.skillsCatalog }),
          tools: this.opts.tools,
          policy: this.opts.policy,
          compaction: {
            contextWindow: o.contextWindow ?? contextWindowOf(this.model),
            threshold: o.compactionThreshold ?? 0.8,
            keepRecentUserMessages: 2,
            preserveTools: new Set(o.preserveTools ?? ['activate_skill']),
            summarise: o.compaction === 'summarise' ? (text) => this.summarise(model, smallModel, text) : undefined,
          },
        },
        model,
        s,
        this.transcriptState,
        this.usageMeter,
        phase,
        turn,
      );
      outcome = await loop.run();
    } catch (err) {
      if (signal.aborted) outcome = { outcome: 'cancelled' };
      else if (err instanceof FatalModelError) outcome = { outcome: 'failed', message: err.message };
      else outcome = { outcome: 'failed', message: `Internal error: ${(err as Error)?.message ?? String(err)}` };
    }
    return this.end(outcome);
  }

  /** Opens the sandbox; on failure says why (sandbox event + message) and returns undefined. */
  private async openSession(signal: AbortSignal): Promise<SandboxSession | undefined> {
    try {
      this.sessionRef = await this.opts.openSession(this.opts.folder, signal);
      return this.sessionRef;
    } catch (err) {
      const detail = (err as Error)?.message ?? String(err);
      this.sandboxFailure = `The sandbox could not start: ${detail}`;
      // The driver that failed, when it got as far as starting one (not, e.g., a missing image).
      const who = err instanceof GuestStartError ? { driver: err.driver, isolation: err.isolation } : { driver: 'unknown', isolation: 'namespace' as const };
      this.emit({ type: 'sandbox', state: 'failed', ...who, detail });
      return undefined;
    }
  }

  private async end(outcome: LoopOutcome): Promise<TaskResult> {
    if (outcome.outcome === 'cancelled') await this.afterCancel();
    // Whatever happened, every tool_use is answered before the transcript is saved.
    const why = outcome.outcome === 'cancelled' ? 'Cancelled by the person.' : 'Not run: the task stopped before this call finished.';
    if (this.transcriptState.closeUnanswered(why) > 0) this.notifyTranscript();
    await this.closeSession();
    if (outcome.outcome === 'failed') this.emit({ type: 'error', message: outcome.message ?? 'The task failed.', fatal: true });
    // "done" is the model's word: say what it left undone instead of hiding it behind that.
    const undone = outcome.outcome === 'done' ? this.failedChanges.warning() : undefined;
    if (undone) this.emit({ type: 'error', message: undone, fatal: false });
    this.setStatus(outcome.outcome);
    this.emit({ type: 'finished', outcome: outcome.outcome, ...(outcome.message ? { message: outcome.message } : {}) });
    return { ...outcome, usage: this.usageMeter.total };
  }

  /** Staged edits of a cancelled turn are dropped, and the model is told so if the task resumes. */
  private async afterCancel(): Promise<void> {
    const s = this.sessionRef;
    if (!s) return;
    try {
      const { items } = await s.pendingChanges();
      if (items.length === 0) return;
      await s.discardChanges(items.map((i) => i.path));
      if (this.transcriptState.last()?.role === 'user') {
        this.transcriptState.addUser([{ type: 'text', text: `[The task was cancelled; staged changes were discarded: ${items.map((i) => i.path).join(', ')}]` }]);
        this.notifyTranscript();
      }
    } catch (err) {
      this.emit({ type: 'error', message: `Could not discard staged changes after cancel: ${(err as Error).message}`, fatal: false });
    }
  }

  private async closeSession(): Promise<void> {
    if (!this.sessionRef || this.opts.options?.keepSession) return;
    try {
      await this.sessionRef.close();
    } catch (err) {
      this.emit({ type: 'error', message: `Closing the sandbox failed: ${(err as Error).message}`, fatal: false });
    }
  }

  private async summarise(model: ModelClient, smallModel: string, text: string): Promise<string> {
    const reply = await model.call(
      { model: smallModel, maxTokens: 1_024, system: [{ type: 'text', text: SUMMARY_INSTRUCTIONS }], tools: [], messages: [{ role: 'user', content: text }] },
      this.controller.signal,
    );
    this.usageMeter.add(usageFromApi(reply.model || smallModel, reply.usage));
    return textOf(reply.content as MessageParam['content']).trim();
  }

  private loopHost() {
    const signal = this.controller.signal;
    return {
      taskId: this.id,
      signal,
      emit: (e: TaskEventBody) => this.emit(e),
      setStatus: (st: TaskStatus, detail?: string) => this.setStatus(st, detail),
      reviewPlan: (plan: Plan) => {
        // Register the wait before announcing the plan, so a listener may decide synchronously.
        const wait = this.planWaits.wait('plan', signal);
        this.emit({ type: 'plan.proposed', plan });
        return this.waitForPerson(() => wait, `Review the plan: ${plan.summary}`, (d) => (d.decision === 'approved' ? 'running' : 'planning'));
      },
      askApproval: (request: ApprovalRequest) => this.askApproval(request, signal),
      toolContext: (toolSignal: AbortSignal) => this.toolContext(toolSignal),
      takeRedirects: () => this.redirects.splice(0),
      transcriptChanged: () => this.notifyTranscript(),
    };
  }

  private toolContext(signal: AbortSignal): ToolContext {
    return {
      taskId: this.id,
      session: this.sessionRef!,
      signal,
      emit: (e) => this.emit(e),
      askUser: (question, choices) => this.askQuestion(question, choices, signal),
    };
  }

  private async askQuestion(question: string, choices: string[] | undefined, signal: AbortSignal): Promise<string> {
    const questionId = `question-${++this.counter}`;
    const wait = this.questionWaits.wait(questionId, signal);
    this.emit({ type: 'question.asked', questionId, question, ...(choices ? { choices } : {}) });
    const answer = await this.waitForPerson(() => wait, question);
    this.emit({ type: 'question.answered', questionId, answer });
    return answer;
  }

  private async askApproval(request: ApprovalRequest, signal: AbortSignal): Promise<boolean> {
    const approvalId = `approval-${++this.counter}`;
    const wait = this.approvalWaits.wait(approvalId, signal);
    this.emit({ type: 'approval.needed', approvalId, ...request });
    const approved = await this.waitForPerson(() => wait, 'batch' in request ? request.batch.summary : request.toolCall.reason);
    this.emit({ type: 'approval.decided', approvalId, approved });
    return approved;
  }

  /** Status 'waiting' while the person decides, then back to what it was. */
  private async waitForPerson<T>(wait: () => Promise<T>, detail: string, next?: (value: T) => TaskStatus): Promise<T> {
    const before = this.currentStatus === 'waiting' ? 'running' : this.currentStatus;
    this.setStatus('waiting', detail);
    const value = await wait();
    if (this.currentStatus === 'waiting') this.setStatus(next ? next(value) : before);
    return value;
  }

  private setStatus(status: TaskStatus, detail?: string): void {
    if (status === this.currentStatus && detail === this.statusDetail) return;
    this.currentStatus = status;
    this.statusDetail = detail;
    this.emit({ type: 'status', status, ...(detail ? { detail } : {}) });
  }

  private emit(e: TaskEventBody): void {
    this.failedChanges.observe(e);
    this.bus.emit(e);
  }

  private notifyTranscript(): void {
    if (this.transcriptListeners.size === 0) return;
    const snap = this.transcriptState.snapshot();
    for (const l of this.transcriptListeners) l(snap);
  }

  private isFinished(): boolean {
    return this.currentStatus === 'done' || this.currentStatus === 'failed' || this.currentStatus === 'cancelled';
  }
}
