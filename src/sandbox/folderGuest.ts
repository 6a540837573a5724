// One running guest per folder, shared by that folder's tasks. Started on first
// use, kept warm, stopped after an idle timeout, and started again transparently
// when it has died: a call in flight when it dies fails with EGUESTDIED, the next
// call gets a fresh guest. Also owns the folder's staging (upper layer etc.).

import { GuestClient, type CallOptions } from './client';
import type { GuestConnection, GuestDriver, GuestLimits } from './driver';
import type { OpName, Params, Result } from './protocol';
import { GuestStartError, SandboxError } from './session';
import { FolderStaging } from './staging/folderStaging';

export interface FolderGuestOptions {
  folder: string;
  stateDir: string;
  driver: GuestDriver;
  imageDir: string;
  toolsDir: string;
  skillDirs?: Record<string, string>;
  limits?: GuestLimits;
  memoryMiB?: number;
  cpus?: number;
  idleMs: number;
  /** Give up on a guest whose agent has not said hello by then (VMs under TCG take ~15 s). */
  startTimeoutMs: number;
  /** Write budget in bytes (capped by writeBudget.ts's effectiveBudget); undefined or 0 for none. */
  writeBudgetBytes?: number;
  log?: (line: string) => void;
}

interface Running {
  conn: GuestConnection;
  client: GuestClient;
}

export class FolderGuest {
  readonly staging: FolderStaging;
  private running: Running | undefined;
  private starting: Promise<Running> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inflight = 0;
  private initialized = false;
  /** Number of guests started so far (tests and the bench read it). */
  starts = 0;

  constructor(private readonly opts: FolderGuestOptions) {
    const budget = opts.writeBudgetBytes ? { bytes: opts.writeBudgetBytes, log: opts.log } : undefined;
    this.staging = new FolderStaging(opts.folder, opts.stateDir, (paths) => this.call('exists', { paths }).then((r) => r.exists), budget);
  }

  get folder(): string {
    return this.opts.folder;
  }

  /** The running guest's driver (a fallback may have replaced the one asked for), else the driver's. */
  get driverName(): GuestDriver['name'] {
    return this.running?.conn.driver ?? this.opts.driver.name;
  }

  get isolation(): GuestDriver['isolation'] {
    return this.running?.conn.isolation ?? this.opts.driver.isolation;
  }

  /** What the person should know about this guest's isolation or budget (fallback, budget not enforced). */
  get notice(): string | undefined {
    const notes = [this.opts.driver.notice, this.staging.budget.notice].filter((n): n is string => !!n);
    return notes.length > 0 ? notes.join('; ') : undefined;
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async call<O extends OpName>(op: O, params: Params<O>, opts: CallOptions = {}): Promise<Result<O>> {
    this.inflight++;
    this.clearIdle();
    try {
      const { client } = await this.ensure(opts.signal);
      return await client.call(op, params, opts);
    } finally {
      this.inflight--;
      this.armIdle();
    }
  }

  private ensure(signal?: AbortSignal): Promise<Running> {
    if (this.running?.client.alive) return Promise.resolve(this.running);
    if (!this.starting) {
      this.starting = this.start(signal).finally(() => (this.starting = undefined));
    }
    return this.starting;
  }

  private async start(signal?: AbortSignal): Promise<Running> {
    if (!this.initialized) {
      await this.staging.init();
      this.initialized = true;
    }
    const o = this.opts;
    let conn: GuestConnection;
    try {
      conn = await o.driver.start({
        folder: o.folder,
        imageDir: o.imageDir,
        toolsDir: o.toolsDir,
        skillDirs: o.skillDirs,
        overlay: { upperDir: this.staging.upper, workDir: this.staging.work, engine: this.staging.overlayEngine },
        limits: o.limits,
        memoryMiB: o.memoryMiB,
        cpus: o.cpus,
        signal,
        log: o.log,
      });
    } catch (err) {
      throw new GuestStartError(o.driver.name, o.driver.isolation, `cannot start the ${o.driver.name} guest: ${(err as Error).message}`);
    }
    const client = new GuestClient(conn.stream);
    const running: Running = { conn, client };
    // Named in the state dir's owner file, so a run started after this one is killed can stop it (staging/leftovers.ts).
    this.staging.owner.setGuest(conn.pid);
    void conn.exited.then(({ reason }) => {
      this.staging.owner.setGuest(undefined);
      client.failAll(reason);
      if (this.running === running) this.running = undefined;
      o.log?.(`guest for ${o.folder} stopped: ${reason}`);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.call('hello', {}),
        conn.exited.then(({ reason }) => Promise.reject(new SandboxError('EGUESTDIED', reason))),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new SandboxError('ETIMEDOUT', `the ${o.driver.name} guest did not answer within ${o.startTimeoutMs} ms`)), o.startTimeoutMs);
        }),
      ]);
    } catch (err) {
      await conn.stop();
      throw new GuestStartError(o.driver.name, o.driver.isolation, err instanceof Error ? err.message : String(err), err instanceof SandboxError ? err.code : 'EGUESTDIED');
    } finally {
      if (timer) clearTimeout(timer);
    }
    this.starts++;
    this.running = running;
    return running;
  }

  /** Stops the guest (if running) and waits until it is gone. */
  async stop(): Promise<void> {
    this.clearIdle();
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const r = this.running;
    this.running = undefined;
    if (r) await r.conn.stop();
  }

  /** Runs `fn` with no guest mounted on the layers (overlayfs forbids editing a mounted upper). */
  async whileStopped<T>(fn: () => Promise<T>): Promise<T> {
    await this.stop();
    return fn();
  }

  /** Kills the guest abruptly, as a crash would (tests). */
  async crash(): Promise<void> {
    await this.running?.conn.stop();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private armIdle(): void {
    if (this.inflight > 0 || !this.running) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      if (this.inflight === 0) void this.stop();
    }, this.opts.idleMs);
    this.idleTimer.unref();
  }
}
