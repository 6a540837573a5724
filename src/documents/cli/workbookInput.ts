// Reading the inputs of the workbook commands: a workbook (with its file name in every
// error) or a CSV table; JSON files and async engine calls go through docCommand.ts.

import * as fs from 'node:fs';
import { csvTable, type CsvTable } from '../csv';
import { DocumentError } from '../ooxml';
import { XlsxWorkbook } from '../xlsx';
import { readInput, withFile } from './docCommand';

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
  try {
    if (fs.statSync(file).isDirectory()) throw new DocumentError('NOT_FOUND', `${file}: is a folder, not a document`);
    return withFile(file, () => XlsxWorkbook.openFile(file));
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocumentError('NOT_FOUND', `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
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
