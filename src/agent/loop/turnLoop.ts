// The agent loop of one task: call the model, act on its stop reason, run the
// tools it asked for, settle staged changes, repeat until it ends its turn. The
// transcript it grows is valid after every step (see transcript.ts), which is
// what makes cancel-anywhere and resume-after-reload safe.

import type Anthropic from '@anthropic-ai/sdk';
import type { ApprovalRequest, Plan, TaskEventBody, TaskStatus } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';
import type { ApprovalPolicy } from '../approval/approvalPolicy';
import type { ApprovalAnswer, ToolGrants } from '../approval/toolGrants';
import type { TaskPhase } from '../approval/policy';
import type { ToolRegistry } from '../tools/registry';
import type { AgentTool, ToolContext } from '../tools/tool';
import { settleStagedChanges } from './approvalGate';
import { compactTranscript, ContextMeter, estimateTokens, needsCompaction, type CompactionSettings } from './compaction';
import { FatalModelError, type ModelClient } from './modelClient';
import { PROPOSE_PLAN, parsePlan, proposePlanTool } from './planTool';
import {
  CONTINUE_AFTER_MAX_TOKENS,
  PLAN_APPROVED_NOTE,
  PLAN_NUDGE,
  planFeedbackNote,
  redirectNote,
  conflictsNote,
  refusedChangesNote,
} from './prompts';
import { CancelledError } from './retry';
import type { ResumedTurn } from './resumedTurn';
import { runToolCalls, type ToolCall } from './toolExecutor';
import { textOf, type Transcript } from './transcript';
import { usageFromApi, type UsageMeter } from './usage';
import { WebSearchSteps } from '../web/webSearch';

export type Phase = TaskPhase;

export type PlanDecision = { decision: 'approved' | 'edited' | 'rejected'; feedback?: string };

/** What the loop needs from the task around it. */
export interface LoopHost {
  readonly taskId: string;
  readonly signal: AbortSignal;
  emit(event: TaskEventBody): void;
  setStatus(status: TaskStatus, detail?: string): void;
  /** Emits plan.proposed and waits for the person's decision. */
  reviewPlan(plan: Plan): Promise<PlanDecision>;
  /** Emits approval.needed (a staged batch or one tool call) and waits for the person's answer. */
  askApproval(request: ApprovalRequest): Promise<ApprovalAnswer>;
  toolContext(signal: AbortSignal, callId?: string): ToolContext;
  /** Messages the person added while the task ran, oldest first; clears them. */
  takeRedirects(): string[];
  transcriptChanged(): void;
}

export interface LoopConfig {
  model: string;
  maxTokens: number;
  maxTurns: number;
  maxContinuations: number;
  toolTimeoutMs: number;
  system: Anthropic.TextBlockParam[];
  tools: ToolRegistry;
  policy: ApprovalPolicy;
  /** What the person allowed beyond one call (for this task, always); none kept when absent. */
  grants?: ToolGrants;
  /** Settle staged changes after a mutating turn (default true; off for a sub-agent, whose parent settles them). */
  settleChanges?: boolean;
  compaction: CompactionSettings;
  /** Tools the API runs itself (web search): offered in every phase, never executed here. */
  serverTools?: Anthropic.ToolUnion[];
}

export type LoopOutcome = { outcome: 'done' | 'failed' | 'cancelled'; message?: string };

export class TurnLoop {
  private readonly meter = new ContextMeter();
  private nudgedForPlan = false;
  private planProposed = false;
  private continuations = 0;
  private readonly searchSteps = new WebSearchSteps();

  constructor(
    private readonly host: LoopHost,
    private readonly cfg: LoopConfig,
    private readonly model: ModelClient,
    private readonly session: SandboxSession,
    private readonly transcript: Transcript,
    private readonly usage: UsageMeter,
    public phase: Phase,
    public turn: number,
    /** A turn a reload interrupted, completed before the first model call (resumedTurn.ts). */
    private readonly resumed?: ResumedTurn,
  ) {
    // After a resume the history may already hold propose_plan calls.
    this.planProposed = transcript.messages.some(
      (m) => m.role === 'assistant' && typeof m.content !== 'string' && m.content.some((b) => b.type === 'tool_use' && b.name === PROPOSE_PLAN),
    );
  }

  async run(): Promise<LoopOutcome> {
    try {
      if (this.resumed) {
        const verdict = await this.runTools(this.resumed.content, this.resumed.answered, this.resumed.notes);
        if (verdict) return verdict;
      }
      return await this.loop();
    } catch (err) {
      if (err instanceof CancelledError || this.host.signal.aborted) return { outcome: 'cancelled' };
      if (err instanceof FatalModelError) return { outcome: 'failed', message: err.message };
      throw err;
    }
  }

  private async loop(): Promise<LoopOutcome> {
    while (true) {
      if (this.host.signal.aborted) return { outcome: 'cancelled' };
      if (this.turn >= this.cfg.maxTurns) return { outcome: 'failed', message: `Stopped after ${this.cfg.maxTurns} turns (turn limit).` };
      this.flushRedirects();
      await this.compactIfNeeded(false);

      this.turn++;
      this.host.emit({ type: 'turn.started', turn: this.turn });
      this.usage.startTurn();
      const message = await this.callModel();

      // A tool_use block must always be answered, whatever stop reason came with it.
      const stop = message.content.some((b) => b.type === 'tool_use') && message.stop_reason !== 'max_tokens' ? 'tool_use' : message.stop_reason;
      switch (stop) {
        case 'refusal': {
          // The refused reply is not kept: the transcript stays as it was, valid to send again.
          const said = textOf(message.content);
          return { outcome: 'failed', message: `The model declined this task (refusal)${said ? `: ${said}` : '.'}` };
        }
        case 'max_tokens':
        case 'model_context_window_exceeded': {
          if (++this.continuations > this.cfg.maxContinuations) {
            return { outcome: 'failed', message: `The reply was cut off ${this.continuations} times in a row (${message.stop_reason}).` };
          }
          // A cut reply may end in a half-written tool call or thinking block (no signature yet,
          // which the API would reject): keep only finished text and signed thinking.
          const kept = message.content.filter(
            (b) => (b.type === 'text' && b.text.length > 0) || (b.type === 'thinking' && !!b.signature) || b.type === 'redacted_thinking',
          );
          this.transcript.addAssistant(kept as Anthropic.ContentBlockParam[]);
          this.transcript.addUser([{ type: 'text', text: CONTINUE_AFTER_MAX_TOKENS }]);
          this.host.transcriptChanged();
          if (message.stop_reason === 'model_context_window_exceeded') await this.compactIfNeeded(true);
          continue;
        }
        case 'pause_turn':
          // A long server-side turn paused: send it back as-is and the model resumes.
          this.continuations = 0;
          this.transcript.addAssistant(message.content as Anthropic.ContentBlockParam[]);
          this.host.transcriptChanged();
          continue;
        case 'tool_use': {
          this.continuations = 0;
          this.transcript.addAssistant(message.content as Anthropic.ContentBlockParam[]);
          this.host.transcriptChanged();
          const verdict = await this.runTools(message.content);
          if (verdict) return verdict;
          continue;
        }
        default: {
          this.continuations = 0;
          this.transcript.addAssistant(message.content as Anthropic.ContentBlockParam[]);
          this.host.transcriptChanged();
          if (this.hasRedirects()) continue;
          if (this.phase === 'planning' && !this.planProposed && !this.nudgedForPlan) {
            this.nudgedForPlan = true;
            this.transcript.addUser([{ type: 'text', text: PLAN_NUDGE }]);
            continue;
          }
          return { outcome: 'done', message: textOf(message.content) || undefined };
        }
      }
    }
  }

  private async callModel(): Promise<Anthropic.Message> {
    const tools = this.phaseTools();
    const req = {
      model: this.cfg.model,
      maxTokens: this.cfg.maxTokens,
      system: this.cfg.system,
      tools,
      messages: this.transcript.snapshot(),
    };
    const turn = this.turn;
    let retried = false;
    const message = await this.model.call(req, this.host.signal, {
      onText: (text) => this.host.emit({ type: 'text.delta', turn, text }),
      onBlock: (block) => this.searchSteps.onBlock(block, turn).forEach((e) => this.host.emit(e)),
      onRetry: (attempt, delayMs, reason) => {
        retried = true;
        this.host.emit({ type: 'retry', attempt, delayMs, reason });
        this.host.setStatus(this.phase, `retrying in ${Math.ceil(delayMs / 1000)}s (${reason})`);
      },
    });
    if (retried) this.host.setStatus(this.phase); // clears "retrying in Ns"
    const u = usageFromApi(message.model || this.cfg.model, message.usage);
    this.usage.add(u);
    this.host.emit({ type: 'usage', turn, turnUsage: this.usage.turn, total: this.usage.total });
    this.meter.observe(u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens + u.outputTokens, this.transcriptChars());
    return message;
  }

  /**
   * Runs the turn's tool calls and settles staged changes; returns an outcome when the task must end.
   * `answered` (a resumed turn's) holds calls not to run again; `carried` is text to keep after the results.
   */
  private async runTools(
    content: readonly (Anthropic.ContentBlock | Anthropic.ContentBlockParam)[],
    answered: ReadonlyMap<string, Anthropic.ToolResultBlockParam> = new Map(),
    carried: Anthropic.TextBlockParam[] = [],
  ): Promise<LoopOutcome | undefined> {
    const calls: ToolCall[] = content
      .filter((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use')
      .map((b) => ({ id: b.id, name: b.name, input: b.input }));
    const planCalls = calls.filter((c) => c.name === PROPOSE_PLAN && !answered.has(c.id));
    const otherCalls = calls.filter((c) => c.name !== PROPOSE_PLAN && !answered.has(c.id));

    const { results, mutated } = await runToolCalls(otherCalls, {
      registry: this.cfg.tools,
      gate: (call, tool) => this.gateToolCall(call, tool),
      context: (signal, callId) => ({ ...this.host.toolContext(signal, callId), phase: this.phase }),
      signal: this.host.signal,
      timeoutMs: this.cfg.toolTimeoutMs,
      emit: (e) => this.host.emit(e),
    });
    const byId = new Map([...answered, ...results.map((r) => [r.tool_use_id, r] as const)]);
    let rejected = false;
    const notes: Anthropic.TextBlockParam[] = [...carried];
    try {
      for (const call of planCalls) {
        const { result, endsTask } = await this.reviewPlanCall(call);
        byId.set(call.id, result);
        rejected ||= endsTask;
      }
      if (mutated && !this.host.signal.aborted && this.cfg.settleChanges !== false) {
        const gate = await settleStagedChanges(this.session, this.cfg.policy, (batch) => this.host.askApproval({ batch }));
        if (gate.refused.length > 0) notes.push(refusedChangesNote(gate.refused));
        if (gate.conflicts.length > 0) notes.push(conflictsNote(gate.conflicts));
      }
    } catch (err) {
      // Cancelled while waiting for the person: still record every result we have.
      if (!(err instanceof CancelledError)) {
        if (this.host.signal.aborted) throw err;
        // The sandbox could not list/apply staged changes: they stay staged and are checked again after the next mutating turn.
        this.host.emit({ type: 'error', message: `Could not settle staged changes: ${(err as Error)?.message ?? err}`, fatal: false });
      }
    }
    const cancelledResult = (id: string): Anthropic.ToolResultBlockParam => ({
      type: 'tool_result',
      tool_use_id: id,
      is_error: true,
      content: 'Cancelled by the person.',
    });
    this.transcript.addUser([...calls.map((c) => byId.get(c.id) ?? cancelledResult(c.id)), ...notes]);
    this.host.transcriptChanged();
    if (this.host.signal.aborted) return { outcome: 'cancelled' };
    if (rejected) return { outcome: 'cancelled', message: 'The person rejected the plan.' };
    return undefined;
  }

  /** The policy decides every call (planning is read-only is one of its rules); 'ask' puts the call in front of the person. */
  private async gateToolCall(call: ToolCall, tool: AgentTool): Promise<string | undefined> {
    const verdict = this.cfg.policy.decideToolCall(this.cfg.tools, tool.name, call.input, this.phase);
    if (verdict.decision === 'run') return undefined;
    if (verdict.decision === 'refuse') return `Refused: ${verdict.reason}`;
    // A yes "for this task" or "always" skips only the question asked because the tool acts outside the sandbox.
    if (verdict.rule === 'outside-sandbox' && this.cfg.grants?.allows(tool.approval)) return undefined;
    const summary = this.cfg.tools.describe(tool.name, call.input);
    const scopes = verdict.rule === 'outside-sandbox' && tool.approval && tool.approval.scopes.length > 1 ? { scopes: tool.approval.scopes } : {};
    const connector = tool.connector ? { connector: tool.connector } : {};
    const answer = await this.host.askApproval({ toolCall: { callId: call.id, name: tool.name, input: call.input, summary, reason: verdict.reason, ...connector, ...scopes } });
    const problem = answer.approved && 'scopes' in scopes ? this.cfg.grants?.record(tool.approval, answer) : undefined;
    if (problem) this.host.emit({ type: 'error', message: problem, fatal: false });
    return answer.approved ? undefined : `The person declined this ${tool.name} call.`;
  }

  private async reviewPlanCall(call: ToolCall): Promise<{ result: Anthropic.ToolResultBlockParam; endsTask: boolean }> {
    const answer = (text: string, isError = false): Anthropic.ToolResultBlockParam => ({
      type: 'tool_result',
      tool_use_id: call.id,
      content: text,
      ...(isError ? { is_error: true } : {}),
    });
    if (this.phase === 'running') return { result: answer('The plan is already approved; carry on with it.'), endsTask: false };
    const parsed = parsePlan(call.input);
    if ('error' in parsed) return { result: answer(parsed.error, true), endsTask: false };
    this.planProposed = true;
    const decision = await this.host.reviewPlan(parsed.plan);
    this.host.emit({ type: 'plan.decided', decision: decision.decision, ...(decision.feedback ? { feedback: decision.feedback } : {}) });
    if (decision.decision === 'approved') {
      this.phase = 'running';
      const extra = decision.feedback ? `\nThe person added: ${decision.feedback}` : '';
      return { result: answer(PLAN_APPROVED_NOTE + extra), endsTask: false };
    }
    if (decision.decision === 'edited') {
      return { result: answer(planFeedbackNote(decision.feedback ?? '(no details given)')), endsTask: false };
    }
    return { result: answer('The person rejected this plan. Stop here.'), endsTask: true };
  }

  private phaseTools(): Anthropic.ToolUnion[] {
    const defs: Anthropic.ToolUnion[] = this.phase === 'planning' ? this.cfg.tools.readOnlyDefinitions() : this.cfg.tools.definitions();
    // Searching reads the web, not the folder: allowed while planning too.
    defs.push(...(this.cfg.serverTools ?? []));
    // propose_plan stays listed after approval so earlier calls to it remain valid history.
    if (this.phase === 'planning' || this.planProposed) defs.push(proposePlanTool);
    return defs;
  }

  private hasRedirects(): boolean {
    return this.flushRedirects() > 0;
  }

  /** Moves queued messages from the person into the transcript's next user message. */
  private flushRedirects(): number {
    const texts = this.host.takeRedirects();
    if (texts.length > 0) {
      this.transcript.addUser(texts.map(redirectNote));
      this.host.transcriptChanged();
    }
    return texts.length;
  }

  private async compactIfNeeded(force: boolean): Promise<void> {
    const s = this.cfg.compaction;
    const fixed = estimateTokens(this.cfg.system) + estimateTokens(this.phaseTools());
    const estimate = this.meter.estimate(this.transcriptChars(), fixed);
    if (!force && !needsCompaction(estimate, s)) return;
    const result = await compactTranscript(this.transcript.mutableMessages(), s);
    if (result.cleared === 0) return;
    this.meter.shrink(result.charsRemoved, this.transcriptChars());
    this.host.setStatus(
      this.phase,
      `context ${Math.round((estimate / s.contextWindow) * 100)}% full: ${result.summarised ? 'summarised' : 'cleared'} ${result.cleared} older tool results`,
    );
    this.host.transcriptChanged();
  }

  private transcriptChars(): number {
    return JSON.stringify(this.transcript.messages).length;
  }
}
