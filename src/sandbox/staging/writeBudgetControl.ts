// The write budget of one folder's staging as the session and the guest see it:
// its size, why it is not enforced, the bytes left, and the layer's slack given
// to a task whose budget ran out (so it can still delete files) and set aside
// again afterwards (writeBudget.ts). Emptying the layer for the next task is
// FolderStaging.refreshBudget, since it must know what is still staged.

import type { StagingLayers } from './stagingLayers';

export class WriteBudgetControl {
  constructor(private readonly layers: StagingLayers) {}

  /** The budget this folder's layer enforces, in bytes (undefined: none). */
  get bytes(): number | undefined {
    return this.layers.budgetBytes;
  }

  /** Why the budget asked for is not enforced, if it is not. */
  get notice(): string | undefined {
    return this.layers.notice;
  }

  /** Bytes left in the budget, or undefined when none is enforced. */
  async left(): Promise<number | undefined> {
    const layer = this.layers.budgetLayer;
    return layer ? (await layer.usage()).free : undefined;
  }

  /** The budget ran out: give the task the layer's slack so it can still delete files. */
  async exhausted(): Promise<void> {
    await this.layers.budgetLayer?.releaseSlack();
  }

  /** After a call that may have freed room: set the slack aside again. */
  async check(): Promise<void> {
    await this.layers.budgetLayer?.restoreSlack();
  }
}
