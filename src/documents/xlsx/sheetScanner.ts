// Scans a worksheet part row by row without building a tree: cells with their type,
// raw value, style and formula (shared formulas expanded for each cell), plus what the
// sheet says before and after its rows (dimension, frozen panes, column widths, merged
// cells). Memory stays bounded by one row, whatever the number of rows.

import { DocumentError } from '../ooxml';
import { MAX_COLS, MAX_ROWS, parseCell, parseRange, type CellRange } from './cellRef';
import { translateFormula } from './formulaRefs';
import { decodeEntities, decodeOoxmlEscapes, partChunks, scanElements, startTagAttrs } from './partStream';
import { stringItemText } from './sharedStrings';
import type { XlsxWorkbook } from './workbook';

export type CellType = 'n' | 's' | 'str' | 'inlineStr' | 'b' | 'e' | 'd';

export interface ScannedCell {
  row: number;
  col: number;
  type: CellType;
  /** The <v> text (shared string index for type s), or the inline string. */
  raw?: string;
  style: number;
  formula?: string;
  /** The formula is an array formula (CSE) or a data table. */
  formulaKind?: 'array' | 'dataTable';
}

export interface ScannedRow {
  row: number;
  cells: ScannedCell[];
  hidden: boolean;
}

export interface SheetLayout {
  dimension?: CellRange;
  frozen?: { rows: number; cols: number; topLeft?: string };
  columns: { min: number; max: number; width?: number; hidden: boolean }[];
  merges: CellRange[];
  hasAutoFilter: boolean;
}

const CELL_RE = /<(?:\w+:)?c(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const V_RE = /<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?v>/;
const F_RE = /<(?:\w+:)?f(\s[^>]*?)?(?:\/>|>([^<]*)<\/(?:\w+:)?f>)/;
const IS_RE = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;
const A_RE = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  A_RE.lastIndex = 0;
  for (let m = A_RE.exec(s); m; m = A_RE.exec(s)) out[m[1]] = m[2] ?? m[3];
  return out;
}

export interface ScanHandle {
  rows: AsyncGenerator<ScannedRow>;
  /** Filled as the scan reaches the parts before and after the rows. */
  layout: SheetLayout;
}

export function scanSheet(wb: XlsxWorkbook, entry: string): ScanHandle {
  const layout: SheetLayout = { columns: [], merges: [], hasAutoFilter: false };
  const rows = scanRows(wb, entry, layout);
  return { rows, layout };
}

async function* scanRows(wb: XlsxWorkbook, entry: string, layout: SheetLayout): AsyncGenerator<ScannedRow> {
  const shared = new Map<string, { formula: string; row: number; col: number }>();
  let lastRow = 0;
  const elements = scanElements(partChunks(wb.pkg, entry), 'row', {
    part: entry,
    onHead: (head) => readHead(head, layout, entry),
    onTail: (tail) => readTail(tail, layout),
  });
  for await (const rowXml of elements) {
    const ra = startTagAttrs(rowXml, entry);
    const r = ra.r !== undefined ? Number(ra.r) : lastRow + 1;
    if (!(r >= 1 && r <= MAX_ROWS) || !Number.isInteger(r)) throw new DocumentError('CORRUPT', `${entry}: row number ${ra.r} is outside the sheet`, entry);
    lastRow = r;
    const cells: ScannedCell[] = [];
    const gt = rowXml.indexOf('>');
    if (rowXml[gt - 1] !== '/') {
      let lastCol = 0;
      CELL_RE.lastIndex = gt + 1;
      for (let m = CELL_RE.exec(rowXml); m; m = CELL_RE.exec(rowXml)) {
        const a = attrsOf(m[1]);
        let col: number;
        if (a.r) {
          const addr = parseCell(a.r);
          if (!addr) throw new DocumentError('CORRUPT', `${entry}: bad cell reference "${a.r}" in row ${r}`, entry);
          col = addr.col;
        } else col = lastCol + 1;
        if (col > MAX_COLS) throw new DocumentError('CORRUPT', `${entry}: a cell lies beyond column XFD in row ${r}`, entry);
        lastCol = col;
        const body = m[2] ?? '';
        const type = (a.t ?? 'n') as CellType;
        const cell: ScannedCell = { row: r, col, type, style: a.s ? Number(a.s) : 0 };
        if (type === 'inlineStr') {
          const is = IS_RE.exec(body);
          if (is) cell.raw = stringItemText(is[1], entry);
        } else {
          const v = V_RE.exec(body);
          if (v) cell.raw = decodeOoxmlEscapes(decodeEntities(v[1], entry));
        }
        const f = body ? F_RE.exec(body) : null;
        if (f) {
          const fa = attrsOf(f[1] ?? '');
          const text = f[2] !== undefined ? decodeEntities(f[2], entry) : '';
          if (fa.t === 'shared' && fa.si !== undefined) {
            if (text) {
              shared.set(fa.si, { formula: text, row: r, col });
              cell.formula = text;
            } else {
              const master = shared.get(fa.si);
              if (master) cell.formula = translateFormula(master.formula, r - master.row, col - master.col);
            }
          } else if (text) cell.formula = text;
          if (fa.t === 'array') cell.formulaKind = 'array';
          if (fa.t === 'dataTable') cell.formulaKind = 'dataTable';
        }
        if (cell.raw === undefined && cell.formula === undefined && type !== 'inlineStr') {
          // A styled empty cell: keep it only for its style (the grid shows nothing).
          if (!a.s) continue;
        }
        cells.push(cell);
      }
    }
    yield { row: r, cells, hidden: ra.hidden === '1' || ra.hidden === 'true' };
  }
}

function readHead(head: string, layout: SheetLayout, entry: string): void {
  const dim = /<(?:\w+:)?dimension\s[^>]*ref="([^"]+)"/.exec(head);
  if (dim) layout.dimension = parseRange(dim[1]);
  const pane = /<(?:\w+:)?pane\s([^>]*)\/?>/.exec(head);
  if (pane) {
    const a = attrsOf(pane[1]);
    if (a.state === 'frozen' || a.state === 'frozenSplit') {
      layout.frozen = { rows: Number(a.ySplit ?? 0), cols: Number(a.xSplit ?? 0), ...(a.topLeftCell ? { topLeft: a.topLeftCell } : {}) };
    }
  }
  const colRe = /<(?:\w+:)?col\s([^>]*)\/?>/g;
  for (let m = colRe.exec(head); m; m = colRe.exec(head)) {
    const a = attrsOf(m[1]);
    layout.columns.push({ min: Number(a.min), max: Number(a.max), ...(a.width ? { width: Number(a.width) } : {}), hidden: a.hidden === '1' || a.hidden === 'true' });
  }
  void entry;
}

function readTail(tail: string, layout: SheetLayout): void {
  const re = /<(?:\w+:)?mergeCell\s[^>]*ref="([^"]+)"/g;
  for (let m = re.exec(tail); m; m = re.exec(tail)) {
    const r = parseRange(m[1]);
    if (r) layout.merges.push(r);
  }
  layout.hasAutoFilter = /<(?:\w+:)?autoFilter[\s>]/.test(tail);
}
