// SandboxSession on top of a folder's shared guest: one per task, with its own
// scratch dir and processes in the guest, and its own undo record on the host.
// After every call that may have written, new outputs are promoted to the real
// folder (sync); everything else stays staged until applyChanges.

import type { FolderGuest } from './folderGuest';
import type { OpName, Params, Result } from './protocol';
import {
  SandboxError,
  type ChangeSet,
  type DirEntry,
  type ExecChunk,
  type ExecRequest,
  type ExecResult,
  type GrepMatch,
  type ReadOptions,
  type ReadResult,
  type SandboxSession,
} from './session';

export class StagedSandboxSession implements SandboxSession {
  readonly driver: SandboxSession['driver'];
  readonly isolation: SandboxSession['isolation'];
  private closed = false;
  /** Called with paths of outputs promoted to the real folder (e.g. to emit output.created). */
  onOutputs?: (paths: string[]) => void;

  constructor(
    readonly id: string,
    private readonly guest: FolderGuest,
    private readonly onClose: () => void,
  ) {
    this.driver = guest.driverName;
    this.isolation = guest.isolation;
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
    } finally {
      // The call's own result matters more; a failed promotion is retried by the next sync.
      await this.sync().catch((err) => this.guest.log(`staging sync for ${this.id} failed: ${(err as Error).message}`));
    }
  }

  /** Promotes new outputs now; returns their paths. */
  async sync(): Promise<string[]> {
    const written = await this.guest.staging.sync(this.id);
    if (written.length > 0) this.onOutputs?.(written);
    return written;
  }

  readFile(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
    return this.call('readFile', { path, offset: opts.offset, limit: opts.limit, lines: opts.lines });
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const params = typeof data === 'string'
      ? { path, data, encoding: 'utf8' as const }
      : { path, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'), encoding: 'base64' as const };
    await this.writing(() => this.call('writeFile', params));
  }

  editFile(path: string, oldText: string, newText: string, all?: boolean): Promise<{ replacements: number }> {
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
    await this.writing(() => this.call('move', { from, to }));
  }

  async delete(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
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
    return this.writing(() => this.call('exec', params, { signal, onChunk: onChunk && ((stream, data) => onChunk({ stream, data })) }));
  }

  async pendingChanges(): Promise<ChangeSet> {
    return { items: await this.guest.staging.pending() };
  }

  async applyChanges(paths?: string[]): Promise<void> {
    await this.guest.staging.apply(this.id, paths);
  }

  async discardChanges(paths?: string[]): Promise<void> {
    await this.guest.staging.discard(paths, () => this.guest.stop());
  }

  /** Works after close too: undo is host-side. Pending changes of the folder are dropped with it. */
  async undoTask(): Promise<void> {
    await this.guest.staging.undo(this.id);
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
