// AgentTask: the one API the extension and the CLI drive a task through. It
// owns the task's lifecycle (session, status, waits for the person, cancel,
// resume) and delegates the turn-by-turn work to TurnLoop. Everything the person
// sees leaves through onEvent as typed TaskEvents. Around it: its options
// (agentTaskOptions.ts), the waits for the person (personDesk.ts), the wiring of
// its sub-agents (subAgentWiring.ts) and the loop's settings (loopConfig.ts).

import type Anthropic from '@anthropic-ai/sdk';
import type { ApprovalScope, ConflictChoice, Plan, TaskEvent, TaskEventBody, TaskStatus, Usage } from '../../shared/taskEvents';
import type { FormAnswer, FormCheck } from '../../shared/elicitationForm';
import { newTaskId, titleOf } from '../../shared/taskIdentity';
import { GuestStartError, type SandboxSession } from '../../sandbox/session';
import { ToolGrants } from '../approval/toolGrants';
import type { TaskPhase } from '../approval/policy';
import type { SmallModelRequest, ToolContext } from '../tools/tool';
import type { AgentTaskOptions, TaskResult } from './agentTaskOptions';
import { SUMMARY_INSTRUCTIONS } from './compaction';
import { EventBus, type TaskEventListener } from './eventBus';
import { FailedChanges } from './failedChanges';
import { loopConfigFor } from './loopConfig';
import { FatalModelError, ModelClient } from './modelClient';
import { DEFAULT_MODEL, DEFAULT_SMALL_MODEL } from './models';
import { PersonDesk } from './personDesk';
import { UntrustedTrail } from './untrustedTrail';
import { firstUserMessage } from './prompts';
import { restoreState } from './restore';
import { INTERRUPTED_RESULT, takeResumedTurn, type ResumedTurn } from './resumedTurn';
import { subAgentPoolFor } from './subAgentWiring';
import type { SubAgentPool } from './subAgents';
import { textOf, Transcript, type MessageParam } from './transcript';
import { TurnLoop, type LoopHost, type LoopOutcome, type PlanDecision } from './turnLoop';
import { usageFromApi, UsageMeter } from './usage';
import { webSearchTool } from '../web/webSearch';

export type { AgentTaskOptions, AgentTaskTuning, TaskResult } from './agentTaskOptions';

export class AgentTask {
  readonly id: string;
  readonly model: string;
  private readonly bus: EventBus;
  private readonly controller = new AbortController();
  private readonly grants: ToolGrants;
  private readonly desk: PersonDesk;
  private readonly transcriptListeners = new Set<(messages: MessageParam[]) => void>();
  private readonly failedChanges = new FailedChanges();
  private readonly trail = new UntrustedTrail();
  private transcriptState = new Transcript();
  private redirects: string[] = [];
  private currentStatus: TaskStatus = 'queued';
  private statusDetail?: string;
  private usageMeter = new UsageMeter();
  private started = false;
  private sessionRef?: SandboxSession;
  private sandboxFailure?: string;
  private readonly serverTools: Anthropic.ToolUnion[];
  private subAgents?: SubAgentPool;
  private lastTurn = 0;
  private modelClient?: ModelClient;

  constructor(private readonly opts: AgentTaskOptions) {
    if (!opts.prompt?.trim()) throw new Error('A task needs a prompt: describe what to do.');
    if (!opts.folder) throw new Error('A task needs a folder.');
    this.id = opts.taskId ?? newTaskId();
    this.model = opts.model ?? DEFAULT_MODEL;
    this.grants = opts.grants ?? new ToolGrants(opts.grantStore);
    if (opts.log && opts.log.taskId !== this.id) throw new Error(`The event log given belongs to task ${opts.log.taskId}, not ${this.id}.`);
    this.bus = opts.log ?? new EventBus(this.id);
    this.desk = new PersonDesk({
      emit: (e) => this.emit(e),
      status: () => this.currentStatus,
      setStatus: (st, d) => this.setStatus(st, d),
      person: opts.person,
      readBefore: (inherited) => this.trail.readBefore(inherited),
    });
    // Checked here so bad settings stop the task before it starts, not with a 400 mid-task.
    this.serverTools = opts.webSearch ? [webSearchTool(opts.webSearch)] : [];
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
   * A delegate call that had not finished runs again, its children resuming from their
   * records (resumedTurn.ts); other calls that were in flight are answered as interrupted,
   * and the model picks up from there. `usageSoFar` (a sub-agent's) replaces the usage the log holds.
   */
  async resume(transcript: MessageParam[], events: TaskEvent[], usageSoFar?: Usage): Promise<TaskResult> {
    this.claimStart();
    const restored = restoreState(transcript, events, this.opts.options?.plan ?? true);
    this.bus.continueAfter(restored.lastSeq);
    for (const e of events) this.trail.observe(e);
    this.usageMeter = new UsageMeter(usageSoFar ?? restored.usage);
    this.transcriptState = new Transcript(transcript);
    const resumed = this.opts.subAgentRecords ? takeResumedTurn(this.transcriptState) : undefined;
    if (!resumed) this.transcriptState.closeUnanswered(INTERRUPTED_RESULT);
    this.notifyTranscript();
    return this.runLoop(restored.phase, restored.turn, resumed);
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
    this.desk.decidePlan(decision, feedback);
  }

  /** `scope` widens a yes to a tool call that offered it ("for this task", "always"); ignored otherwise. */
  /** `choices`: for a batch with conflicts, how each is settled by path (ChangeItem.conflict). */
  decideApproval(approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): void {
    this.desk.decideApproval(approvalId, approved, scope, choices);
  }

  answerQuestion(questionId: string, answer: string): void {
    this.desk.answerQuestion(questionId, answer);
  }

  /** Answers a connector's form; accepted values that do not fit its fields leave it open and say why. */
  answerForm(formId: string, answer: FormAnswer): FormCheck {
    return this.desk.answerForm(formId, answer);
  }

  private claimStart(): void {
    if (this.started) throw new Error('This task was already started.');
    this.started = true;
  }

  private async runLoop(phase: TaskPhase, turn: number, resumed?: ResumedTurn): Promise<TaskResult> {
    const o = this.opts.options ?? {};
    const signal = this.controller.signal;
    let outcome: LoopOutcome;
    try {
      this.setStatus(phase);
      const model = new ModelClient({ apiKey: this.opts.apiKey, baseURL: this.opts.baseURL, retry: o.retry, caching: o.promptCaching, streamIdleMs: o.streamIdleMs });
      const s = await this.openSession(signal);
      if (!s) return await this.end({ outcome: signal.aborted ? 'cancelled' : 'failed', message: this.sandboxFailure });
      this.emit({ type: 'sandbox', state: 'ready', driver: s.driver, isolation: s.isolation, ...(s.notice ? { detail: s.notice } : {}) });
      this.modelClient = model;
      this.subAgents = this.createSubAgents(s);
      const config = loopConfigFor(this.opts, this.model, this.grants, this.serverTools, (text) => this.summarise(model, text));
      const loop = new TurnLoop(this.loopHost(), config, model, s, this.transcriptState, this.usageMeter, phase, turn, resumed);
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
      this.sessionRef = this.opts.sharedSession ?? (await this.opts.openSession(this.opts.folder, signal));
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
    if (!s || this.opts.sharedSession) return;
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
    if (!this.sessionRef || this.opts.options?.keepSession || this.opts.sharedSession) return;
    try {
      await this.sessionRef.close();
    } catch (err) {
      this.emit({ type: 'error', message: `Closing the sandbox failed: ${(err as Error).message}`, fatal: false });
    }
  }

  private summarise(model: ModelClient, text: string): Promise<string> {
    return this.askSmallModel(model, { system: SUMMARY_INSTRUCTIONS, text, maxTokens: 1_024 }, this.controller.signal);
  }

  /** One tool-less request to the small model; its usage counts in the task's. */
  private async askSmallModel(model: ModelClient, req: SmallModelRequest, signal: AbortSignal): Promise<string> {
    const smallModel = req.model === this.model ? this.model : (this.opts.smallModel ?? DEFAULT_SMALL_MODEL);
    const reply = await model.call(
      { model: smallModel, maxTokens: req.maxTokens, system: [{ type: 'text', text: req.system }], tools: [], messages: req.messages ?? [{ role: 'user', content: req.text }] },
      signal,
    );
    this.usageMeter.add(usageFromApi(reply.model || smallModel, reply.usage));
    return textOf(reply.content as MessageParam['content']).trim();
  }

  private loopHost(): LoopHost {
    const signal = this.controller.signal;
    return {
      taskId: this.id,
      signal,
      emit: (e: TaskEventBody) => this.emit(e),
      setStatus: (st: TaskStatus, detail?: string) => this.setStatus(st, detail),
      reviewPlan: (plan: Plan) => this.desk.reviewPlan(plan, signal),
      askApproval: (request) => this.desk.askApproval(request, signal),
      toolContext: (toolSignal: AbortSignal, callId?: string) => this.toolContext(toolSignal, callId),
      takeRedirects: () => this.redirects.splice(0),
      transcriptChanged: () => this.notifyTranscript(),
    };
  }

  private toolContext(signal: AbortSignal, callId?: string): ToolContext {
    const model = this.modelClient;
    return {
      taskId: this.id,
      session: this.sessionRef!,
      signal,
      emit: (e) => this.emit(e),
      askUser: (question, choices) => this.desk.askQuestion(question, choices, signal),
      askForm: (form, withdrawn) => this.desk.askForm(form, signal, withdrawn),
      ...(this.subAgents ? { subAgents: this.subAgents } : {}),
      ...(callId ? { callId } : {}),
      askApproval: (request) => this.desk.askApproval({ toolCall: { ...request, callId: callId ?? this.desk.nextId('call') } }, signal),
      ...(model ? { askSmallModel: (req: SmallModelRequest) => this.askSmallModel(model, req, signal), smallModelName: this.opts.smallModel ?? DEFAULT_SMALL_MODEL, mainModelName: this.model } : {}),
    };
  }

  private createSubAgents(session: SandboxSession): SubAgentPool | undefined {
    return subAgentPoolFor({
      options: this.opts,
      session,
      model: this.model,
      smallModel: this.opts.smallModel ?? DEFAULT_SMALL_MODEL,
      grants: this.grants,
      emit: (e) => this.emit(e),
      addUsage: (u) => {
        this.usageMeter.add(u);
        this.emit({ type: 'usage', turn: this.lastTurn, turnUsage: this.usageMeter.turn, total: this.usageMeter.total });
      },
      person: {
        askUser: (q, choices, signal) => this.desk.askQuestion(q, choices, signal),
        askApproval: (request, signal, readBefore) => this.desk.askApproval(request, signal, readBefore),
        askForm: (form, signal, withdrawn) => this.desk.askForm(form, signal, withdrawn),
      },
      spawnTask: (options) => new AgentTask(options),
    });
  }

  private setStatus(status: TaskStatus, detail?: string): void {
    if (status === this.currentStatus && detail === this.statusDetail) return;
    this.currentStatus = status;
    this.statusDetail = detail;
    this.emit({ type: 'status', status, ...(detail ? { detail } : {}) });
  }

  private emit(e: TaskEventBody): void {
    if (e.type === 'turn.started') this.lastTurn = e.turn;
    this.failedChanges.observe(e);
    this.trail.observe(e);
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
