// Tables from text positions (no ruling lines needed): rows of text cut into cells at
// gaps wider than a font size; runs of consecutive rows with two or more cells, close
// together, form a table; its columns are the gaps in the horizontal projection of all
// its cells (a right-aligned amount overlaps the other amounts of its column, so amounts
// line up). Each cell goes to the column its centre falls in. Good for invoices,
// statements and receipts; see docs/documents.md for where it fails.

import { PDF_LIMITS } from './pdfLimits';
import { openPdfJs, withTimeout } from './pdfjs';
import { selectPages } from './pdfText';
import { pageFragments } from './textItems';
import { groupRows, rowSegments, type Segment } from './textLines';

export interface PdfTable {
  page: number;
  /** [x0, top, x1, bottom] in points from the top-left of the page as shown. */
  bbox: [number, number, number, number];
  columns: number;
  rows: string[][];
}

interface TextRow {
  y: number;
  size: number;
  cells: Segment[];
}

function columnsOf(rows: TextRow[]): [number, number][] {
  const spans = rows.flatMap((r) => r.cells.map((c) => [c.x0, c.x1] as [number, number])).sort((a, b) => a[0] - b[0]);
  const cols: [number, number][] = [];
  for (const s of spans) {
    const last = cols[cols.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else cols.push([s[0], s[1]]);
  }
  return cols;
}

function toTable(page: number, rows: TextRow[]): PdfTable | undefined {
  const cols = columnsOf(rows);
  if (cols.length < 2) return undefined;
  const grid = rows.map((r) => {
    const cells: string[] = Array(cols.length).fill('');
    for (const c of r.cells) {
      const mid = (c.x0 + c.x1) / 2;
      let k = cols.findIndex((col) => mid >= col[0] - 1 && mid <= col[1] + 1);
      if (k < 0) k = cols.findIndex((col) => c.x0 <= col[1]);
      if (k < 0) k = cols.length - 1;
      cells[k] = cells[k] ? `${cells[k]} ${c.text}` : c.text;
    }
    return cells;
  });
  // Columns of running prose share baselines too; a table has at least one column of short cells.
  const avg = (k: number) => grid.reduce((n, row) => n + row[k].length, 0) / grid.length;
  if (cols.every((_, k) => avg(k) > 25)) return undefined;
  const top = Math.min(...rows.map((r) => r.y - r.size));
  const bottom = Math.max(...rows.map((r) => r.y));
  const round = (n: number) => Math.round(n * 10) / 10;
  return { page, bbox: [round(cols[0][0]), round(top), round(cols[cols.length - 1][1]), round(bottom)], columns: cols.length, rows: grid };
}

/** The tables of one page's rows: runs of multi-cell rows, each at most 2.5 lines below the last. */
export function findTables(page: number, textRows: TextRow[]): PdfTable[] {
  const tables: PdfTable[] = [];
  let run: TextRow[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const t = toTable(page, run);
      if (t) tables.push(t);
    }
    run = [];
  };
  for (const r of textRows) {
    const prev = run[run.length - 1];
    if (r.cells.length < 2 || (prev && r.y - prev.y > Math.max(prev.size, r.size) * 2.5)) flush();
    if (r.cells.length >= 2) run.push(r);
  }
  flush();
  return tables;
}

export async function pdfTables(data: Uint8Array, opts: { pages?: string; password?: string } = {}): Promise<{ pageCount: number; tables: PdfTable[]; warnings: string[] }> {
  const doc = await openPdfJs(data, opts);
  const warnings: string[] = [];
  try {
    const tables: PdfTable[] = [];
    for (const n of selectPages(opts.pages, doc.numPages)) {
      const page = await withTimeout(doc.getPage(n), PDF_LIMITS.pageTimeoutMs, `reading page ${n}`);
      try {
        const text = await withTimeout(pageFragments(page, PDF_LIMITS.maxItemsPerPage), PDF_LIMITS.pageTimeoutMs, `reading the text of page ${n}`);
        if (!text.fragments.some((f) => f.text.trim() !== '')) warnings.push(`page ${n} has no text layer: no tables can be found from text positions there`);
        const rows = groupRows(text.fragments)
          .filter((r) => r.y !== Number.MAX_SAFE_INTEGER)
          .map((r) => ({ y: r.y, size: r.size, cells: rowSegments(r, 1.0) }));
        tables.push(...findTables(n, rows));
      } finally {
        page.cleanup();
      }
    }
    return { pageCount: doc.numPages, tables, warnings };
  } finally {
    await doc.destroy();
  }
}
