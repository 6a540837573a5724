// Messages between the spreadsheet preview's webview and its extension side (and the
// shapes of what the grid draws). Rows travel in pages: the webview asks for the rows
// it is about to show, so a 100,000-row sheet never crosses the bridge in one piece.

import type { Parsed } from './shapes';

/** How a cell is aligned and coloured: n number/date, t text, b boolean, e error. */
export type GridKind = 'n' | 't' | 'b' | 'e';

/** One shown cell: column (1-based), the text a person sees, its kind, and its formula when it has one. */
export type GridCell = [col: number, text: string, kind: GridKind, formula?: string];

export interface GridRow {
  /** Row number, 1-based. */
  r: number;
  c: GridCell[];
}

export interface GridMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetTab {
  name: string;
  kind: 'worksheet' | 'chartsheet' | 'other';
  hidden: boolean;
}

export interface GridLayout {
  /** The last row and column that hold data (or that the sheet's dimension declares). */
  lastRow: number;
  lastCol: number;
  frozenRows: number;
  frozenCols: number;
  /** Column widths in Excel's character units: [min, max, width, hidden]. */
  columns: [min: number, max: number, width: number, hidden: boolean][];
  merges: GridMerge[];
  /** Rows read so far; `complete` once the whole sheet has been read. */
  scannedRows: number;
  complete: boolean;
}

export type SheetToWebview =
  /** The file's sheets (a CSV is one sheet named after the file). */
  | { type: 'workbook'; fileName: string; format: 'xlsx' | 'csv'; sheets: SheetTab[]; active: number; note?: string }
  /** A sheet's layout so far and its first rows. */
  | { type: 'sheet'; sheet: number; layout: GridLayout; rows: GridRow[] }
  /** More of a sheet has been read (merges arrive with `complete`: they follow the rows in the file). */
  | { type: 'progress'; sheet: number; layout: GridLayout }
  /** The rows from..to (inclusive) that hold data. */
  | { type: 'rows'; sheet: number; from: number; to: number; rows: GridRow[] }
  /** The sheet (or the whole file) cannot be shown: a clear message instead of the grid. */
  | { type: 'failed'; message: string; sheet?: number };

export type SheetToExtension =
  | { type: 'ready' }
  | { type: 'openSheet'; sheet: number }
  | { type: 'rows'; sheet: number; from: number; to: number }
  /** The first screen with data is drawn (ms since the page started): logged. */
  | { type: 'rendered'; sheet: number; ms: number; cells: number };

/** The most rows one request may ask for. */
export const MAX_ROWS_PER_REQUEST = 2000;

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e7;
}

/** Checks a message from the webview before the extension acts on it. */
export function parseSheetWebviewMessage(raw: unknown): Parsed<SheetToExtension> {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'message must be an object' };
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { ok: true, value: { type: 'ready' } };
    case 'openSheet':
      return isIndex(m.sheet) ? { ok: true, value: { type: 'openSheet', sheet: m.sheet } } : { ok: false, error: 'openSheet.sheet must be a sheet index' };
    case 'rows': {
      if (!isIndex(m.sheet) || !isIndex(m.from) || !isIndex(m.to)) return { ok: false, error: 'rows needs sheet, from and to as whole numbers' };
      if (m.from < 1 || m.to < m.from || m.to - m.from >= MAX_ROWS_PER_REQUEST) return { ok: false, error: `rows must ask for 1 to ${MAX_ROWS_PER_REQUEST} rows from row 1 on` };
      return { ok: true, value: { type: 'rows', sheet: m.sheet, from: m.from, to: m.to } };
    }
    case 'rendered':
      if (!isIndex(m.sheet) || typeof m.ms !== 'number' || !isIndex(m.cells)) return { ok: false, error: 'rendered needs sheet, ms and cells' };
      return { ok: true, value: { type: 'rendered', sheet: m.sheet, ms: m.ms, cells: m.cells } };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(m.type)}` };
  }
}
