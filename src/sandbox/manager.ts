// Entry point for the rest of the extension: sessions per folder.
//
//   const sandbox = new SandboxManager({ imageDir, toolsDir });
//   const session = await sandbox.openSession('/home/me/notes', { taskId });
//   ... session.exec(...), session.writeFile(...), session.applyChanges() ...
//   await session.close();   // later: (await sandbox.undoTask(folder, taskId))
//   await sandbox.dispose();
//
// One guest per folder (FolderGuest), shared by that folder's tasks; each task
// is a session. State (overlay layers, journals, undo records) lives under
// `stateRoot`, one directory per folder, never inside the folder itself.

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GuestDriver, GuestLimits } from './driver';
import { NamespaceDriver } from './drivers/namespace';
import { FolderGuest } from './folder-guest';
import { SandboxError } from './session';
import { StagedSandboxSession } from './session-impl';

export interface SandboxManagerOptions {
  /** The built image (a directory holding rootfs/ and, for VMs, kernel files); see src/sandbox/image. */
  imageDir: string;
  /** Directory holding guest-agent.js (the extension's dist/). */
  toolsDir: string;
  /** Defaults to the namespace driver. */
  driver?: GuestDriver;
  /** Where per-folder staging state lives; defaults to ~/.cache/cowork/state. */
  stateRoot?: string;
  /** Stop a folder's guest after this long without calls; default 5 minutes. */
  idleMs?: number;
  /** Fail the start when the guest agent has not answered by then; default 120 s. */
  startTimeoutMs?: number;
  limits?: GuestLimits;
  skillDirs?: Record<string, string>;
  memoryMiB?: number;
  cpus?: number;
  log?: (line: string) => void;
}

export const DEFAULT_LIMITS: GuestLimits = {
  nproc: 512,
  addressSpaceBytes: 8 * 1024 * 1024 * 1024,
  scratchBytes: 1024 * 1024 * 1024,
};

const TASK_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

export class SandboxManager {
  private readonly guests = new Map<string, FolderGuest>();
  private readonly driver: GuestDriver;
  private readonly stateRoot: string;

  constructor(private readonly opts: SandboxManagerOptions) {
    this.driver = opts.driver ?? new NamespaceDriver();
    // Real path: staging checks that files it opens are reached without links (fsutil.ts).
    const root = opts.stateRoot ?? path.join(os.homedir(), '.cache', 'cowork', 'state');
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.stateRoot = fs.realpathSync(root);
  }

  /** The folder's guest (created, not started); exposed for diagnostics and tests. */
  guestFor(folder: string): FolderGuest {
    const real = realFolder(folder);
    let g = this.guests.get(real);
    if (!g) {
      g = new FolderGuest({
        folder: real,
        stateDir: this.stateDirFor(real),
        driver: this.driver,
        imageDir: this.opts.imageDir,
        toolsDir: this.opts.toolsDir,
        skillDirs: this.opts.skillDirs,
        limits: { ...DEFAULT_LIMITS, ...this.opts.limits },
        memoryMiB: this.opts.memoryMiB,
        cpus: this.opts.cpus,
        idleMs: this.opts.idleMs ?? 5 * 60_000,
        startTimeoutMs: this.opts.startTimeoutMs ?? 120_000,
        log: this.opts.log,
      });
      this.guests.set(real, g);
    }
    return g;
  }

  stateDirFor(folder: string): string {
    const real = realFolder(folder);
    const tag = path.basename(real).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 32);
    return path.join(this.stateRoot, `${tag}-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`);
  }

  /**
   * Opens a task's session on `folder`, starting the folder's guest if needed
   * (so the first call here pays the cold start, and errors surface now).
   */
  async openSession(folder: string, opts: { taskId?: string } = {}): Promise<StagedSandboxSession> {
    const id = opts.taskId ?? `task-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    if (!TASK_ID.test(id)) throw new SandboxError('EPROTO', `task id ${JSON.stringify(id)} must be 1-64 of [A-Za-z0-9_.-]`);
    const guest = this.guestFor(folder);
    const session = new StagedSandboxSession(id, guest, () => undefined);
    await guest.call('session.open', {}, { session: id });
    return session;
  }

  /** Undo a finished task by id, after its session object is gone. */
  async undoTask(folder: string, taskId: string): Promise<void> {
    const guest = this.guestFor(folder);
    await guest.staging.init();
    await guest.staging.undo(taskId);
    await guest.whileStopped(() => guest.staging.resetUpper());
  }

  /** Stops every guest. Staged changes stay on disk for the next run. */
  async dispose(): Promise<void> {
    await Promise.all([...this.guests.values()].map((g) => g.stop()));
    this.guests.clear();
  }
}

function realFolder(folder: string): string {
  let real: string;
  try {
    real = fs.realpathSync(folder);
  } catch {
    throw new SandboxError('ENOENT', `${folder}: no such folder`);
  }
  if (!fs.statSync(real).isDirectory()) throw new SandboxError('ENOTDIR', `${folder}: not a folder`);
  return real;
}
