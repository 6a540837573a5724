// The CLI's task records: every `cowork run` keeps its event log, conversation and
// sub-agent records in a TaskStore (the extension's format, src/agent/tasks/store.ts)
// under ~/.cowork/tasks, so `cowork resume` can list the tasks that stopped before
// they were done and continue one. The meta's `extra.pid` names the process running
// the task: a log without an end whose process still lives is running, not interrupted.

import * as path from 'node:path';
import { EventBus } from '../agent/loop/eventBus';
import { isSubAgentRecord, type SubAgentRecords } from '../agent/loop/subAgentRecords';
import type { MessageParam } from '../agent/loop/transcript';
import { TaskStore, type LoadedTask, type TaskSummary } from '../agent/tasks/store';
import type { TaskEvent } from '../shared/taskEvents';
import { coworkConfigDir } from './connectors';

export function cliTaskStore(): TaskStore {
  return new TaskStore(path.join(coworkConfigDir(), 'tasks'), { log: (m) => process.stderr.write(`cowork: warning: ${m}\n`) });
}

const warn = (what: string) => (err: unknown) => process.stderr.write(`cowork: warning: could not save ${what}: ${(err as Error)?.message ?? err}\n`);

/** From now on everything of the task is kept: each event of `log`, its conversation, its sub-agents' records. */
export function keepTask(store: TaskStore, log: EventBus, task: { onTranscript(l: (m: MessageParam[]) => void): () => void }): void {
  log.on((e) => void store.append(e.taskId, e).catch(warn(`an event of task ${e.taskId}`)));
  task.onTranscript((m) => void store.saveTranscript(log.taskId, m).catch(warn(`the conversation of task ${log.taskId}`)));
}

export function subAgentRecordsOf(store: TaskStore, taskId: string, saved: SubAgentRecord[]): SubAgentRecords {
  return { saved, save: (r) => void store.saveSubAgent(taskId, r.childId, r).catch(warn(`sub-agent ${r.name} of task ${taskId}`)) };
}
type SubAgentRecord = SubAgentRecords['saved'][number];

/** A new task's record (meta, with this process's pid) and its log; the caller emits task.created as the first event. */
export async function createTaskRecord(store: TaskStore, t: { taskId: string; title: string; prompt: string; folder: string; model: string }): Promise<EventBus> {
  await store.create({ id: t.taskId, title: t.title, prompt: t.prompt, folder: t.folder, model: t.model, extra: { pid: process.pid } });
  return new EventBus(t.taskId);
}

export type ResumeState = 'resumable' | 'running' | 'done';

/**
 * Whether a stored task can be resumed: not done, and not running now (its log has no end
 * yet and the process that runs it lives). A resumed task's log holds the earlier stop, so
 * the log's last event, not its status, says whether it has stopped again.
 */
export function resumeStateOf(task: Pick<LoadedTask, 'summary' | 'events' | 'meta'>): ResumeState {
  if (task.summary.status === 'done') return 'done';
  const pid = task.meta.extra?.pid;
  const ended = task.events.at(-1)?.type === 'finished';
  return !ended && typeof pid === 'number' && pid !== process.pid && alive(pid) ? 'running' : 'resumable';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Resumable {
  summary: TaskSummary;
  state: ResumeState;
}

/** Every stored task with whether it can be resumed, newest first. */
export async function listTasks(store: TaskStore): Promise<Resumable[]> {
  const out: Resumable[] = [];
  for (const summary of await store.list()) {
    const task = await store.load(summary.id).catch(() => undefined);
    if (task) out.push({ summary, state: resumeStateOf(task) });
  }
  return out;
}

/** What a resume starts from: the loaded task, its sub-agents' records, and its log continued after the last event. */
export async function openForResume(store: TaskStore, taskId: string): Promise<{ task: LoadedTask; records: SubAgentRecord[]; log: EventBus } | { error: string }> {
  if (!(await store.has(taskId))) return { error: `there is no task ${taskId} in ${store.root}. "cowork resume" lists the tasks that can be resumed.` };
  const task = await store.load(taskId);
  const state = resumeStateOf(task);
  if (state === 'done') return { error: `task ${taskId} is done; there is nothing to resume. Start a new task instead.` };
  if (state === 'running') return { error: `task ${taskId} is still running (process ${String(task.meta.extra?.pid)}).` };
  if (task.transcript.length === 0) return { error: `task ${taskId} has no saved conversation to resume from; run it again instead.` };
  const log = new EventBus(taskId);
  for (const e of task.events) log.continueAfter(e.seq);
  await store.updateMeta(taskId, { extra: { ...task.meta.extra, pid: process.pid } });
  // A log that stopped without an end (the process was killed) gets one first, as the extension does after a reload.
  if (task.events.at(-1)?.type !== 'finished') {
    const end = log.emit({ type: 'finished', outcome: 'cancelled', message: 'Interrupted: the cowork process stopped. Resumed.' });
    await store.append(taskId, end);
    task.events.push(end as TaskEvent);
  }
  const records = (await store.loadSubAgents(taskId)).filter(isSubAgentRecord);
  return { task, records, log };
}
