// Reading the inputs of the workbook commands: a workbook (with its file name in every
// error) or a CSV table; JSON files and async engine calls go through docCommand.ts.

import { csvTable, type CsvTable } from '../csv';
import { XlsxWorkbook } from '../xlsx';
import { openInput, readInput, withFile } from './docCommand';

export const CSV_EXT = /\.(csv|tsv|txt)$/i;

export function openWorkbook(file: string): { wb: XlsxWorkbook; data: Buffer } {
  const data = readInput(file);
  return { wb: withFile(file, () => XlsxWorkbook.open(data)), data };
}

/**
 * Opens a workbook for reading only, from the file by range (its parts are read when
 * needed, a sheet streamed as it is scanned): for show and convert. The caller closes it.
 */
export function openWorkbookForReading(file: string): XlsxWorkbook {
  return openInput(file, () => withFile(file, () => XlsxWorkbook.openFile(file)));
}

export function readCsvTable(file: string, opts: { delimiter?: string; header?: boolean } = {}): CsvTable {
  const data = readInput(file);
  const delimiter = opts.delimiter ?? (/\.tsv$/i.test(file) ? '\t' : undefined);
  return withFile(file, () => csvTable(data, { ...opts, delimiter }));
}

export function delimiterFlag(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v === '\\t' || v.toLowerCase() === 'tab' ? '\t' : v;
}
