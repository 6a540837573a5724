// A1 references: column letters <-> numbers, "B7" <-> {row, col}, ranges "A1:H40".
// Rows and columns are 1-based, as in the file format. Excel's grid is
// 1,048,576 rows by 16,384 columns (XFD).

import { DocumentError } from '../ooxml';

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export interface CellAddress {
  row: number;
  col: number;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Column number of letters ("A" = 1, "AB" = 28); NaN when not letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i) & ~32; // upper-case
    if (c < 65 || c > 90) return NaN;
    n = n * 26 + (c - 64);
  }
  return letters.length ? n : NaN;
}

export function cellName(row: number, col: number): string {
  return columnName(col) + row;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function parseCell(ref: string): CellAddress | undefined {
  const m = CELL_RE.exec(ref.trim());
  if (!m) return undefined;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  if (!(col >= 1 && col <= MAX_COLS && row >= 1 && row <= MAX_ROWS)) return undefined;
  return { row, col };
}

/** "A1:H40", "B7" (one cell), "A:C" (whole columns), "3:9" (whole rows). */
export function parseRange(ref: string): CellRange | undefined {
  const parts = ref.trim().split(':');
  if (parts.length === 1) {
    const c = parseCell(parts[0]);
    return c && { top: c.row, left: c.col, bottom: c.row, right: c.col };
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts.map((p) => p.replace(/\$/g, ''));
  if (/^[A-Za-z]{1,3}$/.test(a) && /^[A-Za-z]{1,3}$/.test(b)) {
    const l = columnNumber(a);
    const r = columnNumber(b);
    return { top: 1, bottom: MAX_ROWS, left: Math.min(l, r), right: Math.max(l, r) };
  }
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    return { top: Math.min(+a, +b), bottom: Math.max(+a, +b), left: 1, right: MAX_COLS };
  }
  const s = parseCell(a);
  const e = parseCell(b);
  if (!s || !e) return undefined;
  return { top: Math.min(s.row, e.row), left: Math.min(s.col, e.col), bottom: Math.max(s.row, e.row), right: Math.max(s.col, e.col) };
}

export function requireRange(ref: string): CellRange {
  const r = parseRange(ref);
  if (!r) throw new DocumentError('INVALID_ARGUMENT', `"${ref}" is not a cell range (expected something like A1:H40)`);
  return r;
}

export function rangeName(r: CellRange): string {
  const a = cellName(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellName(r.bottom, r.right)}`;
}

export function inRange(r: CellRange, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}
