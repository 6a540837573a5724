// SandboxSession on top of a folder's shared guest: one per task, with its own
// scratch dir and processes in the guest, and its own undo record on the host.
// After every call that may have written, new outputs are promoted to the real
// folder (sync); everything else stays staged until applyChanges.

import { posix as pathPosix } from 'node:path';
import type { FolderGuest } from './folderGuest';
import type { OpName, Params, Result } from './protocol';
import { GUEST_PATHS } from './driver';
import type { ConflictChoice } from '../shared/taskEvents';
import {
  SandboxError,
  type ApplyOutcome,
  type ChangeSet,
  type DirEntry,
  type ExecChunk,
  type ExecRequest,
  type ExecResult,
  type GrepMatch,
  type ReadOptions,
  type ReadResult,
  type SandboxSession,
  type UndoOptions,
} from './session';
import { formatSize } from './staging/writeBudget';

/** Below this much free space in the layer (or 1% of the budget), an ENOSPC is the budget's. */
const MIN_LEFT_BYTES = 4 * 1024 * 1024;

export class StagedSandboxSession implements SandboxSession {
  private closed = false;

  constructor(
    readonly id: string,
    private readonly guest: FolderGuest,
    private readonly onClose: () => void,
  ) {}

  /** The driver actually running the guest (after a fallback, not the one asked for). */
  get driver(): SandboxSession['driver'] {
    return this.guest.driverName;
  }

  get isolation(): SandboxSession['isolation'] {
    return this.guest.isolation;
  }

  /** What the person should be told about this session's isolation or write budget. */
  get notice(): string | undefined {
    return this.guest.notice;
  }

  get folder(): string {
    return this.guest.folder;
  }

  private call<O extends OpName>(op: O, params: Params<O>, extra: { signal?: AbortSignal; onChunk?: (s: 'stdout' | 'stderr', d: string) => void } = {}): Promise<Result<O>> {
    if (this.closed) return Promise.reject(new SandboxError('EPROTO', `session ${this.id} is closed`));
    return this.guest.call(op, params, { session: this.id, ...extra });
  }

  /** Runs a call that may write, then promotes new outputs, whether the call succeeded or not. */
  private async writing<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SandboxError && err.code === 'ENOSPC') {
        const note = await this.budgetNote(false);
        if (note) throw new SandboxError('ENOSPC', `${err.message}. ${note}`);
      }
      throw err;
    } finally {
      // The call's own result matters more; a failed promotion is retried by the next sync.
      await this.sync().catch((err) => this.guest.log(`staging sync for ${this.id} failed: ${(err as Error).message}`));
      await this.guest.staging.budget.check().catch(() => undefined);
    }
  }

  /** Promotes new outputs now; returns their paths (the tools report them as output.created). */
  sync(): Promise<string[]> {
    return this.guest.staging.sync(this.id);
  }

  /**
   * The task is about to see or change these paths: the folder's version of each
   * becomes its conflict base the first time (staging/taskBases.ts).
   */
  private async seen(...paths: string[]): Promise<void> {
    const rels = paths.map(folderRelative).filter((p): p is string => p !== undefined);
    // Never fails the call itself (a full state disk, say): the base is then taken at the next sync.
    if (rels.length > 0) await this.guest.staging.noteSeen(this.id, rels).catch((err) => this.guest.log(`staging: conflict base for ${rels.join(', ')} not kept: ${(err as Error).message}`));
  }

  async readFile(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
    await this.seen(path);
    return this.call('readFile', { path, offset: opts.offset, limit: opts.limit, lines: opts.lines });
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const params = typeof data === 'string'
      ? { path, data, encoding: 'utf8' as const }
      : { path, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'), encoding: 'base64' as const };
    await this.seen(path);
    await this.writing(() => this.call('writeFile', params));
  }

  async editFile(path: string, oldText: string, newText: string, all?: boolean): Promise<{ replacements: number }> {
    await this.seen(path);
    return this.writing(() => this.call('editFile', { path, oldText, newText, all }));
  }

  async list(path: string, opts: { depth?: number; limit?: number } = {}): Promise<DirEntry[]> {
    return (await this.call('list', { path, depth: opts.depth, limit: opts.limit })).entries;
  }

  stat(path: string): Promise<DirEntry> {
    return this.call('stat', { path });
  }

  async glob(pattern: string, opts: { cwd?: string; limit?: number } = {}): Promise<string[]> {
    return (await this.call('glob', { pattern, cwd: opts.cwd, limit: opts.limit })).paths;
  }

  async grep(pattern: string, opts: { path?: string; glob?: string; ignoreCase?: boolean; limit?: number } = {}): Promise<GrepMatch[]> {
    return (await this.call('grep', { pattern, ...opts })).matches;
  }

  async move(from: string, to: string): Promise<void> {
    await this.seen(from, to);
    await this.writing(() => this.call('move', { from, to }));
  }

  async delete(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
    await this.seen(path);
    await this.writing(() => this.call('delete', { path, recursive: opts.recursive }));
  }

  async mkdir(path: string): Promise<void> {
    await this.writing(() => this.call('mkdir', { path }));
  }

  exec(req: ExecRequest, onChunk?: (c: ExecChunk) => void, signal?: AbortSignal): Promise<ExecResult> {
    const params: Params<'exec'> = {
      cwd: req.cwd,
      env: req.env,
      stdin: req.stdin,
      timeoutMs: req.timeoutMs,
      maxOutputBytes: req.maxOutputBytes,
      ...(typeof req.command === 'string' ? { shell: req.command } : { argv: req.command }),
    };
    return this.writing(async () => {
      const r = await this.call('exec', params, { signal, onChunk: onChunk && ((stream, data) => onChunk({ stream, data })) });
      // A shell command only sees ENOSPC in its own stderr; tell the model why.
      if (/No space left on device|ENOSPC/.test(r.stderr + r.stdout)) {
        const note = await this.budgetNote(true);
        if (note) return { ...r, stderr: `${r.stderr}${r.stderr.endsWith('\n') || !r.stderr ? '' : '\n'}[cowork] ${note}\n` };
      }
      return r;
    });
  }

  /**
   * Explains an ENOSPC by the write budget. `onlyIfExhausted`: say nothing unless
   * the budget is (nearly) used up, since a shell's ENOSPC may come from /tmp.
   */
  private async budgetNote(onlyIfExhausted: boolean): Promise<string | undefined> {
    const control = this.guest.staging.budget;
    const budget = control.bytes;
    const left = await control.left().catch(() => undefined);
    if (budget === undefined || left === undefined) return undefined;
    const exhausted = left <= Math.max(MIN_LEFT_BYTES, budget / 100);
    if (!exhausted) {
      return onlyIfExhausted ? undefined : `This task's write budget of ${formatSize(budget)} has only ${formatSize(left)} left, less than this write needed.`;
    }
    await control.exhausted().catch(() => undefined);
    return `This task's write budget of ${formatSize(budget)} is exhausted (${formatSize(left)} left): writes under /workspace fail with ENOSPC (No space left on device). Delete files this task no longer needs (with the delete tool, or in a shell empty each file before removing it: \`truncate -s 0 FILE && rm FILE\`, since a full layer may have no room to record a plain \`rm\`), or ask the person to raise the budget (setting cowork.sandbox.writeBudgetMiB, or --write-budget for the CLI).`;
  }

  async pendingChanges(): Promise<ChangeSet> {
    return { items: await this.guest.staging.pending(this.id) };
  }

  async applyChanges(paths?: string[], choices?: Record<string, ConflictChoice>): Promise<ApplyOutcome> {
    const { dropped, outcome } = await this.guest.staging.apply(this.id, paths, choices);
    // Conflicts settled for the folder's version: the task's change goes, so its view shows the folder's.
    if (dropped.length > 0) await this.guest.staging.discard(dropped, () => this.guest.stop());
    return outcome;
  }

  async discardChanges(paths?: string[]): Promise<void> {
    await this.guest.staging.discard(paths, () => this.guest.stop());
  }

  /** Works after close too: undo is host-side. Pending changes of the folder are dropped with it. */
  async undoTask(opts?: UndoOptions): Promise<void> {
    await this.guest.staging.undo(this.id, opts);
    await this.guest.whileStopped(() => this.guest.staging.resetUpper());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.sync();
      if (this.guest.isRunning) await this.guest.call('session.close', {}, { session: this.id });
    } catch (err) {
      // A dead guest has no processes or scratch left to clean.
      if (!(err instanceof SandboxError && err.code === 'EGUESTDIED')) throw err;
    } finally {
      this.closed = true;
      this.guest.staging.release(this.id);
      this.onClose();
    }
  }
}

/** A request path as a path in the folder (relative, normalised), or undefined for scratch and escapes (refused by the guest). */
function folderRelative(p: string): string | undefined {
  if (typeof p !== 'string' || p.includes('\0')) return undefined;
  const ws = GUEST_PATHS.workspace;
  let rel: string;
  if (p.startsWith('/') || p.startsWith('~')) {
    if (p !== ws && !p.startsWith(`${ws}/`)) return undefined;
    rel = p.slice(ws.length + 1);
  } else rel = p;
  rel = pathPosix.normalize(rel || '.');
  if (rel === '.' || rel === '..' || rel.startsWith('../')) return undefined;
  return rel.replace(/\/+$/, '');
}
