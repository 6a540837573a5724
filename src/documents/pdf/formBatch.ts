// One filled form per row of a CSV: the header names the fields, each row is a fill
// map (an empty cell leaves that field as the blank form has it; a list takes several
// options separated by `;`). Every row is filled and checked before any file is handed
// back, so a bad row 37 is reported (with its row number) before anything is written.

import { decodeCsv, parseCsv } from '../csv';
import { DocumentError } from '../ooxml/documentError';
import { fillDocument, type FillData } from './formFill';
import { listFields } from './formFields';
import type { OutputEncryption } from './pdfEncryption';
import { guardPdfLib, openPdfLib, savePdf, type PdfWriteOptions } from './pdfLib';

export interface BatchRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  values: FillData;
}

export interface BatchOptions extends PdfWriteOptions {
  flatten?: boolean;
  maxRows?: number;
}

export interface BatchOutput {
  row: number;
  data: Buffer;
  encryption?: OutputEncryption;
}

/** The rows of a CSV as fill maps, keyed by the header. */
export function csvFillRows(csv: Buffer, maxRows = 10_000): { header: string[]; rows: BatchRow[] } {
  const parsed = parseCsv(decodeCsv(csv).text, undefined, { maxRows: maxRows + 1 });
  const [header, ...body] = parsed.rows;
  if (!header || header.every((h) => h.trim() === '')) throw new DocumentError('INVALID_ARGUMENT', 'the CSV has no header row naming the fields');
  if (parsed.truncated) throw new DocumentError('LIMIT_EXCEEDED', `the CSV has more than ${maxRows} rows`);
  const names = header.map((h) => h.trim());
  const rows: BatchRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const values: FillData = {};
    names.forEach((n, k) => {
      const cell = (cells[k] ?? '').trim();
      if (n !== '' && cell !== '') values[n] = cell;
    });
    rows.push({ row: i + 1, values });
  });
  return { header: names, rows };
}

/** Fills the form once per row; returns the bytes per row, in order, or throws naming every bad row. */
export function batchFill(form: Uint8Array, rows: BatchRow[], opts: BatchOptions = {}): Promise<BatchOutput[]> {
  return guardPdfLib(() => fillRows(form, rows, opts));
}

async function fillRows(form: Uint8Array, rows: BatchRow[], opts: BatchOptions): Promise<BatchOutput[]> {
  const first = await openPdfLib(form, { password: opts.password });
  const fields = new Map(listFields(first).map((f) => [f.name, f]));
  const out: BatchOutput[] = [];
  const problems: string[] = [];
  for (const r of rows) {
    const values: FillData = {};
    for (const [k, v] of Object.entries(r.values)) {
      // A cell naming several options of a list field is split at `;`.
      const f = fields.get(k);
      values[k] = f && (f.type === 'list' || f.multiSelect) && typeof v === 'string' ? v.split(';').map((s) => s.trim()).filter(Boolean) : v;
    }
    try {
      const doc = out.length === 0 && problems.length === 0 ? first : await openPdfLib(form, { password: opts.password });
      await fillDocument(doc, values, { flatten: opts.flatten });
      out.push({ row: r.row, ...(await savePdf(doc, { encryption: opts.encryption })) });
    } catch (err) {
      if (!(err instanceof DocumentError) || err.code !== 'INVALID_ARGUMENT') throw err;
      problems.push(`row ${r.row}: ${err.message.replace(/, nothing was written:/, ':')}`);
    }
  }
  if (problems.length) throw new DocumentError('INVALID_ARGUMENT', `${problems.length} of ${rows.length} rows do not fit the form, no file was written:\n${problems.join('\n')}`);
  return out;
}
