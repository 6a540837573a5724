// The PDF engine for code that is loaded whether or not a PDF ever comes (the `cowork doc`
// command table, the agent's file reader): the same functions as ./index, but the engine
// behind them, and with it pdf-lib, is loaded on the first call. A bundle that reaches the
// PDF code only through here runs none of it for a workbook or a deck, and never reads the
// library files the build puts beside it (scripts/engineFiles.cjs). Import values from
// here, types from ./index.

import { DocumentError } from '../ooxml/documentError';
import type * as Pdf from './index';

type Engine = typeof Pdf;

let engine: Promise<Engine> | undefined;

/** The whole engine, loaded once. */
export function loadPdfEngine(): Promise<Engine> {
  // require, not import(): run from source (tsx, the tests) a dynamic import goes to Node's
  // ESM loader, which does not find .ts files; bundled, esbuild makes either a lazy require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= Promise.resolve().then(() => require('./index') as Engine);
  return engine;
}

type AsyncName = { [K in keyof Engine]: Engine[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof Engine];

/** `name` of the engine, as a function that loads the engine first. */
function onFirstCall<K extends AsyncName>(name: K): Engine[K] {
  const call = async (...args: unknown[]) => {
    try {
      return await ((await loadPdfEngine())[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      throw missingEngineFile(err) ?? err;
    }
  };
  return call as Engine[K];
}

/** A library file the build puts beside the bundle that is not there (a broken install), said plainly. */
function missingEngineFile(err: unknown): DocumentError | undefined {
  const e = err as NodeJS.ErrnoException;
  const file = e?.code === 'MODULE_NOT_FOUND' ? /Cannot find module '\.\/(engine-[\w-]+\.js)'/.exec(e.message ?? '')?.[1] : undefined;
  if (!file) return undefined;
  return new DocumentError('NOT_FOUND', `the PDF engine is incomplete: ${file} is missing from the program's folder (reinstall, or run npm run build)`);
}

// Reading (pdf.js, which pdfjs.ts itself loads on first use).
export const pdfText = onFirstCall('pdfText');
export const pdfInfo = onFirstCall('pdfInfo');
export const pdfTables = onFirstCall('pdfTables');
export { formatPdfText } from './pdfText';
export { looksLikePdf } from './pdfjs';

// Writing (pdf-lib).
export const pdfFields = onFirstCall('pdfFields');
export const fillPdf = onFirstCall('fillPdf');
export const batchFill = onFirstCall('batchFill');
export const placeText = onFirstCall('placeText');
export const createPdf = onFirstCall('createPdf');
export const mergePdfs = onFirstCall('mergePdfs');
export const splitPdf = onFirstCall('splitPdf');
export const extractPages = onFirstCall('extractPages');
export const rotatePages = onFirstCall('rotatePages');
export const reorderPages = onFirstCall('reorderPages');

/** The rows of a CSV for `fill --csv` (it lives beside the form filler, so it waits for the engine too). */
export async function csvFillRows(...args: Parameters<Engine['csvFillRows']>): Promise<ReturnType<Engine['csvFillRows']>> {
  const engine = await loadPdfEngine().catch((err: unknown) => {
    throw missingEngineFile(err) ?? err;
  });
  return engine.csvFillRows(...args);
}
