// A sheet's rows as the texts a person sees, streamed one row at a time: for writing a
// sheet out (CSV) without holding it. Rows without a shown cell are left out, as in
// sheetView.

import { type CellValue, cellValue, shownText } from './cellValue';
import { type ScannedCell, scanSheet } from './sheetScanner';
import type { XlsxWorkbook } from './workbook';

export interface ShownRow {
  row: number;
  /** Cells in column order, each with its 1-based column and its text. */
  cells: { col: number; text: string }[];
}

/** A cell is shown when it has a value or a formula (an empty formula cell shows the formula). */
function isShown(cell: ScannedCell, value: CellValue): boolean {
  return value.kind !== 'empty' || !!cell.formula;
}

export async function* shownRows(wb: XlsxWorkbook, sheet?: string): AsyncGenerator<ShownRow> {
  const info = wb.sheet(sheet);
  const shared = await wb.sharedStrings();
  for await (const row of scanSheet(wb, info.entry).rows) {
    const cells: ShownRow['cells'] = [];
    for (const c of row.cells) {
      const v = cellValue(c, wb, shared);
      if (!isShown(c, v)) continue;
      cells.push({ col: c.col, text: shownText(c, v, wb) });
    }
    if (cells.length) yield { row: row.row, cells };
  }
}

/**
 * The first and last column holding a shown cell, and how many rows have one. The same
 * cells as shownRows, without formatting their text: per row, its first and last shown cell.
 */
export async function shownExtent(wb: XlsxWorkbook, sheet?: string): Promise<{ left: number; right: number; rows: number }> {
  const info = wb.sheet(sheet);
  const shared = await wb.sharedStrings();
  let left = Infinity;
  let right = 0;
  let rows = 0;
  for await (const row of scanSheet(wb, info.entry).rows) {
    let first: number | undefined;
    let last = 0;
    for (const c of row.cells) {
      if (!isShown(c, cellValue(c, wb, shared))) continue;
      first ??= c.col;
      last = c.col;
    }
    if (first === undefined) continue;
    rows++;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return rows ? { left, right, rows } : { left: 1, right: 1, rows };
}
