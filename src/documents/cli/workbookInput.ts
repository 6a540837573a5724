// Reading the inputs of the workbook commands: a workbook (with its file name in every
// error), a CSV table, or a JSON file ("-" reads stdin).

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

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : readInput(file).toString('utf8');
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError('NOT_FOUND', `${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DocumentError('INVALID_ARGUMENT', `${file}: not valid JSON (${(err as Error).message})`);
  }
}

export function delimiterFlag(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v === '\\t' || v.toLowerCase() === 'tab' ? '\t' : v;
}

/** withFile for async bodies: a DocumentError about the input names `file`. */
export async function withFileAsync<T>(file: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof DocumentError && !err.message.startsWith(`${file}:`)) throw err.withFile(file);
    throw err;
  }
}
