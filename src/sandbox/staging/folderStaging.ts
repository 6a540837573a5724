// Staging for one folder: the overlay's upper/work dirs, the apply journal and
// each task's undo record, under a state directory outside the folder.
//   <state>/upper, <state>/work   overlay layers (the guest writes here), or
//   <state>/layers/{upper,work}   the same on the write budget's filesystem (writeBudget.ts)
//   <state>/journal.json          an apply batch in progress (see journal.ts)
//   <state>/sessions/<id>/        undo record, backups and trash of one task
// New outputs go to the real folder at once (sync); everything else waits for
// apply(). Discarding and undoing rewrite the upper layer, which overlayfs only
// allows while unmounted: the caller stops the guest first (needsStoppedGuest).

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ChangeItem, ConflictChoice } from '../../shared/taskEvents';
import { SandboxError, type ApplyOutcome, type UndoOptions } from '../session';
import { classify, type Output } from './changes';
import { besidePath, itemPaths, noteApplied, resolveConflicts, reviewConflicts } from './conflicts';
import { fingerprintOf } from './fingerprint';
import { TaskBases } from './taskBases';
import { unifiedDiff } from './diff';
import { copyRegular, flushToDisk, lstatOrNull, matchParentOwner, mkdirsInside, readRegular, runLimited, whiteoutAt } from './fsutil';
import { Journal, type Step } from './journal';
import { UndoRecord } from './undoRecord';
import { undoTask } from './undoTask';
import { StagingLayers, type StagingBudget } from './stagingLayers';
import { StateOwner } from './stateOwners';
import { WriteBudgetControl } from './writeBudgetControl';

/** Files up to this size get a diff in pendingChanges(). */
const MAX_DIFF_BYTES = 64 * 1024;

export class FolderStaging {
  private readonly layers: StagingLayers;
  /** The write budget's size, what is left and its slack (writeBudgetControl.ts). */
  readonly budget: WriteBudgetControl;
  /** This process's owner file in the state dir (stateOwners.ts); names the guest while one runs. */
  readonly owner: StateOwner;
  private readonly journal: Journal;
  private readonly records = new Map<string, UndoRecord>();
  private readonly bases = new Map<string, TaskBases>();
  private readonly compareCache = new Map<string, boolean>();
  /** Serialises syncs and applies: both read the layers and write the folder. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The real folder (realpath). */
    readonly folder: string,
    readonly stateDir: string,
    /** Existence in the guest's merged view (see changes.ts: opaque directories). */
    private readonly exists: (paths: string[]) => Promise<boolean[]>,
    /** The write budget; absent: the layers are plain folders, limited only by the disk. */
    budget?: StagingBudget,
  ) {
    this.layers = new StagingLayers(stateDir, folder, budget);
    this.budget = new WriteBudgetControl(this.layers);
    this.owner = new StateOwner(stateDir);
    this.journal = new Journal(path.join(stateDir, 'journal.json'), folder);
  }

  /** The overlay's upper layer on the host (the guest writes here). */
  get upper(): string {
    return this.layers.upper;
  }

  get work(): string {
    return this.layers.work;
  }

  /** Which overlay the drivers mount on these layers: the kernel's, or fuse-overlayfs on a FUSE layer. */
  get overlayEngine(): 'kernel' | 'fuse' {
    return this.layers.engine;
  }

  /** Creates the layers and finishes any batch a crash interrupted. */
  async init(): Promise<void> {
    // Claimed before anything is mounted, so a kill at any later point leaves a record behind (leftovers.ts).
    this.owner.claim();
    await this.layers.init();
    await this.journal.recover();
  }

  /**
   * Gives the next task its whole budget: when nothing in the layer is waiting
   * for approval or promotion (only applied changes and promoted outputs, which
   * the real folder now holds) and it fills more than a quarter of the budget,
   * the layer is emptied. `always`: empty it whatever its size (other lanes of
   * the folder may have changed those files since; manager.ts). The guest must
   * be stopped (`stopGuest` is awaited first). Returns whether it was emptied.
   */
  refreshBudget(stopGuest: () => Promise<void>, always = false): Promise<boolean> {
    return this.serial(async () => {
      const layer = this.layers.budgetLayer;
      if (!layer && !always) return false;
      if (layer && !always) {
        const { free } = await layer.usage();
        if (free > (layer.bytes * 3) / 4) return false;
      }
      if ((await fsp.readdir(this.upper).catch(() => [])).length === 0) return false;
      const { outputs, pending } = await classify({ upper: this.upper, lower: this.folder, ours: new Set(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' });
      if (outputs.length > 0 || pending.length > 0) return false;
      await stopGuest();
      await this.layers.reset();
      this.compareCache.clear();
      return true;
    });
  }

  /** Unmounts the budget's layer (guest stopped); the next init mounts it again. */
  async close(): Promise<void> {
    await this.layers.close();
    this.owner.release();
  }

  async record(session: string): Promise<UndoRecord> {
    let r = this.records.get(session);
    if (!r) {
      r = await new UndoRecord(path.join(this.stateDir, 'sessions', session)).load();
      this.records.set(session, r);
    }
    return r;
  }

  private async basesOf(session: string): Promise<TaskBases> {
    let b = this.bases.get(session);
    if (!b) {
      b = await new TaskBases(path.join(this.stateDir, 'sessions', session)).load();
      this.bases.set(session, b);
    }
    return b;
  }

  /**
   * The task is about to read or change these folder paths: the first time, the
   * folder's version is its conflict base (taskBases.ts). Paths outside the
   * folder (scratch) are the caller's to leave out.
   */
  noteSeen(session: string, rels: string[]): Promise<void> {
    return this.serial(async () => {
      const bases = await this.basesOf(session);
      for (const rel of rels) if (!bases.has(rel)) bases.note(rel, await fingerprintOf(path.join(this.folder, rel)));
      await bases.save();
    });
  }

  /** Outputs of the tasks still open: theirs to change without approval. */
  private ours(): Set<string> {
    const s = new Set<string>();
    for (const r of this.records.values()) for (const p of r.created()) s.add(p);
    return s;
  }

  /** Forget a closed task's outputs: later changes to them need approval. Its record stays for undo. */
  release(session: string): void {
    this.records.delete(session);
    this.bases.delete(session);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Promotes new outputs to the real folder; returns the paths written. */
  sync(session: string): Promise<string[]> {
    return this.serial(async () => {
      const record = await this.record(session);
      const { outputs, pending } = await classify({ upper: this.upper, lower: this.folder, ours: this.ours(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' });
      const written: string[] = [];
      for (const o of outputs) {
        await this.promote(o);
        if (o.action === 'write') {
          record.addCreated(o.path);
          written.push(o.path);
        }
        // What the task left there, so undo can tell a later change from its own.
        record.setAfter(o.path, await fingerprintOf(path.join(this.folder, o.path)));
      }
      if (outputs.length > 0) await record.save();
      // A change a command made without naming the file first: its base is the folder as it is now.
      const bases = await this.basesOf(session);
      for (const it of pending) for (const rel of itemPaths(it)) if (!bases.has(rel)) bases.note(rel, await fingerprintOf(path.join(this.folder, rel)));
      await bases.save();
      return written;
    });
  }

  /** One output, atomically on its own (temp + rename); never through a link in the folder. */
  private async promote(o: Output): Promise<void> {
    const target = path.join(this.folder, o.path);
    if (o.action === 'remove') {
      await fsp.rm(target, { recursive: true, force: true });
      return;
    }
    if (o.type === 'dir') {
      await mkdirsInside(this.folder, o.path);
      return;
    }
    await mkdirsInside(this.folder, path.dirname(o.path));
    const tmp = path.join(path.dirname(target), `.cowork-out-${process.pid}-${Date.now().toString(36)}`);
    const src = path.join(this.upper, o.path);
    if (o.type === 'symlink') await fsp.symlink(await fsp.readlink(src), tmp);
    else await copyRegular(src, tmp);
    try {
      await matchParentOwner(tmp);
      const existing = await lstatOrNull(target);
      if (existing?.isDirectory()) await fsp.rm(target, { recursive: true });
      await fsp.rename(tmp, target);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  /** Pending changes of `session`'s task, with a unified diff for modified small text files and conflicts marked. */
  pending(session?: string): Promise<ChangeItem[]> {
    return this.serial(async () => {
      const items = await this.pendingNow(session);
      for (const it of items) if (it.kind === 'modified') it.diff = await this.diffOf(it.path);
      return items;
    });
  }

  private async diffOf(rel: string): Promise<string | undefined> {
    const read = async (root: string) => {
      const buf = await readRegular(path.join(root, rel), MAX_DIFF_BYTES).catch(() => undefined);
      return !buf || buf.includes(0) ? undefined : buf.toString('utf8');
    };
    const [before, after] = await Promise.all([read(this.folder), read(this.upper)]);
    if (before === undefined || after === undefined) return undefined;
    return unifiedDiff(rel, before, after) || undefined;
  }

  /**
   * Applies the selected pending changes (all when `paths` is absent) as one
   * journaled batch. A conflicting change needs a choice (conflicts.ts), else
   * nothing is applied (ConflictError). Returns the items applied, and those
   * the caller must discard for the folder's version ('theirs', 'both').
   */
  apply(session: string, paths?: string[], choices?: Record<string, ConflictChoice>): Promise<{ applied: ChangeItem[]; dropped: string[]; outcome: ApplyOutcome }> {
    return this.serial(async () => {
      const sorted = resolveConflicts(select(await this.pendingNow(session), paths), choices);
      const items = sorted.apply;
      const dropped = [...sorted.theirs, ...sorted.both].map((it) => it.path);
      const outcome: ApplyOutcome = { savedBeside: {}, keptTheirs: dropped };
      if (items.length === 0 && sorted.both.length === 0) return { applied: [], dropped, outcome };
      const record = await this.record(session);
      const bases = await this.basesOf(session);
      const puts: Step[] = [];
      const removes: Step[] = [];
      const dirs = new Set<string>();
      const backups: string[] = [];
      await runLimited(items, 8, async (it) => {
        await record.backup(this.folder, it.path, backups);
        if (it.kind === 'renamed') await record.backup(this.folder, it.from as string, backups);
      });
      await flushToDisk(backups);
      for (const it of items) {
        const from = it.kind === 'renamed' ? (it.from as string) : it.path;
        if (it.kind !== 'deleted') puts.push(await this.putStep(it.path));
        if (it.kind === 'deleted' || it.kind === 'renamed') {
          removes.push({ op: 'remove', target: path.join(this.folder, from) });
          for (let d = path.posix.dirname(from); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
        }
      }
      // 'both': the task's version goes beside the folder's, as a new file of this task.
      for (const it of sorted.both) {
        const beside = await besidePath(this.folder, it.path);
        puts.push({ ...(await this.putStep(it.path)), target: path.join(this.folder, beside) });
        record.addCreated(beside);
        outcome.savedBeside[it.path] = beside;
      }
      await record.save();
      // Directories the task deleted go too, deepest first, once empty.
      const rmdirs: Step[] = [];
      for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
        if (!(await this.visibleInUpper(d))) rmdirs.push({ op: 'rmdir', target: path.join(this.folder, d) });
      }
      await this.journal.commit([...puts, ...removes, ...rmdirs]);
      await noteApplied(this.folder, this.upper, { record, bases }, items, Object.values(outcome.savedBeside));
      for (const rel of dropped) bases.rebase(rel, await fingerprintOf(path.join(this.folder, rel)));
      await bases.save();
      return { applied: items, dropped, outcome };
    });
  }

  private async putStep(rel: string): Promise<Step> {
    const src = path.join(this.upper, rel);
    const st = await lstatOrNull(src);
    if (!st) throw new SandboxError('EIO', `${rel}: staged content vanished`);
    const target = path.join(this.folder, rel);
    if (st.isSymbolicLink()) return { op: 'put', target, link: await fsp.readlink(src) };
    if (!st.isFile()) throw new SandboxError('EIO', `${rel}: only files and links can be applied`);
    return { op: 'put', target, source: src };
  }

  /** False when the task deleted directory `rel` (a whiteout on it or on a parent). */
  private async visibleInUpper(rel: string): Promise<boolean> {
    for (let d = rel; d !== '.'; d = path.posix.dirname(d)) {
      if (await whiteoutAt(this.upper, d, this.overlayEngine === 'fuse')) return false;
    }
    const [seen] = await this.exists([rel]);
    return seen;
  }

  private async pendingNow(session?: string): Promise<ChangeItem[]> {
    const { pending } = await classify({ upper: this.upper, lower: this.folder, ours: this.ours(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' });
    return session ? reviewConflicts(pending, await this.basesOf(session), this.folder, this.upper) : pending;
  }

  /**
   * Drops staged changes from the upper layer so the real folder's version shows
   * again. overlayfs forbids changing a mounted layer, so the changes are listed
   * first and `stopGuest` is awaited before the upper layer is touched.
   * Discarding one deletion inside a deleted directory brings the directory back.
   */
  discard(paths: string[] | undefined, stopGuest: () => Promise<void>): Promise<ChangeItem[]> {
    return this.serial(async () => {
      const items = select(await this.pendingNow(), paths);
      if (items.length === 0) return items;
      await stopGuest();
      for (const it of items) {
        await this.dropFromUpper(it.path);
        if (it.kind === 'renamed' && it.from) await this.restoreInUpper(it.from);
        if (it.kind === 'deleted') await this.restoreInUpper(it.path);
      }
      this.compareCache.clear();
      return items;
    });
  }

  private async dropFromUpper(rel: string): Promise<void> {
    await fsp.rm(path.join(this.upper, rel), { recursive: true, force: true });
  }

  /** Makes the lower version of `rel` visible again: whiteouts on it or its parents go. */
  private async restoreInUpper(rel: string): Promise<void> {
    for (let d = rel; d !== '.'; d = path.posix.dirname(d)) {
      const marker = await whiteoutAt(this.upper, d, this.overlayEngine === 'fuse');
      if (marker) await fsp.rm(marker, { force: true });
    }
    // The parent may be opaque (removed and re-created), hiding the lower file
    // whatever we do to whiteouts. A copy equal to the original counts as no
    // change, so put one there whenever the parent exists in the upper layer.
    const parent = await lstatOrNull(path.join(this.upper, path.posix.dirname(rel)));
    if (!parent?.isDirectory() || path.posix.dirname(rel) === '.') return;
    const lower = path.join(this.folder, rel);
    const upper = path.join(this.upper, rel);
    await fsp.rm(upper, { force: true, recursive: true });
    const lst = await lstatOrNull(lower);
    if (lst?.isSymbolicLink()) await fsp.symlink(await fsp.readlink(lower), upper);
    else if (lst?.isFile()) await copyRegular(lower, upper);
  }

  /**
   * Restores the real folder to how it was before `session`'s task (undoTask.ts:
   * later changes by others are named and, unless told otherwise, refused). The
   * caller then resets the upper layer (resetUpper) with the guest stopped.
   */
  undo(session: string, opts: UndoOptions = {}): Promise<void> {
    return this.serial(async () => {
      await undoTask(this.folder, await this.record(session), this.journal, opts);
      this.compareCache.clear();
    });
  }

  /** Empties the upper layer: the guest, restarted, sees exactly the real folder. Guest must be stopped. */
  async resetUpper(): Promise<void> {
    await this.layers.reset();
    this.compareCache.clear();
  }
}

function select(items: ChangeItem[], paths?: string[]): ChangeItem[] {
  if (!paths) return items;
  const want = new Set(paths.map((p) => path.posix.normalize(p).replace(/^\.\//, '')));
  const chosen = items.filter((it) => want.has(it.path) || (it.from !== undefined && want.has(it.from)));
  const unknown = [...want].filter((p) => !items.some((it) => it.path === p || it.from === p));
  if (unknown.length > 0) throw new SandboxError('ENOENT', `no staged change for: ${unknown.join(', ')}`);
  return chosen;
}
