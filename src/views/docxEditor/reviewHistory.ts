// The document's states as decisions are made, undone and redone. VS Code owns the
// undo stack (it calls each edit's undo/redo in order); this class owns what those
// calls switch between, so a state is never rebuilt to undo: the one before is kept.
// A decision is computed off-thread from the state it started from; if the state moved
// meanwhile (an undo came first), the result is stale and refused, never applied on top.
// No vscode: unit-tested on its own.

export interface HistoryEdit {
  readonly label: string;
  undo(): void;
  redo(): void;
}

export type HistoryCause = 'edit' | 'undo' | 'redo' | 'reset';

export class ReviewHistory<S> {
  private state: S;
  private saved: S;

  constructor(
    initial: S,
    private readonly onChange: (state: S, cause: HistoryCause) => void = () => undefined,
  ) {
    this.state = initial;
    this.saved = initial;
  }

  get current(): S {
    return this.state;
  }

  /** True when the current state is not the one last saved (or loaded). */
  get dirty(): boolean {
    return this.state !== this.saved;
  }

  /**
   * Records `next`, computed from `from`. Returns the edit for VS Code's stack, or
   * undefined when `from` is no longer the current state (the result is stale).
   */
  record(label: string, from: S, next: S): HistoryEdit | undefined {
    if (from !== this.state) return undefined;
    this.set(next, 'edit');
    return {
      label,
      undo: () => this.set(from, 'undo'),
      redo: () => this.set(next, 'redo'),
    };
  }

  /** The current state was written to disk (save) or is what disk holds (reload). */
  markSaved(): void {
    this.saved = this.state;
  }

  /** Replaces everything with a state read from disk (revert, reload): it counts as saved. */
  reset(state: S): void {
    this.saved = state;
    this.set(state, 'reset');
  }

  private set(state: S, cause: HistoryCause): void {
    this.state = state;
    this.onChange(state, cause);
  }
}
