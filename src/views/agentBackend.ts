// The TaskBackend the views use, built on the real agent: one AgentTask per run
// (src/agent/loop), a queue limiting how many run at once, a store persisting
// each task's events and transcript, the sandbox manager and the skills library.
// vscode-free: everything VS Code-specific (settings, secrets, log) is injected.
//
// One log per task, numbered from its creation: the task's EventBus is made when
// the task is queued (task.created is seq 0), and the AgentTask that runs it later
// continues that numbering. Every event is persisted and goes into the one
// in-memory copy of the logs, the TaskEventHub.

import type { ApprovalScope, ConflictChoice, TaskEvent } from '../shared/taskEvents';
import type { FormAnswer, FormCheck } from '../shared/elicitationForm';
import { newTaskId, titleOf } from '../shared/taskIdentity';
import { AgentTask, type AgentTaskOptions } from '../agent/loop/agentTask';
import { EventBus } from '../agent/loop/eventBus';
import type { MessageParam } from '../agent/loop/transcript';
import type { SubAgentRecord } from '../agent/loop/subAgentRecords';
import type { LaterWorkAnswer, UndoResult } from '../shared/undoLaterWork';
import type { StartRequest, TaskBackend } from './taskBackend';
import type { TaskEventHub } from './taskEventHub';

/** What the backend needs from the task store (src/agent/tasks). */
export interface TaskPersistence {
  /** Makes room for a new task's log (before its first event). */
  create(created: Extract<TaskEvent, { type: 'task.created' }>): Promise<void>;
  loadAll(): Promise<TaskEvent[][]>;
  load(taskId: string): Promise<{ events: TaskEvent[]; transcript: MessageParam[] | undefined }>;
  append(event: TaskEvent): void;
  saveTranscript(taskId: string, messages: MessageParam[]): void;
  /** One sub-agent's record (its conversation, usage, result), kept beside its parent's task. */
  saveSubAgent(taskId: string, record: SubAgentRecord): void;
  loadSubAgents(taskId: string): Promise<SubAgentRecord[]>;
  remove(taskId: string): Promise<void>;
}

/** What the backend needs from the task queue (src/agent/tasks). */
export interface TaskScheduler {
  /** Runs `job` when a slot is free and no other task of `folder` runs. */
  enqueue(taskId: string, job: () => Promise<void>, folder?: string): void;
  /** Drops a task still waiting; false when it already runs or is unknown. */
  dequeue(taskId: string): boolean;
  setMaxParallel(n: number): void;
}

export interface AgentBackendDeps {
  persistence: TaskPersistence;
  scheduler: TaskScheduler;
  /** Everything task-specific AgentTask needs besides folder, prompt and id. */
  /** `transcript` is the conversation so far when the task resumes (per-task state such as activated skills is rebuilt from it). */
  taskOptions(folder: string, taskId: string, transcript?: MessageParam[]): Promise<Omit<AgentTaskOptions, 'folder' | 'prompt' | 'taskId' | 'title' | 'log'>>;
  /** Restores a folder to before the task (the sandbox manager's undo); later work is named, not overwritten, unless `answer` covers it. */
  undo(folder: string, taskId: string, answer?: LaterWorkAnswer): Promise<UndoResult>;
  /** Renders a task's log as Markdown for "Copy Transcript". */
  renderTranscript(events: readonly TaskEvent[]): string;
  /** The model new tasks use (for the task's record). */
  model(): string;
  /** The in-memory copy of every task's log, which the backend writes (the views read it). */
  hub: TaskEventHub;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

export class AgentBackend implements TaskBackend {
  private readonly running = new Map<string, AgentTask>();
  private readonly listeners = new Set<(e: TaskEvent) => void>();
  /** The log of every task created or resumed here, from queueing to its end. */
  private readonly logs = new Map<string, EventBus>();

  constructor(private readonly deps: AgentBackendDeps) {}

  async loadHistory(): Promise<TaskEvent[][]> {
    const logs = (await this.deps.persistence.loadAll())
      .filter((log) => log.length > 0)
      .map((log) => {
        // A task that was running when VS Code closed ends as interrupted (persisted, so a
        // resumed task numbers its events after it); the person resumes it explicitly.
        if (!log.some((e) => e.type === 'finished')) {
          const end = interrupted(log);
          this.deps.persistence.append(end);
          log = [...log, end];
        }
        return log;
      });
    this.deps.hub.load(logs);
    return logs;
  }

  onEvent(listener: (e: TaskEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Every event of every task goes through here: persisted, into the hub, to listeners. */
  private record(e: TaskEvent): void {
    this.deps.persistence.append(e);
    this.deps.hub.add(e);
    for (const l of [...this.listeners]) l(e);
  }

  /** From now on every event of this log is recorded. */
  private track(log: EventBus): EventBus {
    log.on((e) => this.record(e));
    this.logs.set(log.taskId, log);
    return log;
  }

  async start(req: StartRequest): Promise<string> {
    const log = new EventBus(newTaskId());
    const taskId = log.taskId;
    const created = log.emit({ type: 'task.created', title: titleOf(req.prompt), prompt: req.prompt, folder: req.folder, model: this.deps.model() });
    // The store makes room for the task before its first event lands.
    await this.deps.persistence.create(created as Extract<TaskEvent, { type: 'task.created' }>);
    this.record(created);
    this.track(log).emit({ type: 'status', status: 'queued' });
    this.deps.scheduler.enqueue(taskId, () => this.run(taskId, req.folder, req.prompt, log, undefined), req.folder);
    return taskId;
  }

  /** Runs (or resumes) one task to its end; never throws. */
  private async run(taskId: string, folder: string, prompt: string, log: EventBus, resumeFrom: { events: TaskEvent[]; transcript: MessageParam[] } | undefined): Promise<void> {
    let task: AgentTask;
    try {
      // A resumed task's sub-agents continue from what was kept of them.
      const saved = resumeFrom ? await this.deps.persistence.loadSubAgents(taskId) : [];
      const subAgentRecords = { saved, save: (r: SubAgentRecord) => this.deps.persistence.saveSubAgent(taskId, r) };
      task = new AgentTask({ ...(await this.deps.taskOptions(folder, taskId, resumeFrom?.transcript)), folder, prompt, taskId, log, subAgentRecords });
    } catch (err) {
      this.failBeforeStart(taskId, err, log);
      return;
    }
    this.running.set(taskId, task);
    const offTranscript = task.onTranscript((m) => this.deps.persistence.saveTranscript(taskId, m));
    try {
      const result = resumeFrom ? await task.resume(resumeFrom.transcript, resumeFrom.events) : await task.start();
      this.deps.log.info(`task ${taskId} ended: ${result.outcome}${result.message ? ` (${result.message})` : ''}`);
    } catch (err) {
      this.deps.log.error(`task ${taskId} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      offTranscript();
      this.running.delete(taskId);
    }
  }

  /** A task that could not even be built still ends visibly, with the reason, in its own log. */
  private failBeforeStart(taskId: string, err: unknown, log: EventBus): void {
    const message = err instanceof Error ? err.message : String(err);
    this.deps.log.error(`task ${taskId} could not start: ${message}`);
    log.emit({ type: 'error', message, fatal: true });
    log.emit({ type: 'finished', outcome: 'failed', message });
  }

  private taskOf(taskId: string): AgentTask {
    const t = this.running.get(taskId);
    if (!t) throw new Error('that task is not running any more.');
    return t;
  }

  async cancel(taskId: string): Promise<void> {
    if (this.deps.scheduler.dequeue(taskId)) {
      const log = this.logs.get(taskId);
      log?.emit({ type: 'status', status: 'cancelled' });
      log?.emit({ type: 'finished', outcome: 'cancelled', message: 'Cancelled before it started.' });
      return;
    }
    this.taskOf(taskId).cancel();
  }

  async redirect(taskId: string, text: string): Promise<void> {
    this.taskOf(taskId).redirect(text);
  }

  async decidePlan(taskId: string, decision: 'approved' | 'edited' | 'rejected', feedback?: string): Promise<void> {
    this.taskOf(taskId).decidePlan(decision, feedback);
  }

  async decideApproval(taskId: string, approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): Promise<void> {
    this.taskOf(taskId).decideApproval(approvalId, approved, scope, choices);
  }

  async answerQuestion(taskId: string, questionId: string, answer: string): Promise<void> {
    this.taskOf(taskId).answerQuestion(questionId, answer);
  }

  async answerForm(taskId: string, formId: string, answer: FormAnswer): Promise<FormCheck> {
    return this.taskOf(taskId).answerForm(formId, answer);
  }

  private created(taskId: string): Extract<TaskEvent, { type: 'task.created' }> {
    const e = this.deps.hub.eventsOf(taskId).find((x) => x.type === 'task.created');
    if (!e || e.type !== 'task.created') throw new Error(`no record of task ${taskId}.`);
    return e;
  }

  async retry(taskId: string): Promise<string> {
    const c = this.created(taskId);
    return this.start({ prompt: c.prompt, folder: c.folder });
  }

  async resume(taskId: string): Promise<void> {
    if (this.running.has(taskId)) throw new Error('that task is still running.');
    const c = this.created(taskId);
    const saved = await this.deps.persistence.load(taskId);
    if (!saved.transcript?.length) throw new Error('there is no saved transcript to resume from; use Retry instead.');
    const transcript = saved.transcript;
    // The resumed run numbers its events after everything already in the task's log.
    const log = this.track(new EventBus(taskId));
    for (const e of [...saved.events, ...this.deps.hub.eventsOf(taskId)]) log.continueAfter(e.seq);
    this.deps.scheduler.enqueue(taskId, () => this.run(taskId, c.folder, c.prompt, log, { events: saved.events, transcript }), c.folder);
  }

  async undo(taskId: string, answer?: LaterWorkAnswer): Promise<UndoResult> {
    if (this.running.has(taskId)) throw new Error('cancel the task before undoing it.');
    const folder = this.created(taskId).folder;
    if (this.deps.hub.list.get(taskId)?.undone) return { undone: false, alreadyUndone: true };
    const r = await this.deps.undo(folder, taskId, answer);
    // Undone now, or earlier by someone this log did not hear of (the CLI): the task says so from now on.
    if (r.undone || 'alreadyUndone' in r) this.noteUndone(taskId, r.undone && answer?.laterChanges === 'keep' ? answer.shown : []);
    return r;
  }

  /** Appends task.undone to a finished task's log, numbered after everything in it. */
  private noteUndone(taskId: string, keptLater: readonly string[]): void {
    let log = this.logs.get(taskId);
    if (!log) {
      log = this.track(new EventBus(taskId));
      for (const e of this.deps.hub.eventsOf(taskId)) log.continueAfter(e.seq);
    }
    log.emit({ type: 'task.undone', keptLater: [...keptLater] });
  }

  async deleteFromHistory(taskId: string): Promise<void> {
    if (this.running.has(taskId)) throw new Error('cancel the task before deleting it.');
    this.deps.scheduler.dequeue(taskId);
    await this.deps.persistence.remove(taskId);
    this.logs.delete(taskId);
  }

  async transcript(taskId: string): Promise<string> {
    if (!this.deps.hub.has(taskId)) throw new Error(`no record of task ${taskId}.`);
    return this.deps.renderTranscript(this.deps.hub.eventsOf(taskId));
  }

  setMaxParallel(n: number): void {
    this.deps.scheduler.setMaxParallel(n);
  }

  async dispose(): Promise<void> {
    for (const t of this.running.values()) t.cancel();
    this.running.clear();
  }
}

/** The closing event shown for a log that stopped without one (VS Code closed mid-task). */
function interrupted(log: TaskEvent[]): TaskEvent {
  const last = log[log.length - 1];
  return { type: 'finished', outcome: 'cancelled', message: 'Interrupted when VS Code closed. Resume to continue.', taskId: last.taskId, seq: last.seq + 1, at: last.at };
}
