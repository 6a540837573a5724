// Page operations with pdf-lib: merge files, split into groups, extract a selection,
// rotate, reorder. Pages are copied whole (content, resources, annotations); the result
// is a new document, the inputs are never changed. Form fields on the copied pages come
// along and keep working (formCarry.ts); a top-level field name that an earlier input
// already used is renamed, and the result lists every rename.

import { degrees, PDFDocument } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';
import { parsePageGroups, parsePageRange } from './pageRange';
import { FormCarrier, type RenamedField } from './formCarry';
import type { OutputEncryption } from './pdfEncryption';
import { guardPdfLib, openPdfLib, savePdf, type PdfWriteOptions } from './pdfLib';

export interface PdfInput {
  data: Uint8Array;
  password?: string;
  /** For messages: the file the bytes came from. */
  name?: string;
}

export interface PagesResult {
  data: Buffer;
  pageCount: number;
  warnings: string[];
  /** Form fields in the output (terminal fields; 0 when it has no form). */
  fieldCount: number;
  /** Fields given a new name because an earlier input (or an earlier copy of the page) had one of that name. */
  renamedFields: RenamedField[];
  /** Set when an input was encrypted or encryption was asked for: what the output has. */
  encryption?: OutputEncryption;
}


/**
 * Pages `pages` (1-based, in that order) of `src` as a new document with their form fields.
 * A page chosen twice is copied once per round, so each copy has fields of its own.
 */
async function copyOut(src: PDFDocument, pages: number[], name = 'the PDF'): Promise<{ out: PDFDocument; carrier: FormCarrier }> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const carrier = new FormCarrier(out);
  const rounds: number[][] = [];
  const seen = new Map<number, number>();
  const slot = pages.map((p) => {
    const round = seen.get(p) ?? 0;
    seen.set(p, round + 1);
    (rounds[round] ??= []).push(p);
    return [round, rounds[round].length - 1] as const;
  });
  const copied = rounds.map((r) => carrier.copyPages(src, r.map((p) => p - 1), name));
  for (const [round, i] of slot) out.addPage(copied[round]![i]!);
  carrier.finish();
  const title = src.getTitle();
  if (title) out.setTitle(title);
  const author = src.getAuthor();
  if (author) out.setAuthor(author);
  return { out, carrier };
}

/** Fields a person can fill (terminal fields), without creating an empty form on a document that has none. */
function fieldCount(doc: PDFDocument): number {
  return doc.catalog.getAcroForm() ? doc.getForm().getFields().length : 0;
}

/** The output saved, encrypted as its sources were (or as asked). */
async function result(out: PDFDocument, sources: { doc: PDFDocument; name?: string }[], opts: PdfWriteOptions, carrier?: FormCarrier): Promise<PagesResult> {
  const saved = await savePdf(out, { sources, encryption: opts.encryption, updateFieldAppearances: false });
  return { ...saved, pageCount: out.getPageCount(), warnings: carrier?.warnings ?? [], fieldCount: fieldCount(out), renamedFields: carrier?.renamed ?? [] };
}

async function mergePdfsImpl(inputs: PdfInput[], opts: Pick<PdfWriteOptions, 'encryption'>): Promise<PagesResult> {
  if (inputs.length < 2) throw new DocumentError('INVALID_ARGUMENT', 'merge needs at least two PDFs');
  const out = await PDFDocument.create();
  const carrier = new FormCarrier(out);
  const sources: { doc: PDFDocument; name: string }[] = [];
  for (const [i, input] of inputs.entries()) {
    const name = input.name ?? `input ${i + 1}`;
    let src: PDFDocument;
    try {
      src = await openPdfLib(input.data, { password: input.password });
    } catch (err) {
      throw err instanceof DocumentError ? err.withFile(name) : err;
    }
    sources.push({ doc: src, name });
    for (const p of carrier.copyPages(src, src.getPageIndices(), name)) out.addPage(p);
  }
  carrier.finish();
  return result(out, sources, opts, carrier);
}

export interface SplitPart extends PagesResult {
  pages: number[];
}

/** One new document per group of pages (`"1-3,4-6"` or explicit groups); every page alone when no groups are given. */
async function splitPdfImpl(data: Uint8Array, groups?: string | number[][], opts: PdfWriteOptions = {}): Promise<SplitPart[]> {
  const src = await openPdfLib(data, opts);
  const count = src.getPageCount();
  const list = groups === undefined ? src.getPageIndices().map((i) => [i + 1]) : typeof groups === 'string' ? parsePageGroups(groups, count) : groups;
  const out: SplitPart[] = [];
  for (const g of list) {
    const { out: doc, carrier } = await copyOut(src, g);
    out.push({ pages: g, ...(await result(doc, [{ doc: src }], opts, carrier)) });
  }
  return out;
}

/** The selected pages, in the order given, as one new document. */
async function extractPagesImpl(data: Uint8Array, pages: string, opts: PdfWriteOptions = {}): Promise<PagesResult> {
  const src = await openPdfLib(data, opts);
  const sel = parsePageRange(pages, src.getPageCount());
  const { out, carrier } = await copyOut(src, sel);
  return result(out, [{ doc: src }], opts, carrier);
}

/** Every page once, in a new order (`"3,1,2"` or `"3-1"`); a page left out or named twice is an error. */
async function reorderPagesImpl(data: Uint8Array, order: string, opts: PdfWriteOptions = {}): Promise<PagesResult> {
  const src = await openPdfLib(data, opts);
  const count = src.getPageCount();
  const sel = parsePageRange(order, count);
  const seen = new Set<number>();
  const twice = sel.filter((p) => seen.has(p) || !seen.add(p));
  const missing = src.getPageIndices().map((i) => i + 1).filter((p) => !seen.has(p));
  if (twice.length || missing.length) {
    throw new DocumentError('INVALID_ARGUMENT', `a new order names every page once: ${[missing.length && `missing ${missing.join(', ')}`, twice.length && `named twice ${twice.join(', ')}`].filter(Boolean).join('; ')} (use extract for a selection)`);
  }
  const { out, carrier } = await copyOut(src, sel);
  return result(out, [{ doc: src }], opts, carrier);
}

/** Turns the selected pages (all when absent) clockwise by a multiple of 90 degrees. */
async function rotatePagesImpl(data: Uint8Array, by: number, pages?: string, opts: PdfWriteOptions = {}): Promise<PagesResult> {
  if (!Number.isInteger(by) || by % 90 !== 0) throw new DocumentError('INVALID_ARGUMENT', `rotation must be a multiple of 90 degrees, not ${by}`);
  const doc = await openPdfLib(data, opts);
  const sel = pages ? parsePageRange(pages, doc.getPageCount()) : doc.getPageIndices().map((i) => i + 1);
  for (const n of new Set(sel)) {
    const page = doc.getPage(n - 1);
    page.setRotation(degrees((((page.getRotation().angle + by) % 360) + 360) % 360));
  }
  return result(doc, [{ doc }], opts);
}

// The operations as exported: pdf-lib failures past opening (a looping page tree) become DocumentErrors.
export const mergePdfs = (inputs: PdfInput[], opts: Pick<PdfWriteOptions, 'encryption'> = {}): Promise<PagesResult> => guardPdfLib(() => mergePdfsImpl(inputs, opts));
export const splitPdf = (data: Uint8Array, groups?: string | number[][], opts: PdfWriteOptions = {}): Promise<SplitPart[]> =>
  guardPdfLib(() => splitPdfImpl(data, groups, opts));
export const extractPages = (data: Uint8Array, pages: string, opts: PdfWriteOptions = {}): Promise<PagesResult> => guardPdfLib(() => extractPagesImpl(data, pages, opts));
export const reorderPages = (data: Uint8Array, order: string, opts: PdfWriteOptions = {}): Promise<PagesResult> => guardPdfLib(() => reorderPagesImpl(data, order, opts));
export const rotatePages = (data: Uint8Array, by: number, pages?: string, opts: PdfWriteOptions = {}): Promise<PagesResult> => guardPdfLib(() => rotatePagesImpl(data, by, pages, opts));
