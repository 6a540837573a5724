// A sheet's rows as the texts a person sees, streamed one row at a time: for writing a
// sheet out (CSV) without holding it. Rows without a shown cell are left out, as in
// sheetView.

import { cellValue, shownText } from './cellValue';
import { scanSheet } from './sheetScanner';
import type { XlsxWorkbook } from './workbook';

export interface ShownRow {
  row: number;
  /** Cells in column order, each with its 1-based column and its text. */
  cells: { col: number; text: string }[];
}

export async function* shownRows(wb: XlsxWorkbook, sheet?: string): AsyncGenerator<ShownRow> {
  const info = wb.sheet(sheet);
  const shared = await wb.sharedStrings();
  for await (const row of scanSheet(wb, info.entry).rows) {
    const cells: ShownRow['cells'] = [];
    for (const c of row.cells) {
      const v = cellValue(c, wb, shared);
      if (v.kind === 'empty' && !c.formula) continue;
      cells.push({ col: c.col, text: shownText(c, v, wb) });
    }
    if (cells.length) yield { row: row.row, cells };
  }
}

/** The first and last column holding a shown cell, and how many rows have one. */
export async function shownExtent(wb: XlsxWorkbook, sheet?: string): Promise<{ left: number; right: number; rows: number }> {
  let left = Infinity;
  let right = 0;
  let rows = 0;
  for await (const r of shownRows(wb, sheet)) {
    rows++;
    if (r.cells[0].col < left) left = r.cells[0].col;
    const last = r.cells[r.cells.length - 1].col;
    if (last > right) right = last;
  }
  return rows ? { left, right, rows } : { left: 1, right: 1, rows };
}
