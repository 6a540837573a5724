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

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coworkCacheDir } from './cacheDir';
import type { GuestDriver, GuestLimits } from './driver';
import { NamespaceDriver } from './drivers/namespace';
import { FolderGuest, type FolderGuestOptions } from './folderGuest';
import { SandboxError } from './session';
import { StagedSandboxSession } from './stagedSession';
import { isTaskId, newTaskId, TASK_ID_RULE } from '../shared/taskIdentity';

export interface SandboxManagerOptions {
  /** The built image (a directory holding rootfs/ and, for VMs, kernel files); see src/sandbox/image. */
  imageDir: string;
  /** Directory holding guest-agent.js (the extension's dist/). */
  toolsDir: string;
  /** Defaults to the namespace driver. */
  driver?: GuestDriver;
  /** Where per-folder staging state lives; defaults to <cache>/state (see cacheDir.ts). */
  stateRoot?: string;
  /** Stop a folder's guest after this long without calls; default 5 minutes. */
  idleMs?: number;
  /** Fail the start when the guest agent has not answered by then; default 120 s. */
  startTimeoutMs?: number;
  limits?: GuestLimits;
  /** Skills mounted when a session does not say which it needs (openSession's skillDirs). */
  skillDirs?: Record<string, string>;
  memoryMiB?: number;
  cpus?: number;
  /**
   * Bytes a task may write into its folder's staging layer (staging/writeBudget.ts;
   * never more than a quarter of the free disk). Undefined or 0: no budget. The
   * extension and the CLI default to DEFAULT_BUDGET_BYTES (10 GiB).
   */
  writeBudgetBytes?: number;
  log?: (line: string) => void;
}

export const DEFAULT_LIMITS: GuestLimits = {
  nproc: 512,
  addressSpaceBytes: 8 * 1024 * 1024 * 1024,
  scratchBytes: 1024 * 1024 * 1024,
};


/** A folder's guest plus what the manager needs to keep its skill mounts current. */
interface FolderEntry {
  guest: FolderGuest;
  /** The guest's options object; FolderGuest reads skillDirs from it at every start. */
  options: FolderGuestOptions;
  /** Identity of options.skillDirs (see mountKey). */
  mountKey: string;
  /** Task ids whose sessions are open on this folder. */
  open: Set<string>;
  /** Serialises openSession per folder, so the mount check and the session open are one step. */
  queue: Promise<unknown>;
}

export class SandboxManager {
  private readonly guests = new Map<string, FolderEntry>();
  private readonly driver: GuestDriver;
  private readonly stateRoot: string;

  constructor(private readonly opts: SandboxManagerOptions) {
    this.driver = opts.driver ?? new NamespaceDriver();
    // Real path: staging checks that files it opens are reached without links (fsutil.ts).
    const root = opts.stateRoot ?? coworkCacheDir('state');
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.stateRoot = fs.realpathSync(root);
  }

  /** The folder's guest (created, not started); exposed for diagnostics and tests. */
  guestFor(folder: string): FolderGuest {
    return this.entryFor(folder).guest;
  }

  private entryFor(folder: string): FolderEntry {
    const real = realFolder(folder);
    let e = this.guests.get(real);
    if (!e) {
      const options: FolderGuestOptions = {
        folder: real,
        stateDir: this.stateDirFor(real),
        driver: this.driver,
        imageDir: this.opts.imageDir,
        toolsDir: this.opts.toolsDir,
        skillDirs: { ...this.opts.skillDirs },
        limits: { ...DEFAULT_LIMITS, ...this.opts.limits },
        memoryMiB: this.opts.memoryMiB,
        cpus: this.opts.cpus,
        idleMs: this.opts.idleMs ?? 5 * 60_000,
        startTimeoutMs: this.opts.startTimeoutMs ?? 120_000,
        writeBudgetBytes: this.opts.writeBudgetBytes,
        log: this.opts.log,
      };
      e = { guest: new FolderGuest(options), options, mountKey: mountKey(options.skillDirs ?? {}), open: new Set(), queue: Promise.resolve() };
      this.guests.set(real, e);
    }
    return e;
  }

  stateDirFor(folder: string): string {
    const real = realFolder(folder);
    const tag = path.basename(real).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 32);
    return path.join(this.stateRoot, `${tag}-${createHash('sha256').update(real).digest('hex').slice(0, 16)}`);
  }

  /**
   * Opens a task's session on `folder`, starting the folder's guest if needed
   * (so the first call here pays the cold start, and errors surface now).
   * `skillDirs` (name → host folder) are the skills this task needs under
   * /skills; default: the manager's. See syncMounts for when they change.
   */
  async openSession(folder: string, opts: { taskId?: string; skillDirs?: Record<string, string> } = {}): Promise<StagedSandboxSession> {
    const id = opts.taskId ?? newTaskId();
    if (!isTaskId(id)) throw new SandboxError('EPROTO', `task id ${JSON.stringify(id)}: ${TASK_ID_RULE}`);
    const entry = this.entryFor(folder);
    const step = entry.queue.then(async () => {
      await this.syncMounts(entry, opts.skillDirs ?? this.opts.skillDirs ?? {});
      if (entry.open.size === 0) await this.refreshBudget(entry);
      const session = new StagedSandboxSession(id, entry.guest, () => entry.open.delete(id));
      entry.open.add(id);
      try {
        await entry.guest.call('session.open', {}, { session: id });
      } catch (err) {
        entry.open.delete(id);
        throw err;
      }
      return session;
    });
    entry.queue = step.catch(() => undefined);
    return step;
  }

  /**
   * Drivers can only mount skills when the guest starts (bind mounts, 9p and
   * virtio-fs shares are fixed), so a skill added, removed or replaced in the
   * library since then needs a new guest. It is restarted only when no other
   * session of the folder is open: stopping it would kill that task's
   * processes. Otherwise the old mounts stay until its sessions are closed.
   */
  private async syncMounts(entry: FolderEntry, wanted: Record<string, string>): Promise<void> {
    const key = mountKey(wanted);
    if (key === entry.mountKey) return;
    if (entry.open.size > 0) {
      this.opts.log?.(`skills for ${entry.guest.folder} changed, but tasks ${[...entry.open].join(', ')} still use its guest: keeping the old /skills mounts`);
      return;
    }
    // Staged changes live in the upper layer on the host and survive the restart.
    const wasRunning = entry.guest.isRunning;
    await entry.guest.stop();
    entry.options.skillDirs = { ...wanted };
    entry.mountKey = key;
    if (wasRunning) this.opts.log?.(`skills for ${entry.guest.folder} changed: restarting its guest to mount ${Object.keys(wanted).sort().join(', ') || 'none'}`);
  }

  /** A new task with no other task on the folder gets its whole write budget back (see FolderStaging.refreshBudget). */
  private async refreshBudget(entry: FolderEntry): Promise<void> {
    const g = entry.guest;
    await g.staging.init();
    if (await g.staging.refreshBudget(() => g.stop())) this.opts.log?.(`write budget for ${g.folder}: emptied the layer of applied changes for the next task`);
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
    await Promise.all(
      [...this.guests.values()].map(async (e) => {
        await e.guest.stop();
        await e.guest.staging.close().catch((err) => this.opts.log?.(`cannot unmount the write budget layer of ${e.guest.folder}: ${(err as Error).message}`));
      }),
    );
    this.guests.clear();
  }
}

/**
 * What the guest would mount for these skill dirs: names, paths and each
 * folder's identity (device and inode), so a skill folder replaced at the same
 * path (an editor's or git's rename-over) counts as a change: a bind mount or
 * share would still show the old, deleted folder.
 */
function mountKey(dirs: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(dirs)
      .sort()
      .map((name) => {
        let id = 'missing';
        try {
          const st = fs.statSync(dirs[name]);
          id = `${st.dev}:${st.ino}`;
        } catch {
          // a vanished folder: the start reports it; here it only has to differ from a present one
        }
        return [name, dirs[name], id];
      }),
  );
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
