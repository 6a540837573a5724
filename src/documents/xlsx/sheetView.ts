// What the agent (and `cowork doc show`) sees of a sheet: a range as a compact table
// of A1-addressed, formatted values (formulas on request), or, for a sheet too large to
// show, a summary: head, tail and per-column types and statistics. One pass over the
// rows; memory is bounded by the rows kept for display, and only those are formatted.

import { cellName, columnName, rangeName, type CellRange } from './cellRef';
import { cellValue, shownText, type CellValue } from './cellValue';
import { scanSheet, type ScannedCell, type SheetLayout } from './sheetScanner';
import type { XlsxWorkbook } from './workbook';

export interface ViewCell {
  ref: string;
  text: string;
  formula?: string;
  kind: CellValue['kind'];
  /** The value as stored: a number, text, boolean or error code. */
  value?: number | string | boolean;
}

export interface ViewRow {
  row: number;
  cells: ViewCell[];
}

export interface ColumnStats {
  column: string;
  header?: string;
  type: 'number' | 'date' | 'text' | 'bool' | 'mixed' | 'empty';
  count: number;
  numbers: number;
  texts: number;
  dates: number;
  bools: number;
  errors: number;
  formulas: number;
  min?: number;
  max?: number;
  sum?: number;
  /** Distinct text values (up to DISTINCT_CAP; `distinctCapped` says when there were more). */
  distinct?: number;
  distinctCapped?: boolean;
  minText?: string;
  maxText?: string;
}

export interface SheetView {
  sheet: string;
  /** The range that holds data (from scanning the cells). */
  usedRange?: string;
  rowCount: number;
  /** The columns shown, as letters. */
  columns: string[];
  mode: 'range' | 'all' | 'summary';
  range?: string;
  rows: ViewRow[];
  /** In summary mode: rows after the head, before the tail, not shown. */
  tail?: ViewRow[];
  omittedRows?: number;
  stats?: ColumnStats[];
  truncatedColumns?: number;
  truncatedRows?: boolean;
  layout: SheetLayout;
}

export interface ViewOptions {
  sheet?: string;
  range?: CellRange;
  formulas?: boolean;
  /** Sheets with more data rows than this are summarised (default 60). */
  maxRows?: number;
  /** Columns shown at most (default 30). */
  maxCols?: number;
  headRows?: number;
  tailRows?: number;
}

const DISTINCT_CAP = 1000;

export async function sheetView(wb: XlsxWorkbook, opts: ViewOptions = {}): Promise<SheetView> {
  const info = wb.sheet(opts.sheet);
  const shared = await wb.sharedStrings();
  const { rows, layout } = scanSheet(wb, info.entry);
  const maxRows = opts.range ? 1000 : opts.maxRows ?? 60;
  const maxCols = opts.maxCols ?? 30;
  const head = opts.headRows ?? 20;
  const tailN = opts.tailRows ?? 10;
  const kept: ViewRow[] = [];
  // The last rows, kept as values: only the rows shown are formatted, at the end.
  const tail: { row: number; cells: Present[] }[] = [];
  const stats = new Map<number, ColumnStats & { seen: Set<string> }>();
  let used: CellRange | undefined;
  let rowCount = 0;
  let truncatedRows = false;
  let maxColSeen = 0;
  const r = opts.range;
  for await (const row of rows) {
    if (r && row.row < r.top) continue;
    if (r && row.row > r.bottom) break;
    const present: Present[] = [];
    for (const c of row.cells) {
      if (r && (c.col < r.left || c.col > r.right)) continue;
      const v = cellValue(c, wb, shared);
      if (v.kind === 'empty' && !c.formula) continue;
      present.push({ c, v });
      if (used) {
        if (c.row < used.top) used.top = c.row;
        if (c.col < used.left) used.left = c.col;
        if (c.row > used.bottom) used.bottom = c.row;
        if (c.col > used.right) used.right = c.col;
      } else used = { top: c.row, left: c.col, bottom: c.row, right: c.col };
      if (c.col > maxColSeen) maxColSeen = c.col;
      if (!r) addStat(stats, c.col, v, !!c.formula);
    }
    if (!present.length) continue;
    rowCount++;
    if (kept.length < maxRows) kept.push(viewRow(row.row, present, wb));
    else if (r) truncatedRows = true;
    if (!r) {
      tail.push({ row: row.row, cells: present });
      if (tail.length > tailN) tail.shift();
    }
  }
  const left = r?.left ?? used?.left ?? 1;
  const right = r ? Math.min(r.right, left + maxCols - 1, Math.max(maxColSeen, left)) : Math.min(used?.right ?? 1, left + maxCols - 1);
  const columns: string[] = [];
  for (let c = left; c <= right; c++) columns.push(columnName(c));
  const lastCol = r ? r.right : used?.right ?? 1;
  const view: SheetView = {
    sheet: info.name,
    ...(used ? { usedRange: rangeName(used) } : {}),
    rowCount,
    columns,
    mode: r ? 'range' : rowCount <= maxRows ? 'all' : 'summary',
    ...(r ? { range: rangeName(r) } : {}),
    rows: kept,
    layout,
    ...(lastCol > right ? { truncatedColumns: lastCol - right } : {}),
    ...(truncatedRows ? { truncatedRows } : {}),
  };
  if (!r) {
    if (view.mode === 'summary') {
      view.rows = kept.slice(0, head);
      view.tail = tail.map((t) => viewRow(t.row, t.cells, wb));
      view.omittedRows = rowCount - view.rows.length - tail.length;
    }
    const headerRow = kept[0];
    const headerTexts = headerRow && headerRow.cells.every((c) => c.kind === 'text') && kept.length > 1 ? headerRow : undefined;
    view.stats = [...stats.entries()]
      .sort((a, b) => a[0] - b[0])
      .slice(0, maxCols)
      .map(([col, s]) => {
        const { seen, ...rest } = s;
        const header = headerTexts?.cells.find((c) => c.ref === cellName(headerTexts.row, col))?.text;
        if (header !== undefined) rest.header = header;
        if (header !== undefined && rest.texts > 0) rest.texts--; // the header is not data
        if (header !== undefined) rest.count--;
        rest.type = typeOf(rest);
        if (seen.size) {
          rest.distinct = seen.size;
          if (seen.size >= DISTINCT_CAP) rest.distinctCapped = true;
        }
        return rest;
      });
  }
  return view;
}

interface Present {
  c: ScannedCell;
  v: CellValue;
}

/** A row as shown: each cell's text with its number format, its formula, its value. */
function viewRow(row: number, present: Present[], wb: XlsxWorkbook): ViewRow {
  const cells = present.map(({ c, v }): ViewCell => {
    const vc: ViewCell = { ref: cellName(c.row, c.col), text: shownText(c, v, wb), kind: v.kind };
    if (v.kind !== 'empty') vc.value = v.value;
    if (c.formula) vc.formula = '=' + c.formula;
    return vc;
  });
  return { row, cells };
}

function addStat(stats: Map<number, ColumnStats & { seen: Set<string> }>, col: number, v: CellValue, formula: boolean): void {
  let s = stats.get(col);
  if (!s) {
    if (stats.size >= 200) return;
    s = { column: columnName(col), type: 'empty', count: 0, numbers: 0, texts: 0, dates: 0, bools: 0, errors: 0, formulas: 0, seen: new Set() };
    stats.set(col, s);
  }
  s.count++;
  if (formula) s.formulas++;
  switch (v.kind) {
    case 'number':
    case 'date':
      if (v.kind === 'number') s.numbers++;
      else s.dates++;
      s.min = s.min === undefined ? v.value : Math.min(s.min, v.value);
      s.max = s.max === undefined ? v.value : Math.max(s.max, v.value);
      if (v.kind === 'number') s.sum = (s.sum ?? 0) + v.value;
      break;
    case 'text':
      s.texts++;
      if (s.seen.size < DISTINCT_CAP) s.seen.add(v.value);
      if (s.minText === undefined || v.value < s.minText) s.minText = v.value.slice(0, 60);
      if (s.maxText === undefined || v.value > s.maxText) s.maxText = v.value.slice(0, 60);
      break;
    case 'bool': s.bools++; break;
    case 'error': s.errors++; break;
  }
}

function typeOf(s: ColumnStats): ColumnStats['type'] {
  const kinds = [s.numbers && 'number', s.dates && 'date', s.texts && 'text', s.bools && 'bool'].filter(Boolean) as ColumnStats['type'][];
  if (!kinds.length) return 'empty';
  return kinds.length === 1 ? kinds[0] : 'mixed';
}
