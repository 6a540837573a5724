// Runs a delegate call's sub-agents: one child task per brief, all at once, in the
// parent's sandbox session. The parent's log gets one lane per child
// (subagent.started / .step / .usage / .finished); the child's own events stay in
// memory, so its transcript never reaches the parent. A child's usage is added to
// the parent's as it spends (subagent.usage says the child's total so far); a
// child's questions and tool approvals go to the person through the parent.
// Cancelling the parent's call cancels every child. Each child's conversation and
// result are kept through `records` (subAgentRecords.ts), so a delegate call
// re-run after a reload resumes its children. No import of AgentTask: the parent
// passes `spawn`, which keeps this file below it.

import type { ApprovalRequest, FileTouch, ReadBefore, TaskEvent, TaskEventBody, Usage } from '../../shared/taskEvents';
import type { ApprovalAnswer } from '../approval/toolGrants';
import type { ElicitationForm, FormAnswer } from '../../shared/elicitationForm';
import { newTaskId } from '../../shared/taskIdentity';
import type { SandboxSession } from '../../sandbox/session';
import type { CustomAgent } from '../customAgents/customAgent';
import { DELEGATE } from '../tools/delegate';
import { createToolRegistry, type ToolRegistry } from '../tools/registry';
import type { SubAgentResult, SubAgentRunner, SubAgentSpec } from '../tools/subAgentRunner';
import type { AnyAgentTool } from '../tools/tool';
import type { SubAgentRecord, SubAgentRecords } from './subAgentRecords';
import { textOf, type MessageParam } from './transcript';
import { emptyUsage, isEmptyUsage, usageSince } from './usage';

/** Default cap on a child's report: enough for findings, small next to a transcript. */
export const DEFAULT_REPORT_CHARS = 4_000;

/** Where a child's questions and tool-call approvals go (the parent's person). */
export interface PersonChannel {
  askUser(question: string, choices: string[] | undefined, signal: AbortSignal): Promise<string>;
  /** `readBefore`: the untrusted sources the asking task read since its person last spoke. */
  askApproval(request: ApprovalRequest, signal: AbortSignal, readBefore?: ReadBefore): Promise<ApprovalAnswer>;
  /** `withdrawn`: aborted when the server takes its question back (the form closes with a note). */
  askForm(form: ElicitationForm, signal: AbortSignal, withdrawn?: AbortSignal): Promise<FormAnswer>;
}

/** What the parent hands a child beyond its own settings. */
export interface ChildSpec {
  taskId: string;
  title: string;
  prompt: string;
  model: string;
  tools: ToolRegistry;
  /** Levels of sub-agents the child may start in turn (0: none). */
  depth: number;
  person: PersonChannel;
  session: SandboxSession;
}

type ChildEnd = { outcome: 'done' | 'failed' | 'cancelled'; message?: string; usage: Usage };

/** The part of an AgentTask the pool drives. */
export interface ChildTask {
  onEvent(listener: (e: TaskEvent) => void): () => void;
  onTranscript(listener: (messages: MessageParam[]) => void): () => void;
  readonly usage: Usage;
  start(): Promise<ChildEnd>;
  /** Continues a child from its kept conversation (after the parent's reload); `usage` is what it had spent. */
  resume(transcript: MessageParam[], events: [], usage: Usage): Promise<ChildEnd>;
  cancel(): void;
}

export interface SubAgentParent {
  session: SandboxSession;
  model: string;
  smallModel: string;
  tools: ToolRegistry;
  /** Levels below this task (>= 1 here, else there is no pool). */
  depth: number;
  reportChars?: number;
  /** Custom agents a delegate call may name. */
  agents?: readonly CustomAgent[];
  emit(e: TaskEventBody): void;
  addUsage(u: Usage): void;
  person: PersonChannel;
  spawn(spec: ChildSpec): ChildTask;
  /** Where each child's conversation and result are kept across a reload. */
  records?: SubAgentRecords;
}

export class SubAgentPool implements SubAgentRunner {
  readonly reportChars: number;

  constructor(private readonly parent: SubAgentParent) {
    this.reportChars = parent.reportChars ?? DEFAULT_REPORT_CHARS;
  }

  toolNames(): string[] {
    return this.childTools().map((t) => t.name);
  }

  readOnlyToolNames(): string[] {
    return this.childTools()
      .filter((t) => t.readOnly)
      .map((t) => t.name);
  }

  agents(): readonly CustomAgent[] {
    return this.parent.agents ?? [];
  }

  run(specs: SubAgentSpec[], signal: AbortSignal, opts: { readOnly?: boolean; callId?: string } = {}): Promise<SubAgentResult[]> {
    return Promise.all(specs.map((spec) => this.runOne(spec, signal, opts.readOnly ?? false, opts.callId)));
  }

  /** The tools a child can have: the parent's, without delegate once the depth is used up. */
  private childTools(): AnyAgentTool[] {
    const all = this.parent.tools.tools() as AnyAgentTool[];
    return this.parent.depth > 1 ? all : all.filter((t) => t.name !== DELEGATE);
  }

  private toolsFor(spec: SubAgentSpec, readOnly: boolean): ToolRegistry {
    const tools = this.childTools().filter((t) => !readOnly || t.readOnly);
    const wanted = spec.tools
      ? new Set(spec.tools)
      : new Set(tools.filter((t) => spec.kind === 'work' || t.readOnly || (spec.outputFile && t.name === 'write_file')).map((t) => t.name));
    return createToolRegistry([], tools.filter((t) => wanted.has(t.name)));
  }

  private async runOne(spec: SubAgentSpec, signal: AbortSignal, readOnly: boolean, callId: string | undefined): Promise<SubAgentResult> {
    const p = this.parent;
    // A call re-run after the parent's reload: a child that had ended returns what it returned then.
    const kept = callId ? p.records?.saved.find((r) => r.callId === callId && r.name === spec.name) : undefined;
    const ended = kept && endedResult(kept);
    if (kept && ended) {
      if (!kept.result) this.announceEnded(kept, spec, ended);
      return { name: spec.name, childId: kept.childId, ...ended, report: cap(ended.report, this.reportChars) };
    }
    const childId = kept?.childId ?? newTaskId();
    const model = spec.model === 'inherit' ? p.model : spec.model === 'small' ? p.smallModel : (spec.model ?? (spec.kind === 'research' ? p.smallModel : p.model));
    const tag = (text: string) => `[${spec.name}] ${text}`;
    const child = p.spawn({
      taskId: childId,
      title: spec.name,
      prompt: childPrompt(spec, this.reportChars),
      model,
      tools: this.toolsFor(spec, readOnly),
      depth: p.depth - 1,
      session: p.session,
      person: {
        askUser: (q, choices, s) => p.person.askUser(tag(q), choices, s),
        askApproval: (request, s, readBefore) =>
          p.person.askApproval('toolCall' in request ? { toolCall: { ...request.toolCall, reason: tag(request.toolCall.reason) } } : request, s, readBefore),
        askForm: (form, s, withdrawn) => p.person.askForm({ ...form, message: tag(form.message) }, s, withdrawn),
      },
    });
    const files: FileTouch[] = [...(kept?.files ?? [])];
    // The parent's usage counts the child's as it spends (what the parent holds of it so far
    // is `counted`); every record is saved right after counting, so it says so (usageCounted).
    let counted = kept && (kept.usageCounted || kept.result) ? kept.usage : emptyUsage();
    const count = (total: Usage) => {
      const more = usageSince(total, counted);
      if (isEmptyUsage(more)) return;
      counted = total;
      p.addUsage(more);
      p.emit({ type: 'subagent.usage', childId, name: spec.name, usage: total });
    };
    const record = (messages: MessageParam[], result?: SubAgentRecord['result']) => {
      count(child.usage);
      if (callId) p.records?.save({ childId, callId, name: spec.name, messages, usage: child.usage, usageCounted: true, files: [...files], ...(result ? { result } : {}) });
    };
    let messages: MessageParam[] = kept?.messages ?? [];
    child.onTranscript((m) => {
      messages = m;
      record(m);
    });
    child.onEvent((e) => {
      const step = stepOf(e);
      if (step) p.emit({ type: 'subagent.step', childId, name: spec.name, ...step });
      if (e.type === 'tool.finished' && e.ok) files.push(...e.files.filter((f) => f.action !== 'read'));
      if (e.type === 'usage') record(messages);
    });
    // A resumed child announces itself again under the same id: the views put it back to running.
    p.emit({ type: 'subagent.started', childId, name: spec.name, brief: spec.brief, model });
    const cancel = () => child.cancel();
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel, { once: true });
    let result: Awaited<ReturnType<ChildTask['start']>>;
    try {
      result = kept?.messages.length ? await child.resume(kept.messages, [], kept.usage) : await child.start();
    } finally {
      signal.removeEventListener('abort', cancel);
    }
    count(result.usage);
    let report = result.outcome === 'done' ? (result.message ?? '') : `The sub-agent ${result.outcome === 'failed' ? 'failed' : 'was cancelled'}${result.message ? `: ${result.message}` : '.'}`;
    report = cap(report, this.reportChars);
    if (result.outcome === 'done' && spec.outputFile && !files.some((f) => f.path === spec.outputFile)) {
      const written = await this.writeOutput(spec.outputFile, report);
      if (written) files.push(written);
    }
    p.emit({ type: 'subagent.finished', childId, name: spec.name, outcome: result.outcome, report, files: files.map((f) => f.path), usage: result.usage });
    record(messages, { outcome: result.outcome, report, files });
    return { name: spec.name, childId, outcome: result.outcome, report, files };
  }

  /** A child whose final reply was kept but not its result: its lane is closed with that reply. */
  private announceEnded(kept: SubAgentRecord, spec: SubAgentSpec, ended: Pick<SubAgentResult, 'outcome' | 'report' | 'files'>): void {
    const p = this.parent;
    p.emit({ type: 'subagent.finished', childId: kept.childId, name: spec.name, outcome: ended.outcome, report: cap(ended.report, this.reportChars), files: ended.files.map((f) => f.path), usage: kept.usage });
    if (!kept.usageCounted) p.addUsage(kept.usage);
  }

  /** The child did not write its output file: its report goes there (a new file, or staged when it existed). */
  private async writeOutput(path: string, report: string): Promise<FileTouch | undefined> {
    const session = this.parent.session;
    try {
      const existed = await session.stat(path).then(() => true, () => false);
      await session.writeFile(path, report.endsWith('\n') ? report : `${report}\n`);
      return { path, action: existed ? 'modified' : 'created' };
    } catch (err) {
      this.parent.emit({ type: 'error', message: `Could not write the sub-agent's output file ${path}: ${(err as Error).message}`, fatal: false });
      return undefined;
    }
  }
}

/** The child's whole first message: who it is, the rules of its report, its brief. */
export function childPrompt(spec: SubAgentSpec, reportChars: number): string {
  const lines = [
    `[Sub-agent "${spec.name}"] The main agent delegated this ${spec.kind} task to you. You do not see its conversation: ` +
      'everything you know is this brief and the folder. Work without asking for a plan.',
    `When you finish, reply with a self-contained report of at most ${reportChars} characters: it is the only thing the main agent ` +
      'receives from you, with the paths of files you wrote.',
  ];
  if (spec.outputFile) lines.push(`Write your findings to ${spec.outputFile} (a file in the folder) as well.`);
  if (spec.agent) lines.push('', `You work as the custom agent "${spec.agent.name}" (defined in ${spec.agent.file}). Its instructions:`, spec.agent.instructions);
  lines.push('', 'Brief:', spec.brief);
  return lines.join('\n');
}

/**
 * What a kept child returns without running again: its result when it ended done or
 * failed (a cancelled one resumes), or its final reply when the reload came after
 * that reply but before the result was kept.
 */
function endedResult(r: SubAgentRecord): Pick<SubAgentResult, 'outcome' | 'report' | 'files'> | undefined {
  if (r.result && r.result.outcome !== 'cancelled') return r.result;
  const last = r.messages[r.messages.length - 1];
  const asksTools = last?.role === 'assistant' && typeof last.content !== 'string' && last.content.some((b) => b.type === 'tool_use');
  if (last?.role === 'assistant' && !asksTools) return { outcome: 'done', report: textOf(last.content), files: r.files ?? [] };
  return undefined;
}

/** The steps of a child worth a line in the parent's lane. */
function stepOf(e: TaskEvent): { state: 'running' | 'ok' | 'failed'; text: string; callId?: string } | undefined {
  switch (e.type) {
    case 'tool.started':
      return { state: 'running', text: e.summary, callId: e.callId };
    case 'tool.finished':
      return { state: e.ok ? 'ok' : 'failed', text: e.summary, callId: e.callId };
    case 'output.created':
      return { state: 'ok', text: `created ${e.path}` };
    case 'retry':
      return { state: 'running', text: `retrying in ${Math.ceil(e.delayMs / 1000)}s (${e.reason})` };
    case 'error':
      return { state: 'failed', text: e.message };
    default:
      return undefined;
  }
}

function cap(text: string, max: number): string {
  // A report may not close the fence it is put in (formatResults) and pose as the parent's text.
  const safe = text.replace(/<\/?subagent_report/gi, (m) => m.replace('<', '‹'));
  return safe.length > max ? `${safe.slice(0, max - 40)}\n… (report cut at ${max} characters)` : safe;
}
