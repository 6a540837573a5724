// The TaskBackend the views use, built on the real agent: one AgentTask per run
// (src/agent/loop), a queue limiting how many run at once, a store persisting
// each task's events and transcript, the sandbox manager and the skills library.
// vscode-free: everything VS Code-specific (settings, secrets, log) is injected.

import type { TaskEvent, TaskEventBody } from '../shared/taskEvents';
import { AgentTask, type AgentTaskOptions } from '../agent/loop/agentTask';
import type { MessageParam } from '../agent/loop/transcript';
import { newTaskId } from '../agent/tasks/store';
import type { StartRequest, TaskBackend } from './taskBackend';

/** What the backend needs from the task store (src/agent/tasks). */
export interface TaskPersistence {
  /** Makes room for a new task's log (before its first event). */
  create(created: Extract<TaskEvent, { type: 'task.created' }>): Promise<void>;
  loadAll(): Promise<TaskEvent[][]>;
  load(taskId: string): Promise<{ events: TaskEvent[]; transcript: MessageParam[] | undefined }>;
  append(event: TaskEvent): void;
  saveTranscript(taskId: string, messages: MessageParam[]): void;
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
  taskOptions(folder: string, taskId: string, transcript?: MessageParam[]): Promise<Omit<AgentTaskOptions, 'folder' | 'prompt' | 'taskId' | 'title'>>;
  /** Restores a folder to before the task (the sandbox manager's undo). */
  undo(folder: string, taskId: string): Promise<void>;
  /** Renders a task's log as Markdown for "Copy Transcript". */
  renderTranscript(events: readonly TaskEvent[]): string;
  /** The model new tasks use (for the task's record). */
  model(): string;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

export class AgentBackend implements TaskBackend {
  private readonly running = new Map<string, AgentTask>();
  private readonly listeners = new Set<(e: TaskEvent) => void>();
  /** Local-only seqs for tasks waiting in the queue; the agent's own log starts at 0. */
  private readonly queuedSeq = new Map<string, number>();
  private readonly knownLogs = new Map<string, TaskEvent[]>();

  constructor(private readonly deps: AgentBackendDeps) {}

  async loadHistory(): Promise<TaskEvent[][]> {
    const logs = await this.deps.persistence.loadAll();
    return logs
      .filter((log) => log.length > 0)
      .map((log) => {
        // A task that was running when VS Code closed ends as interrupted (persisted, so a
        // resumed task numbers its events after it); the person resumes it explicitly.
        if (!log.some((e) => e.type === 'finished')) {
          const end = interrupted(log);
          this.deps.persistence.append(end);
          log = [...log, end];
        }
        this.knownLogs.set(log[0].taskId, log);
        return log;
      });
  }

  onEvent(listener: (e: TaskEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(e: TaskEvent): void {
    const log = this.knownLogs.get(e.taskId) ?? [];
    log.push(e);
    this.knownLogs.set(e.taskId, log);
    for (const l of [...this.listeners]) l(e);
  }

  /** Events shown while a task waits in the queue, numbered below 0 so the agent's log replaces them. */
  private fireLocal(taskId: string, body: TaskEventBody): void {
    const seq = (this.queuedSeq.get(taskId) ?? -1000) + 1;
    this.queuedSeq.set(taskId, seq);
    this.fire({ ...body, taskId, seq, at: Date.now() } as TaskEvent);
  }

  async start(req: StartRequest): Promise<string> {
    const taskId = newTaskId();
    const firstLine = req.prompt.trim().split('\n')[0];
    const title = firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
    await this.deps.persistence.create({ type: 'task.created', title, prompt: req.prompt, folder: req.folder, model: this.deps.model(), taskId, seq: -1, at: Date.now() });
    this.fireLocal(taskId, { type: 'task.created', title, prompt: req.prompt, folder: req.folder, model: this.deps.model() });
    this.fireLocal(taskId, { type: 'status', status: 'queued' });
    this.deps.scheduler.enqueue(taskId, () => this.run(taskId, req.folder, req.prompt, undefined), req.folder);
    return taskId;
  }

  /** Runs (or resumes) one task to its end; never throws. */
  private async run(taskId: string, folder: string, prompt: string, resumeFrom: { events: TaskEvent[]; transcript: MessageParam[] } | undefined): Promise<void> {
    let task: AgentTask;
    try {
      task = new AgentTask({ ...(await this.deps.taskOptions(folder, taskId, resumeFrom?.transcript)), folder, prompt, taskId });
    } catch (err) {
      this.failBeforeStart(taskId, err, resumeFrom?.events);
      return;
    }
    this.running.set(taskId, task);
    const offEvent = task.onEvent((e) => {
      this.deps.persistence.append(e);
      this.fire(e);
    });
    const offTranscript = task.onTranscript((m) => this.deps.persistence.saveTranscript(taskId, m));
    try {
      const result = resumeFrom ? await task.resume(resumeFrom.transcript, resumeFrom.events) : await task.start();
      this.deps.log.info(`task ${taskId} ended: ${result.outcome}${result.message ? ` (${result.message})` : ''}`);
    } catch (err) {
      this.deps.log.error(`task ${taskId} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      offEvent();
      offTranscript();
      this.running.delete(taskId);
    }
  }

  /** A task that could not even be built still ends visibly, with the reason. */
  private failBeforeStart(taskId: string, err: unknown, prior: TaskEvent[] | undefined): void {
    const message = err instanceof Error ? err.message : String(err);
    this.deps.log.error(`task ${taskId} could not start: ${message}`);
    const base = prior?.length ? Math.max(...prior.map((e) => e.seq)) + 1 : -1;
    if (base < 0) {
      this.fireLocal(taskId, { type: 'error', message, fatal: true });
      this.fireLocal(taskId, { type: 'finished', outcome: 'failed', message });
      return;
    }
    const at = Date.now();
    for (const [i, body] of ([{ type: 'error', message, fatal: true }, { type: 'finished', outcome: 'failed', message }] as TaskEventBody[]).entries()) {
      const e = { ...body, taskId, seq: base + i, at } as TaskEvent;
      this.deps.persistence.append(e);
      this.fire(e);
    }
  }

  private taskOf(taskId: string): AgentTask {
    const t = this.running.get(taskId);
    if (!t) throw new Error('that task is not running any more.');
    return t;
  }

  async cancel(taskId: string): Promise<void> {
    if (this.deps.scheduler.dequeue(taskId)) {
      this.fireLocal(taskId, { type: 'status', status: 'cancelled' });
      this.fireLocal(taskId, { type: 'finished', outcome: 'cancelled', message: 'Cancelled before it started.' });
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

  async decideApproval(taskId: string, approvalId: string, approved: boolean): Promise<void> {
    this.taskOf(taskId).decideApproval(approvalId, approved);
  }

  async answerQuestion(taskId: string, questionId: string, answer: string): Promise<void> {
    this.taskOf(taskId).answerQuestion(questionId, answer);
  }

  private created(taskId: string): Extract<TaskEvent, { type: 'task.created' }> {
    const e = this.knownLogs.get(taskId)?.find((x) => x.type === 'task.created');
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
    this.deps.scheduler.enqueue(taskId, () => this.run(taskId, c.folder, c.prompt, { events: saved.events, transcript }), c.folder);
  }

  async undo(taskId: string): Promise<void> {
    if (this.running.has(taskId)) throw new Error('cancel the task before undoing it.');
    await this.deps.undo(this.created(taskId).folder, taskId);
  }

  async deleteFromHistory(taskId: string): Promise<void> {
    if (this.running.has(taskId)) throw new Error('cancel the task before deleting it.');
    this.deps.scheduler.dequeue(taskId);
    await this.deps.persistence.remove(taskId);
    this.knownLogs.delete(taskId);
  }

  async transcript(taskId: string): Promise<string> {
    const log = this.knownLogs.get(taskId);
    if (!log) throw new Error(`no record of task ${taskId}.`);
    return this.deps.renderTranscript(log);
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
