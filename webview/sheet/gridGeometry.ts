// Where rows and columns sit in the grid: fixed-height rows, columns as wide as the
// sheet says (Excel's character units to pixels), hidden columns of no width, and the
// frozen rows and columns that stay put while the rest scrolls.

import type { GridLayout } from '../../src/shared/sheetPreviewProtocol';

export const ROW_H = 22;
export const HEADER_H = 22;
/** Excel's default column width is 8.43 characters: 64 px at 100%. */
const DEFAULT_COL_PX = 64;

/** Excel's column width (characters of the default font) in pixels. */
function widthPx(chars: number): number {
  return chars > 0 ? Math.max(8, Math.trunc(chars * 7 + 5)) : DEFAULT_COL_PX;
}

export class GridGeometry {
  /** x[c] is the left edge of column c (1-based) inside the cell area; x[lastCol + 1] the right edge. */
  private readonly x: Float64Array;
  readonly rowHeaderW: number;

  constructor(readonly layout: GridLayout) {
    const cols = layout.lastCol;
    const widths = new Float64Array(cols + 2).fill(DEFAULT_COL_PX);
    for (const [min, max, w, hidden] of layout.columns) {
      for (let c = min; c <= Math.min(max, cols); c++) widths[c] = hidden ? 0 : widthPx(w);
    }
    this.x = new Float64Array(cols + 2);
    for (let c = 1; c <= cols + 1; c++) this.x[c] = c === 1 ? 0 : this.x[c - 1] + widths[c - 1];
    this.rowHeaderW = Math.max(36, 10 + 8 * String(layout.lastRow).length);
  }

  get lastRow(): number {
    return this.layout.lastRow;
  }
  get lastCol(): number {
    return this.layout.lastCol;
  }
  get frozenRows(): number {
    return Math.min(this.layout.frozenRows, this.lastRow);
  }
  get frozenCols(): number {
    return Math.min(this.layout.frozenCols, this.lastCol);
  }

  colLeft(c: number): number {
    return this.x[c];
  }
  colWidth(c: number): number {
    return this.x[c + 1] - this.x[c];
  }
  /** Left edge of columns start..end spanned (merged cells). */
  spanWidth(start: number, end: number): number {
    return this.x[Math.min(end, this.lastCol) + 1] - this.x[start];
  }

  /** The whole scrollable extent, headers included. */
  get totalWidth(): number {
    return this.rowHeaderW + this.x[this.lastCol + 1];
  }
  get totalHeight(): number {
    return HEADER_H + this.lastRow * ROW_H;
  }

  /** Width and height of the frozen band (cells only). */
  get frozenW(): number {
    return this.x[this.frozenCols + 1];
  }
  get frozenH(): number {
    return this.frozenRows * ROW_H;
  }

  /** The scrolling rows visible at scrollTop in a viewport `height` tall. */
  visibleRows(scrollTop: number, height: number): [number, number] {
    const first = this.frozenRows + 1 + Math.floor(scrollTop / ROW_H);
    const shown = Math.ceil((height - HEADER_H - this.frozenH) / ROW_H) + 1;
    return [Math.min(first, this.lastRow), Math.min(this.lastRow, first + Math.max(shown, 1))];
  }

  /** The scrolling columns visible at scrollLeft in a viewport `width` wide. */
  visibleCols(scrollLeft: number, width: number): [number, number] {
    const startX = scrollLeft + this.frozenW;
    const endX = startX + width - this.rowHeaderW - this.frozenW;
    let c = this.colAt(startX);
    c = Math.max(c, this.frozenCols + 1);
    let e = this.colAt(endX);
    e = Math.max(c, Math.min(e, this.lastCol));
    return [Math.min(c, this.lastCol), e];
  }

  /** The column whose extent holds x (cell-area coordinates). */
  colAt(x: number): number {
    let lo = 1;
    let hi = this.lastCol;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.x[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The scroll position that brings cell (r, c) fully into a viewport of the given size. */
  scrollFor(r: number, c: number, cur: { top: number; left: number }, view: { width: number; height: number }): { top: number; left: number } {
    let { top, left } = cur;
    // Going to the first row or column (Ctrl+Home, Ctrl+Up) shows the top or the left edge, frozen or not.
    if (r === 1) top = 0;
    if (c === 1) left = 0;
    if (r > this.frozenRows) {
      const y = (r - 1 - this.frozenRows) * ROW_H; // scrollTop at which row r sits right under the frozen band
      const room = view.height - HEADER_H - this.frozenH - ROW_H;
      if (y < top) top = y;
      else if (y > top + room) top = y - room;
    }
    if (c > this.frozenCols) {
      const x = this.x[c] - this.frozenW;
      const room = view.width - this.rowHeaderW - this.frozenW - this.colWidth(c);
      if (x < left) left = x;
      else if (x > left + room) left = x - Math.max(room, 0);
    }
    return { top: Math.max(0, top), left: Math.max(0, left) };
  }
}

export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
