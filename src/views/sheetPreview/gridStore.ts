// Keeps what the preview has read of each sheet and answers the webview's page
// requests. A sheet is read once, in the background, after its first page is out: a
// request for rows not read yet waits until the reader passes them. Each row is kept
// as one JSON string (about a third of the memory of the cell arrays), parsed again
// only when its page is asked for.

import type { GridLayout, GridRow, SheetTab } from '../../shared/sheetPreviewProtocol';
import { openGridSource, type GridSource, type SheetStream } from './gridSource';

/** Rows in the first message of a sheet: more than any window shows. */
export const FIRST_PAGE_ROWS = 200;
/** How often progress is reported while a sheet is read. */
const PROGRESS_MS = 250;

export interface WorkbookInfo {
  format: 'xlsx' | 'csv';
  sheets: SheetTab[];
  active: number;
  note?: string;
}

interface SheetState {
  stream: SheetStream;
  rowNumbers: number[];
  rowJson: string[];
  scannedTo: number;
  complete: boolean;
  failed?: Error;
  waiters: { upTo: number; wake: () => void }[];
  done: Promise<void>;
}

export type ProgressListener = (sheet: number, layout: GridLayout) => void;

export class GridStore {
  private readonly sheets = new Map<number, SheetState>();

  private constructor(
    private readonly source: GridSource,
    private readonly onProgress: ProgressListener,
  ) {}

  static open(bytes: Uint8Array, fileName: string, onProgress: ProgressListener): GridStore {
    return new GridStore(openGridSource(bytes, fileName), onProgress);
  }

  get info(): WorkbookInfo {
    const { format, sheets, active, note } = this.source;
    return { format, sheets, active, ...(note ? { note } : {}) };
  }

  /** The sheet's layout and first rows, once they are read; the rest is read behind. */
  async openSheet(index: number): Promise<{ layout: GridLayout; rows: GridRow[] }> {
    const state = this.state(index);
    await this.until(state, FIRST_PAGE_ROWS);
    return { layout: this.layout(state), rows: this.slice(state, 1, FIRST_PAGE_ROWS) };
  }

  /** The rows from..to that hold data (waits until the reader has passed `to`). */
  async rows(index: number, from: number, to: number): Promise<GridRow[]> {
    const state = this.state(index);
    await this.until(state, to);
    return this.slice(state, from, to);
  }

  /** Resolves when the sheet has been read to the end. */
  async complete(index: number): Promise<GridLayout> {
    const state = this.state(index);
    await state.done;
    if (state.failed) throw state.failed;
    return this.layout(state);
  }

  private state(index: number): SheetState {
    let s = this.sheets.get(index);
    if (!s) {
      const stream = this.source.open(index); // throws for a chart sheet: nothing to read
      const state: SheetState = { stream, rowNumbers: [], rowJson: [], scannedTo: 0, complete: false, waiters: [], done: Promise.resolve() };
      state.done = this.read(index, state);
      this.sheets.set(index, (s = state));
    }
    return s;
  }

  private async read(index: number, s: SheetState): Promise<void> {
    let last = Date.now();
    let n = 0;
    try {
      for await (const row of s.stream.rows) {
        s.rowNumbers.push(row.r);
        s.rowJson.push(JSON.stringify(row.c));
        s.scannedTo = row.r;
        this.wake(s);
        if (++n % 500 === 0) {
          // Let page requests in between (the reader is otherwise all synchronous work).
          await new Promise((r) => setImmediate(r));
          if (Date.now() - last >= PROGRESS_MS) {
            last = Date.now();
            this.onProgress(index, this.layout(s));
          }
        }
      }
    } catch (err) {
      s.failed = err instanceof Error ? err : new Error(String(err));
    }
    s.complete = true;
    this.wake(s);
    if (!s.failed) this.onProgress(index, this.layout(s));
  }

  private wake(s: SheetState): void {
    if (!s.waiters.length) return;
    const ready = s.waiters.filter((w) => s.complete || s.scannedTo >= w.upTo);
    if (!ready.length) return;
    s.waiters = s.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.wake();
  }

  private async until(s: SheetState, upTo: number): Promise<void> {
    if (!s.complete && s.scannedTo < upTo) await new Promise<void>((wake) => s.waiters.push({ upTo, wake }));
    // A failure before the asked-for rows is the sheet's failure; after them, the rows still show.
    if (s.failed && s.scannedTo < upTo) throw s.failed;
  }

  private layout(s: SheetState): GridLayout {
    const { declared, ...l } = s.stream.layout();
    const lastRow = Math.max(l.lastRow, s.scannedTo, s.complete ? 0 : declared?.rows ?? 0);
    const lastCol = Math.max(l.lastCol, s.complete ? 0 : Math.min(declared?.cols ?? 0, 256));
    return { ...l, lastRow, lastCol, scannedRows: s.scannedTo, complete: s.complete && !s.failed };
  }

  private slice(s: SheetState, from: number, to: number): GridRow[] {
    const out: GridRow[] = [];
    for (let i = lowerBound(s.rowNumbers, from); i < s.rowNumbers.length && s.rowNumbers[i] <= to; i++) {
      out.push({ r: s.rowNumbers[i], c: JSON.parse(s.rowJson[i]) as GridRow['c'] });
    }
    return out;
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
