// Past and present tasks on disk, one directory each under a root the host gives
// (the extension's globalStorage, or any folder for the CLI):
//
//   <root>/<taskId>/meta.json        who/what/where, written once (atomically)
//   <root>/<taskId>/events.jsonl     the append-only TaskEvent log
//   <root>/<taskId>/transcript.json  the Messages API message list, replaced
//                                    atomically after each turn
//   <root>/<taskId>/subagents/<childId>.json  one record per sub-agent (its
//                                    conversation, usage, result), replaced atomically
//
// Status is derived from the log (see status.ts). Damage is contained: a torn
// last line, a corrupt line or file costs that line or file, with a warning,
// and never another task.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { isTaskId, newTaskId } from '../../shared/taskIdentity';
import { validateTaskEvent } from '../../shared/taskEventValidator';
import type { TaskEvent, TaskStatus, Usage } from '../../shared/taskEvents';
import { writeFileAtomic } from './atomicWrite';
import { parseJsonl } from './jsonl';
import { deriveStatus } from './status';

export interface TaskMeta {
  id: string;
  title: string;
  prompt: string;
  /** The workspace folder the task works in. */
  folder: string;
  model: string;
  createdAt: number;
  /** Anything else the host wants to keep with the task (options, skill names). */
  extra?: Record<string, unknown>;
}

export interface TaskSummary {
  id: string;
  title: string;
  folder: string;
  model: string;
  createdAt: number;
  /** Time of the last event (createdAt when there is none). */
  updatedAt: number;
  status: TaskStatus;
  resumable: boolean;
  message?: string;
  usage?: Usage;
  eventCount: number;
}

export interface LoadedTask {
  meta: TaskMeta;
  summary: TaskSummary;
  events: TaskEvent[];
  /** The Messages API message list ([] when none was saved or it was unreadable). */
  transcript: unknown[];
  /** What was skipped or repaired while loading. */
  warnings: string[];
}

export interface TaskStoreOptions {
  /** Where warnings about damaged files go. Default: console.warn. */
  log?: (message: string) => void;
}

const META = 'meta.json';
const EVENTS = 'events.jsonl';
const TRANSCRIPT = 'transcript.json';
const SUBAGENTS = 'subagents';

function isMeta(v: unknown): v is TaskMeta {
  const m = v as Partial<TaskMeta> | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'string' && typeof m.title === 'string' && typeof m.folder === 'string' && typeof m.createdAt === 'number';
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class TaskStore {
  private readonly log: (message: string) => void;
  /** Per-task chain of writes, so appends land whole and in order. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Tasks whose log tail has been checked for a torn line in this process. */
  private readonly tailChecked = new Set<string>();
  /** Warnings already logged: a damaged task is reported once, not at every list(). */
  private readonly warned = new Set<string>();
  /** Tasks deleted in this process (until created again). */
  private readonly deleted = new Set<string>();

  constructor(
    readonly root: string,
    opts: TaskStoreOptions = {},
  ) {
    this.log = opts.log ?? ((m) => console.warn(`[cowork task store] ${m}`));
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log(message);
  }

  private dir(id: string): string {
    if (!isTaskId(id)) throw new Error(`Invalid task id ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  private serialize(id: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(id) ?? Promise.resolve()).then(work);
    // Keep the chain alive after a failure; the caller still sees the error.
    this.queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  /**
   * Create the task's directory and meta. Fails if a task with this id has a
   * meta already; a directory holding only events (appended before create ran)
   * is adopted.
   */
  async create(meta: Omit<TaskMeta, 'id' | 'createdAt'> & { id?: string; createdAt?: number }): Promise<TaskMeta> {
    const full: TaskMeta = { ...meta, id: meta.id ?? newTaskId(), createdAt: meta.createdAt ?? Date.now() };
    const dir = this.dir(full.id);
    this.deleted.delete(full.id);
    await fsp.mkdir(dir, { recursive: true });
    if ((await readIfExists(path.join(dir, META))) !== undefined) throw new Error(`A task with id ${full.id} already exists`);
    await writeFileAtomic(path.join(dir, META), JSON.stringify(full, null, 2));
    return full;
  }

  /** Append events to the log, one JSON line each, in call order. */
  append(id: string, ...events: TaskEvent[]): Promise<void> {
    const dir = this.dir(id);
    const file = path.join(dir, EVENTS);
    return this.serialize(id, async () => {
      // Late events of a deleted task must not bring it back.
      if (this.deleted.has(id)) return;
      let prefix = '';
      if (!this.tailChecked.has(id)) {
        // The host may append before create() has finished; the events wait in the directory.
        await fsp.mkdir(dir, { recursive: true });
        // After a crash mid-append the file may end without a newline; start
        // on a fresh line so the torn record does not swallow the next one.
        prefix = (await endsWithoutNewline(file)) ? '\n' : '';
        this.tailChecked.add(id);
      }
      await fsp.appendFile(file, prefix + events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    });
  }

  /** Replace the transcript atomically (call after each turn). */
  saveTranscript(id: string, messages: readonly unknown[]): Promise<void> {
    const dir = this.dir(id);
    const data = JSON.stringify(messages);
    return this.serialize(id, async () => {
      if (this.deleted.has(id)) return;
      await fsp.mkdir(dir, { recursive: true });
      await writeFileAtomic(path.join(dir, TRANSCRIPT), data);
    });
  }

  /** Replace one sub-agent's record atomically (after each of its turns and when it ends). */
  saveSubAgent(id: string, childId: string, record: unknown): Promise<void> {
    const dir = path.join(this.dir(id), SUBAGENTS);
    if (!isTaskId(childId)) throw new Error(`Invalid sub-agent id ${JSON.stringify(childId)}`);
    const data = JSON.stringify(record);
    return this.serialize(id, async () => {
      if (this.deleted.has(id)) return;
      await fsp.mkdir(dir, { recursive: true });
      await writeFileAtomic(path.join(dir, `${childId}.json`), data);
    });
  }

  /** The task's sub-agent records that can be read; a corrupt one is skipped with a warning. */
  async loadSubAgents(id: string): Promise<unknown[]> {
    await this.queues.get(id);
    const dir = path.join(this.dir(id), SUBAGENTS);
    let names: string[];
    try {
      names = (await fsp.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: unknown[] = [];
    for (const name of names) {
      try {
        out.push(JSON.parse(await fsp.readFile(path.join(dir, name), 'utf8')));
      } catch {
        this.warnOnce(`task ${id}: sub-agent record ${name} is unreadable; that sub-agent starts over if its call runs again`);
      }
    }
    return out;
  }

  /** Merge into the meta's `title` or `extra` (e.g. a rename). */
  updateMeta(id: string, patch: Partial<Pick<TaskMeta, 'title' | 'extra'>>): Promise<void> {
    return this.serialize(id, async () => {
      const { meta } = await this.readMeta(id, []);
      await writeFileAtomic(path.join(this.dir(id), META), JSON.stringify({ ...meta, ...patch }, null, 2));
    });
  }

  /** Wait until every write queued so far has landed. */
  async flush(id?: string): Promise<void> {
    const pending = id ? [this.queues.get(id)] : [...this.queues.values()];
    await Promise.all(pending);
  }

  async has(id: string): Promise<boolean> {
    try {
      return (await fsp.stat(this.dir(id))).isDirectory();
    } catch {
      return false;
    }
  }

  async load(id: string): Promise<LoadedTask> {
    return this.read(id, true);
  }

  private async read(id: string, withTranscript: boolean): Promise<LoadedTask> {
    await this.queues.get(id);
    const dir = this.dir(id);
    if (!(await this.has(id))) throw new Error(`No task ${id}`);
    const warnings: string[] = [];
    const eventsText = (await readIfExists(path.join(dir, EVENTS))) ?? '';
    // The same check the webview runs on what it is sent: a line the views could not render is skipped here.
    const parsed = parseJsonl<TaskEvent>(eventsText, validateTaskEvent, `task ${id} events`);
    warnings.push(...parsed.warnings);
    const events = parsed.records;
    const { meta } = await this.readMeta(id, events, warnings);
    let transcript: unknown[] = [];
    const transcriptText = withTranscript ? await readIfExists(path.join(dir, TRANSCRIPT)) : undefined;
    if (transcriptText !== undefined) {
      try {
        const value: unknown = JSON.parse(transcriptText);
        if (Array.isArray(value)) transcript = value;
        else warnings.push(`task ${id}: transcript is not a message list; ignored`);
      } catch {
        warnings.push(`task ${id}: transcript is corrupt; ignored`);
      }
    }
    for (const w of warnings) this.warnOnce(w);
    const derived = deriveStatus(events);
    const summary: TaskSummary = {
      id,
      title: meta.title,
      folder: meta.folder,
      model: meta.model,
      createdAt: meta.createdAt,
      updatedAt: derived.lastEventAt ?? meta.createdAt,
      status: derived.status,
      resumable: derived.resumable,
      eventCount: events.length,
      ...(derived.message !== undefined ? { message: derived.message } : {}),
      ...(derived.usage !== undefined ? { usage: derived.usage } : {}),
    };
    return { meta, summary, events, transcript, warnings };
  }

  /**
   * Meta from meta.json; when that is missing or corrupt, rebuilt from the
   * log's task.created event so the task is not lost.
   */
  private async readMeta(id: string, events: readonly TaskEvent[], warnings: string[] = []): Promise<{ meta: TaskMeta }> {
    const text = await readIfExists(path.join(this.dir(id), META));
    if (text !== undefined) {
      try {
        const value: unknown = JSON.parse(text);
        if (isMeta(value)) return { meta: { ...value, id } };
      } catch {
        // fall through to the log
      }
    }
    const created = events.find((e): e is Extract<TaskEvent, { type: 'task.created' }> => e.type === 'task.created');
    if (!created) throw new Error(`task ${id}: meta.json is ${text === undefined ? 'missing' : 'corrupt'} and the log has no task.created event`);
    warnings.push(`task ${id}: meta.json is ${text === undefined ? 'missing' : 'corrupt'}; rebuilt from the event log`);
    return { meta: { id, title: created.title, prompt: created.prompt, folder: created.folder, model: created.model, createdAt: created.at } };
  }

  /** Every task that can be read, newest first. Unreadable ones are skipped with a warning. */
  async list(): Promise<TaskSummary[]> {
    let names: string[];
    try {
      names = (await fsp.readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: TaskSummary[] = [];
    for (const name of names) {
      if (!isTaskId(name)) continue;
      try {
        // The transcript is not needed for a listing and may be large: skip it.
        out.push((await this.read(name, false)).summary);
      } catch (err) {
        this.warnOnce(`skipped task ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  }

  /** Remove a task and everything stored for it. */
  async delete(id: string): Promise<void> {
    const dir = this.dir(id);
    this.deleted.add(id);
    await this.serialize(id, () => fsp.rm(dir, { recursive: true, force: true }));
    this.tailChecked.delete(id);
  }
}

async function endsWithoutNewline(file: string): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, fs.constants.O_RDONLY);
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
