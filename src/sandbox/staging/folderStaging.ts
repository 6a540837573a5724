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
import type { ChangeItem } from '../../shared/taskEvents';
import { SandboxError } from '../session';
import { classify, type Output } from './changes';
import { unifiedDiff } from './diff';
import { copyRegular, flushToDisk, lstatOrNull, matchParentOwner, mkdirsInside, readRegular, runLimited, whiteoutAt } from './fsutil';
import { Journal, type Step } from './journal';
import { UndoRecord } from './undoRecord';
import { StagingLayers, type StagingBudget } from './stagingLayers';

/** Files up to this size get a diff in pendingChanges(). */
const MAX_DIFF_BYTES = 64 * 1024;

export class FolderStaging {
  private readonly layers: StagingLayers;
  private readonly journal: Journal;
  private readonly records = new Map<string, UndoRecord>();
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

  /** The budget this folder's layer enforces, in bytes (undefined: none). */
  get budgetBytes(): number | undefined {
    return this.layers.budgetBytes;
  }

  /** Why the budget asked for is not enforced, if it is not. */
  get budgetNotice(): string | undefined {
    return this.layers.notice;
  }

  /** Creates the layers and finishes any batch a crash interrupted. */
  async init(): Promise<void> {
    await this.layers.init();
    await this.journal.recover();
  }

  /** Bytes left in the budget, or undefined when none is enforced. */
  async budgetLeft(): Promise<number | undefined> {
    const layer = this.layers.budgetLayer;
    return layer ? (await layer.usage()).free : undefined;
  }

  /** The budget ran out: give the task the layer's slack so it can still delete files (writeBudget.ts). */
  async budgetExhausted(): Promise<void> {
    await this.layers.budgetLayer?.releaseSlack();
  }

  /** After a call that may have freed room: set the slack aside again. */
  async budgetCheck(): Promise<void> {
    await this.layers.budgetLayer?.restoreSlack();
  }

  /**
   * Gives the next task its whole budget: when nothing in the layer is waiting
   * for approval or promotion (only applied changes and promoted outputs, which
   * the real folder now holds) and it fills more than a quarter of the budget,
   * the layer is emptied. The guest must be stopped (`stopGuest` is awaited first).
   * Returns whether it was emptied.
   */
  refreshBudget(stopGuest: () => Promise<void>): Promise<boolean> {
    return this.serial(async () => {
      const layer = this.layers.budgetLayer;
      if (!layer) return false;
      const { free } = await layer.usage();
      if (free > (layer.bytes * 3) / 4) return false;
      const { outputs, pending } = await classify({ upper: this.upper, lower: this.folder, ours: new Set(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' });
      if (outputs.length > 0 || pending.length > 0) return false;
      await stopGuest();
      await layer.recreate();
      this.compareCache.clear();
      return true;
    });
  }

  /** Unmounts the budget's layer (guest stopped); the next init mounts it again. */
  async close(): Promise<void> {
    await this.layers.close();
  }

  async record(session: string): Promise<UndoRecord> {
    let r = this.records.get(session);
    if (!r) {
      r = await new UndoRecord(path.join(this.stateDir, 'sessions', session)).load();
      this.records.set(session, r);
    }
    return r;
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
      const { outputs } = await classify({ upper: this.upper, lower: this.folder, ours: this.ours(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' });
      const written: string[] = [];
      for (const o of outputs) {
        await this.promote(o);
        if (o.action === 'write') {
          record.addCreated(o.path);
          written.push(o.path);
        }
      }
      if (outputs.length > 0) await record.save();
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

  /** Pending changes, with a unified diff for modified small text files. */
  pending(): Promise<ChangeItem[]> {
    return this.serial(async () => {
      const items = await this.pendingNow();
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

  /** Applies the selected pending changes (all when `paths` is absent) as one journaled batch. */
  apply(session: string, paths?: string[]): Promise<ChangeItem[]> {
    return this.serial(async () => {
      const items = select(await this.pendingNow(), paths);
      if (items.length === 0) return [];
      const record = await this.record(session);
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
      await record.save();
      // Directories the task deleted go too, deepest first, once empty.
      const rmdirs: Step[] = [];
      for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
        if (!(await this.visibleInUpper(d))) rmdirs.push({ op: 'rmdir', target: path.join(this.folder, d) });
      }
      await this.journal.commit([...puts, ...removes, ...rmdirs]);
      return items;
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

  private async pendingNow(): Promise<ChangeItem[]> {
    return (await classify({ upper: this.upper, lower: this.folder, ours: this.ours(), exists: this.exists, cache: this.compareCache, whiteoutFiles: this.overlayEngine === 'fuse' })).pending;
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
   * Restores the real folder to how it was before `session`'s task, as one
   * journaled batch; whatever is removed is kept in the task's trash first. The
   * caller then resets the upper layer (resetUpper) with the guest stopped.
   */
  undo(session: string): Promise<void> {
    return this.serial(async () => {
      const record = await this.record(session);
      const steps: Step[] = [];
      const removals: string[] = [];
      for (const [rel, orig] of Object.entries(record.originals())) {
        const target = path.join(this.folder, rel);
        if (orig.backup) steps.push({ op: 'put', target, source: path.join(record.backupDir, orig.backup), hardlink: true });
        else if (orig.link !== undefined) steps.push({ op: 'put', target, link: orig.link });
        else removals.push(rel);
      }
      const created = [...record.created()].filter((p) => !(p in record.originals()));
      removals.push(...created);
      const rmdirs: Step[] = [];
      for (const rel of removals) {
        const st = await lstatOrNull(path.join(this.folder, rel));
        if (!st) continue;
        if (st.isDirectory()) {
          rmdirs.push({ op: 'rmdir', target: path.join(this.folder, rel) });
          continue;
        }
        if (st.isFile()) {
          const keep = path.join(record.trashDir, rel);
          await fsp.mkdir(path.dirname(keep), { recursive: true });
          await fsp.rm(keep, { force: true });
          const live = path.join(this.folder, rel);
          await fsp.link(live, keep).catch(() => copyRegular(live, keep));
        }
        steps.push({ op: 'remove', target: path.join(this.folder, rel) });
      }
      rmdirs.sort((a, b) => b.target.length - a.target.length);
      await this.journal.commit([...steps, ...rmdirs]);
      this.compareCache.clear();
      await record.clear();
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
