// Where the preview's rows come from: a workbook's worksheets, streamed row by row
// with every cell formatted as the spreadsheet shows it (the engine's number formats,
// shared strings, dates), or a CSV/TSV file decoded and parsed as one sheet. Both give
// the same shape: the sheet tabs, then per sheet a layout and an async stream of rows.

import { decodeCsv, parseCsv } from '../../documents/csv';
import { DocumentError } from '../../documents/ooxml';
import { cellText, cellValue, scanSheet, XlsxWorkbook, type SheetLayout } from '../../documents/xlsx';
import type { GridCell, GridKind, GridLayout, GridRow, SheetTab } from '../../shared/sheetPreviewProtocol';

export type StreamLayout = Omit<GridLayout, 'scannedRows' | 'complete'> & {
  /** The extent the sheet declares (its dimension element), shown until the rows are all read. */
  declared?: { rows: number; cols: number };
};

export interface SheetStream {
  /** Filled as the stream reaches it (frozen panes and widths first, merges last). */
  layout(): StreamLayout;
  rows: AsyncIterable<GridRow>;
}

export interface GridSource {
  format: 'xlsx' | 'csv';
  sheets: SheetTab[];
  /** The sheet shown first: the first visible worksheet. */
  active: number;
  note?: string;
  open(sheet: number): SheetStream;
}

/** A CSV larger than this is not previewed (it is read whole; the text editor still opens it). */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

export function openGridSource(bytes: Uint8Array, fileName: string): GridSource {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ext === 'csv' || ext === 'tsv' ? csvSource(bytes, fileName, ext) : workbookSource(bytes);
}

const KIND: Record<string, GridKind> = { number: 'n', date: 'n', text: 't', bool: 'b', error: 'e' };

function workbookSource(bytes: Uint8Array): GridSource {
  const wb = XlsxWorkbook.open(bytes);
  const sheets: SheetTab[] = wb.sheets.map((s) => ({ name: s.name, kind: s.kind, hidden: s.state !== 'visible' }));
  const active = Math.max(0, wb.sheets.findIndex((s) => s.kind === 'worksheet' && s.entry && s.state === 'visible'));
  return {
    format: 'xlsx',
    sheets,
    active,
    open(index) {
      const info = wb.sheets[index];
      if (!info) throw new DocumentError('INVALID_ARGUMENT', `the workbook has no sheet number ${index + 1}`);
      if (!info.entry) {
        const what = info.kind === 'chartsheet' ? 'a chart sheet' : 'not a worksheet';
        throw new DocumentError('UNSUPPORTED', `"${info.name}" is ${what}; the preview shows the cells of worksheets`);
      }
      const scan = scanSheet(wb, info.entry);
      let lastRow = 0;
      let lastCol = 0;
      const rows = async function* (): AsyncGenerator<GridRow> {
        const shared = await wb.sharedStrings();
        for await (const row of scan.rows) {
          const cells: GridCell[] = [];
          for (const c of row.cells) {
            const v = cellValue(c, wb, shared);
            if (v.kind === 'empty' && !c.formula) continue;
            // A formula never calculated (no cached result) shows as its formula, as Excel would before recalculating.
            const text = v.kind === 'empty' ? '=' + c.formula : cellText(c, v, wb);
            const cell: GridCell = [c.col, text, v.kind === 'empty' ? 't' : KIND[v.kind]];
            if (c.formula) cell.push('=' + c.formula);
            cells.push(cell);
            if (c.col > lastCol) lastCol = c.col;
          }
          if (!cells.length) continue;
          lastRow = row.row;
          yield { r: row.row, c: cells };
        }
      };
      return { rows: rows(), layout: () => workbookLayout(scan.layout, lastRow, lastCol) };
    },
  };
}

function workbookLayout(l: SheetLayout, lastRow: number, lastCol: number): StreamLayout {
  const frozenRows = l.frozen?.rows ?? 0;
  const frozenCols = l.frozen?.cols ?? 0;
  let mergeRow = 0;
  let mergeCol = 0;
  for (const m of l.merges) {
    mergeRow = Math.max(mergeRow, m.bottom);
    mergeCol = Math.max(mergeCol, m.right);
  }
  return {
    lastRow: Math.max(lastRow, mergeRow, frozenRows, 1),
    lastCol: Math.max(lastCol, mergeCol, frozenCols, 1),
    frozenRows,
    frozenCols,
    columns: l.columns.filter((c) => c.min >= 1 && c.max >= c.min).map((c) => [c.min, Math.min(c.max, 16384), c.width ?? 0, c.hidden]),
    merges: l.merges.map((m) => ({ top: m.top, left: m.left, bottom: m.bottom, right: m.right })),
    ...(l.dimension ? { declared: { rows: l.dimension.bottom, cols: l.dimension.right } } : {}),
  };
}

const NUMERIC = /^\s*[-+(]?[$€£¥]?\s?\d[\d,.\s]*%?\)?\s*$/;

function csvSource(bytes: Uint8Array, fileName: string, ext: string): GridSource {
  if (bytes.length > MAX_CSV_BYTES) {
    throw new DocumentError('LIMIT_EXCEEDED', `the file is ${Math.round(bytes.length / 1048576)} MiB; the preview reads CSV files up to ${MAX_CSV_BYTES / 1048576} MiB (Open With > Text Editor still works)`);
  }
  const decoded = decodeCsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const parsed = parseCsv(decoded.text, ext === 'tsv' ? '\t' : undefined);
  const notes: string[] = [];
  if (decoded.encoding === 'mixed' || decoded.encoding === 'windows-1252') {
    notes.push(`${decoded.legacyLineCount} line(s) read as Windows-1252 (first: line ${decoded.legacyLines[0]})`);
  }
  if (parsed.raggedCount) notes.push(`${parsed.raggedCount} row(s) have a different number of fields (first: row ${parsed.raggedRows[0]})`);
  if (parsed.truncated) notes.push('the file has more rows than the preview reads; the rest is not shown');
  const name = fileName.replace(/\.[^.]+$/, '') || fileName;
  let lastCol = 0;
  return {
    format: 'csv',
    sheets: [{ name, kind: 'worksheet', hidden: false }],
    active: 0,
    ...(notes.length ? { note: notes.join('; ') } : {}),
    open(index) {
      if (index !== 0) throw new DocumentError('INVALID_ARGUMENT', 'a CSV file has one sheet');
      const rows = async function* (): AsyncGenerator<GridRow> {
        for (let i = 0; i < parsed.rows.length; i++) {
          const fields = parsed.rows[i];
          const cells: GridCell[] = [];
          for (let j = 0; j < fields.length; j++) {
            if (fields[j] === '') continue;
            cells.push([j + 1, fields[j], NUMERIC.test(fields[j]) ? 'n' : 't']);
          }
          lastCol = Math.max(lastCol, fields.length);
          if (cells.length) yield { r: i + 1, c: cells };
        }
      };
      return {
        rows: rows(),
        layout: () => ({ lastRow: Math.max(parsed.rows.length, 1), lastCol: Math.max(lastCol, 1), frozenRows: 0, frozenCols: 0, columns: [], merges: [] }),
      };
    },
  };
}
