// Entry point for the rest of the extension: sessions per folder.
//
//   const sandbox = new SandboxManager({ imageDir, toolsDir });
//   const session = await sandbox.openSession('/home/me/notes', { taskId });
//   ... session.exec(...), session.writeFile(...), session.applyChanges() ...
//   await session.close();   // later: (await sandbox.undoTask(folder, taskId))
//   await sandbox.dispose();
//
// Each task is a session on a "lane" of its folder: a guest (FolderGuest) with
// its own staging (upper layer, journal, undo records). The first task on a
// folder gets lane 1, a task started while lane 1 is busy gets lane 2, and so
// on, so parallel tasks on one folder never see each other's pending changes
// (new files still reach the folder, and so every lane, at once). A lane
// outlives its task and is reused by the next one. `staging: 'shared'` joins
// lane 1's guest instead (sessions that must share one view, e.g. in tests).
// State lives under `stateRoot`, one directory per lane (`<folder-tag>` for
// lane 1, `<folder-tag>-laneN` after), never inside the folder itself.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coworkCacheDir } from './cacheDir';
import type { GuestDriver, GuestLimits } from './driver';
import { NamespaceDriver } from './drivers/namespace';
import { FolderGuest, type FolderGuestOptions } from './folderGuest';
import { SandboxError, type UndoOptions } from './session';
import { laneHeldElsewhere, lockLane, unlockLane } from './staging/laneLock';
import { sweepLeftovers } from './staging/leftovers';
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


/** Lanes beyond this many per folder are refused (a runaway, not a workload). */
const MAX_LANES = 32;

/** One lane of a folder: its guest plus what the manager needs to keep its skill mounts current. */
interface FolderEntry {
  guest: FolderGuest;
  stateDir: string;
  /** The guest's options object; FolderGuest reads skillDirs from it at every start. */
  options: FolderGuestOptions;
  /** Identity of options.skillDirs (see mountKey). */
  mountKey: string;
  /** Task ids whose sessions are open on this lane. */
  open: Set<string>;
}

/** A folder's lanes (index 0 is lane 1, the folder's original state dir). */
interface FolderLanes {
  real: string;
  lanes: FolderEntry[];
  /** Serialises openSession per folder, so picking a lane, the mount check and the session open are one step. */
  queue: Promise<unknown>;
}

export class SandboxManager {
  private readonly folders = new Map<string, FolderLanes>();
  private readonly driver: GuestDriver;
  private readonly stateRoot: string;
  /** The one sweep of leftovers from killed runs (staging/leftovers.ts), before this manager's first session. */
  private swept: Promise<unknown> | undefined;

  constructor(private readonly opts: SandboxManagerOptions) {
    this.driver = opts.driver ?? new NamespaceDriver();
    // Real path: staging checks that files it opens are reached without links (fsutil.ts).
    const root = opts.stateRoot ?? coworkCacheDir('state');
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.stateRoot = fs.realpathSync(root);
  }

  /** The guest of the folder's first lane (created, not started); exposed for diagnostics and tests. */
  guestFor(folder: string): FolderGuest {
    return this.laneAt(this.lanesFor(folder), 0).guest;
  }

  /** Every lane's guest of the folder created so far, lane 1 first (diagnostics, tests, the bench). */
  laneGuests(folder: string): FolderGuest[] {
    return this.lanesFor(folder).lanes.filter((e) => e !== undefined).map((e) => e.guest);
  }

  private lanesFor(folder: string): FolderLanes {
    const real = realFolder(folder);
    let f = this.folders.get(real);
    if (!f) {
      f = { real, lanes: [], queue: Promise.resolve() };
      this.folders.set(real, f);
    }
    return f;
  }

  private laneDir(real: string, index: number): string {
    const base = this.stateDirFor(real);
    return index === 0 ? base : `${base}-lane${index + 1}`;
  }

  private laneAt(f: FolderLanes, index: number): FolderEntry {
    let e = f.lanes[index];
    if (!e) {
      const stateDir = this.laneDir(f.real, index);
      const options: FolderGuestOptions = {
        folder: f.real,
        stateDir,
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
      e = { guest: new FolderGuest(options), stateDir, options, mountKey: mountKey(options.skillDirs ?? {}), open: new Set() };
      f.lanes[index] = e;
    }
    return e;
  }

  /**
   * The lane a task's own staging goes on: the one already holding its record
   * (a resumed task finds its pending changes again), else the first lane no
   * session of this process and no other live process uses, else a new one.
   */
  private laneForTask(f: FolderLanes, taskId: string): FolderEntry {
    const usable = (i: number): boolean => {
      const e = f.lanes[i];
      if (e && e.open.size > 0) return false;
      return lockLane(this.laneDir(f.real, i));
    };
    for (let i = 0; i < MAX_LANES; i++) {
      const dir = this.laneDir(f.real, i);
      if (!fs.existsSync(dir)) break;
      if (fs.existsSync(path.join(dir, 'sessions', taskId)) && usable(i)) return this.laneAt(f, i);
    }
    for (let i = 0; i < MAX_LANES; i++) if (usable(i)) return this.laneAt(f, i);
    throw new SandboxError('EBUSY', `${f.real}: ${MAX_LANES} tasks already use this folder`);
  }

  /** The lane holding `taskId`'s undo record (lane 1 when none does). */
  private laneOfTask(f: FolderLanes, taskId: string): FolderEntry {
    for (let i = 0; i < MAX_LANES; i++) {
      const dir = this.laneDir(f.real, i);
      if (!fs.existsSync(dir)) break;
      if (fs.existsSync(path.join(dir, 'sessions', taskId))) return this.laneAt(f, i);
    }
    return this.laneAt(f, 0);
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
  async openSession(folder: string, opts: { taskId?: string; skillDirs?: Record<string, string>; staging?: 'own' | 'shared' } = {}): Promise<StagedSandboxSession> {
    const id = opts.taskId ?? newTaskId();
    if (!isTaskId(id)) throw new SandboxError('EPROTO', `task id ${JSON.stringify(id)}: ${TASK_ID_RULE}`);
    const lanes = this.lanesFor(folder);
    const step = lanes.queue.then(async () => {
      await this.sweepOnce();
      const entry = opts.staging === 'shared' ? this.laneAt(lanes, 0) : this.laneForTask(lanes, id);
      if (opts.staging === 'shared') lockLane(entry.stateDir);
      await this.syncMounts(entry, opts.skillDirs ?? this.opts.skillDirs ?? {});
      if (entry.open.size === 0) await this.refreshBudget(entry, lanes.lanes.length > 1 || fs.existsSync(this.laneDir(lanes.real, 1)));
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
    lanes.queue = step.catch(() => undefined);
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

  /** Cleans up after runs that were killed (their guests, their layers' mounts); once per manager, never fails a task. */
  private sweepOnce(): Promise<unknown> {
    const log = (line: string): void => this.opts.log?.(line);
    this.swept ??= sweepLeftovers(this.stateRoot, log).catch((err: Error) => log(`sandbox: cleaning up after killed runs failed: ${err.message}`));
    return this.swept;
  }

  /**
   * A new task on a lane gets its whole write budget back (see
   * FolderStaging.refreshBudget). With other lanes on the folder the lane is
   * emptied of applied changes whatever their size: another task may have
   * changed those files since, and the new task must see the folder as it is.
   */
  private async refreshBudget(entry: FolderEntry, otherLanes: boolean): Promise<void> {
    const g = entry.guest;
    await g.staging.init();
    if (await g.staging.refreshBudget(() => g.stop(), otherLanes)) this.opts.log?.(`staging for ${g.folder}: emptied the layer of applied changes for the next task`);
  }

  /** Whether some lane of the folder holds a record of `taskId` (what undoTask would undo). */
  knowsTask(folder: string, taskId: string): boolean {
    if (!isTaskId(taskId)) return false;
    const f = this.lanesFor(folder);
    return fs.existsSync(path.join(this.laneOfTask(f, taskId).stateDir, 'sessions', taskId));
  }

  /** Undo a finished task by id, after its session object is gone (see SandboxSession.undoTask for `opts`). */
  async undoTask(folder: string, taskId: string, opts?: UndoOptions): Promise<void> {
    await this.sweepOnce();
    const entry = this.laneOfTask(this.lanesFor(folder), taskId);
    const guest = entry.guest;
    await guest.staging.init();
    await guest.staging.undo(taskId, opts);
    // The lane's layer belongs to whichever task uses it now; an idle lane is emptied.
    if (entry.open.size === 0 && !laneHeldElsewhere(entry.stateDir)) await guest.whileStopped(() => guest.staging.resetUpper());
  }

  /** Stops every guest. Staged changes stay on disk for the next run. */
  async dispose(): Promise<void> {
    const entries = [...this.folders.values()].flatMap((f) => f.lanes.filter((e) => e !== undefined));
    await Promise.all(
      entries.map(async (e) => {
        await e.guest.stop();
        await e.guest.staging.close().catch((err) => this.opts.log?.(`cannot unmount the write budget layer of ${e.guest.folder}: ${(err as Error).message}`));
        unlockLane(e.stateDir);
      }),
    );
    this.folders.clear();
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
