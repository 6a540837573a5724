// Where one folder's overlay layers (upper/, work/) live on the host: plain
// folders under the state dir, or, with a write budget, on the budget's
// filesystem (writeBudget.ts) at <state>/layers/. Owns mounting that layer,
// emptying it and telling the person when a budget cannot be enforced.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { BudgetLayer, formatSize, layerEngine } from './writeBudget';

export interface StagingBudget {
  /** Requested bytes, see effectiveBudget. */
  bytes: number;
  log?: (line: string) => void;
}

export class StagingLayers {
  upper: string;
  work: string;
  /** The write budget's layer, when one is enforced. */
  private layer: BudgetLayer | undefined;
  /** Why the budget asked for is not enforced (shown to the person). */
  notice: string | undefined;
  private tried = false;

  constructor(
    private readonly stateDir: string,
    private readonly folder: string,
    private readonly budget?: StagingBudget,
  ) {
    this.upper = path.join(stateDir, 'upper');
    this.work = path.join(stateDir, 'work');
  }

  /** Which overlay the drivers mount on these layers: the kernel's, or fuse-overlayfs on a FUSE layer. */
  get engine(): 'kernel' | 'fuse' {
    return this.layer?.engine === 'fuse' ? 'fuse' : 'kernel';
  }

  /** The budget enforced, in bytes (undefined: none). */
  get budgetBytes(): number | undefined {
    return this.layer?.bytes;
  }

  /** The layer's mount and size; undefined when no budget is enforced. */
  get budgetLayer(): BudgetLayer | undefined {
    return this.layer;
  }

  /** Creates the layers (mounting the budget's the first time). */
  async init(): Promise<void> {
    if (this.budget && !this.tried) {
      this.tried = true;
      await this.mountBudget(this.budget);
    }
    await fsp.mkdir(this.upper, { recursive: true });
    await fsp.mkdir(this.work, { recursive: true });
  }

  /**
   * Staged changes from before budgets existed (a non-empty <state>/upper)
   * stay where they are until they are applied or undone; where a budget
   * cannot be enforced the person is told.
   */
  private async mountBudget(budget: StagingBudget): Promise<void> {
    const legacy = await fsp.readdir(path.join(this.stateDir, 'upper')).catch(() => []);
    const how = legacy.length > 0 ? { unsupported: 'staged changes from an older version are still pending in this folder' } : layerEngine();
    if ('unsupported' in how) {
      this.notice = `write budget not enforced: ${how.unsupported}`;
      budget.log?.(this.notice);
      return;
    }
    const layer = new BudgetLayer(this.stateDir, budget.bytes, how.engine, budget.log);
    try {
      await layer.mount();
    } catch (err) {
      this.notice = `write budget not enforced: cannot mount its layer (${(err as Error).message.split('\n')[0]})`;
      budget.log?.(this.notice);
      return;
    }
    await removeTree(path.join(this.stateDir, 'upper'));
    await removeTree(path.join(this.stateDir, 'work'));
    this.layer = layer;
    this.upper = layer.upper;
    this.work = layer.work;
    budget.log?.(`write budget: ${formatSize(layer.bytes)} for ${this.folder} (${layer.image})`);
  }

  /** Empties the layers. The guest must be stopped (overlayfs forbids editing a mounted layer). */
  async reset(): Promise<void> {
    if (this.layer) {
      await this.layer.recreate();
      return;
    }
    await removeTree(this.upper);
    await removeTree(this.work);
    await fsp.mkdir(this.upper, { recursive: true });
    await fsp.mkdir(this.work, { recursive: true });
  }

  /** Unmounts the budget's layer (guest stopped); the next init mounts it again. */
  async close(): Promise<void> {
    await this.layer?.unmount();
    this.tried = false;
    this.layer = undefined;
  }
}

/** rm -rf that also copes with overlayfs's work/work, left mode 000 by unprivileged mounts. */
async function removeTree(dir: string): Promise<void> {
  try {
    await fsp.rm(dir, { recursive: true, force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
    const open = async (d: string): Promise<void> => {
      await fsp.chmod(d, 0o700);
      for (const e of await fsp.readdir(d, { withFileTypes: true })) if (e.isDirectory()) await open(path.join(d, e.name));
    };
    await open(dir);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
