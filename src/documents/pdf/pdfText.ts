// The text of a PDF, page by page, with the page count and the document's metadata.
// Reading order by default (readingOrder.ts), or the page drawn in characters with
// `layout` (layoutText.ts). A page with no text layer is reported as such, with whether
// it holds images (a scan: the text is only in the picture), and read by OCR when asked (ocr.ts).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError } from '../ooxml/documentError';
import { PDFTOPPM_MISSING } from '../raster/pdfPages';
import { layoutText } from './layoutText';
import { checkOcrLang, ocrPage, TESSERACT_MISSING, type OcrOptions } from './ocr';
import { parsePageRange } from './pageRange';
import { PDF_LIMITS, type PdfLimits } from './pdfLimits';
import { openPdfJs, toDocumentError, withTimeout, type PdfJsDocument, type PdfJsPage } from './pdfjs';
import { readingOrderText } from './readingOrder';
import { checkStructure } from './structure';
import { pageFragments, type TextFragment } from './textItems';
import { groupRows, rowSegments, type PositionedLine } from './textLines';

export type { PositionedLine } from './textLines';

export interface PdfMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  created?: string;
  modified?: string;
  pdfVersion?: string;
  encrypted: boolean;
  hasForm: boolean;
  hasSignatures: boolean;
  hasXfa: boolean;
}

export interface PdfPageText {
  /** 1-based page number. */
  number: number;
  text: string;
  /** Points, as the page is shown (rotation applied). */
  width: number;
  height: number;
  rotation: number;
  /** False when the page has no text at all. */
  hasTextLayer: boolean;
  /** Images drawn on a page without text: more than 0 means a scan (or a picture of text). */
  images?: number;
  /** The page is a scan whose text (and lines) came from OCR. */
  ocr?: { engine: 'tesseract'; lang: string; confidence: number; words: number };
  /** With `positions`: each piece of a line (cut at wide gaps) and where it sits. */
  lines?: PositionedLine[];
}


export interface PdfText {
  pageCount: number;
  metadata: PdfMetadata;
  pages: PdfPageText[];
  /** Things a reader should know: damage recovered, items dropped, pages without text. */
  warnings: string[];
}

export interface PdfTextOptions {
  /** Page selection, e.g. "1-3,7" (all pages when absent), or the page numbers. */
  pages?: string | number[];
  layout?: boolean;
  /** Also give every line's position (`lines` on each page). */
  positions?: boolean;
  /** Read scanned pages (no text layer, images drawn) with tesseract. Off unless asked for. */
  ocr?: boolean | OcrOptions;
  password?: string;
  limits?: Partial<PdfLimits>;
}

/** Pages selected by `pages` in a document of `count` pages. */
export function selectPages(pages: string | number[] | undefined, count: number): number[] {
  if (pages === undefined) return Array.from({ length: count }, (_, i) => i + 1);
  if (typeof pages === 'string') return parsePageRange(pages, count);
  for (const p of pages)
    if (!Number.isInteger(p) || p < 1 || p > count) throw new DocumentError('INVALID_ARGUMENT', `page ${p} does not exist: the document has ${count} pages`);
  return pages;
}

export async function pdfText(data: Uint8Array, opts: PdfTextOptions = {}): Promise<PdfText> {
  const limits = { ...PDF_LIMITS, ...opts.limits };
  const warnings = checkStructure(data);
  const doc = await openPdfJs(data, opts);
  try {
    const metadata = await readMetadata(doc);
    const pages: PdfPageText[] = [];
    for (const n of selectPages(opts.pages, doc.numPages)) {
      pages.push(await readPage(doc, n, opts, limits, warnings));
    }
    const blank = pages.filter((p) => !p.hasTextLayer);
    const scans = blank.filter((p) => (p.images ?? 0) > 0);
    const why = opts.ocr ? await readScans(data, scans, opts, warnings) : 'OCR was not run';
    const read = scans.filter((p) => p.ocr);
    if (read.length) warnings.push(`${plural(read.length, 'page')} (${list(read)}) ${read.length === 1 ? 'is a scanned image' : 'are scanned images'}: the text was read by OCR (tesseract, ${read[0]!.ocr!.lang}) and may have errors; check figures against the page image`);
    const unread = scans.filter((p) => !p.ocr);
    if (unread.length) warnings.push(`${plural(unread.length, 'page')} (${list(unread)}) ${unread.length === 1 ? 'is a scanned image' : 'are scanned images'} with no text layer; ${why}`);
    if (blank.length > scans.length) warnings.push(`${plural(blank.length - scans.length, 'page')} (${list(blank.filter((p) => !p.images))}) ${blank.length - scans.length === 1 ? 'has' : 'have'} no text`);
    return { pageCount: doc.numPages, metadata, pages, warnings };
  } finally {
    await doc.destroy();
  }
}

/** The page count and metadata alone (no page is read). */
export async function pdfInfo(data: Uint8Array, opts: { password?: string } = {}): Promise<{ pageCount: number; metadata: PdfMetadata }> {
  const doc = await openPdfJs(data, opts);
  try {
    return { pageCount: doc.numPages, metadata: await readMetadata(doc) };
  } finally {
    await doc.destroy();
  }
}

async function readPage(doc: PdfJsDocument, n: number, opts: PdfTextOptions, limits: PdfLimits, warnings: string[]): Promise<PdfPageText> {
  let page: PdfJsPage;
  try {
    page = await withTimeout(doc.getPage(n), limits.pageTimeoutMs, `reading page ${n}`);
  } catch (err) {
    const e = toDocumentError(err, false);
    if (e instanceof DocumentError && e.code === 'LIMIT_EXCEEDED') throw e;
    warnings.push(`page ${n} could not be read: ${(err as Error).message}`);
    return { number: n, text: '', width: 0, height: 0, rotation: 0, hasTextLayer: false };
  }
  try {
    const content = await withTimeout(pageFragments(page, limits.maxItemsPerPage), limits.pageTimeoutMs, `reading the text of page ${n}`);
    if (content.truncated) warnings.push(`page ${n} has more than ${limits.maxItemsPerPage} text items; the rest were left out`);
    const text = renderText(content.fragments, content.width, !!opts.layout);
    const base: PdfPageText = { number: n, text, width: round(content.width), height: round(content.height), rotation: page.rotate, hasTextLayer: text.trim() !== '' };
    if (opts.positions) base.lines = positionedLines(content.fragments);
    if (base.hasTextLayer) return base;
    return { ...base, images: await countImages(page, limits) };
  } catch (err) {
    const e = toDocumentError(err, false);
    if (e instanceof DocumentError && e.code === 'LIMIT_EXCEEDED') throw e;
    warnings.push(`the text of page ${n} could not be read: ${(err as Error).message}`);
    return { number: n, text: '', width: 0, height: 0, rotation: page.rotate, hasTextLayer: false };
  } finally {
    page.cleanup();
  }
}

function positionedLines(fragments: TextFragment[]): PositionedLine[] {
  return groupRows(fragments.filter((f) => !f.rotated)).flatMap((row) =>
    rowSegments(row).map((s) => ({ text: s.text, x: round(s.x0), y: round(s.y), width: round(s.x1 - s.x0), size: round(s.size) })),
  );
}

/** OCR of the scanned pages, in place; returns why a page was left unread. */
async function readScans(data: Uint8Array, scans: PdfPageText[], opts: PdfTextOptions, warnings: string[]): Promise<string> {
  if (!scans.length) return '';
  const ocr: OcrOptions = { password: opts.password, ...(typeof opts.ocr === 'object' ? opts.ocr : {}) };
  checkOcrLang(ocr.lang);
  const work = mkdtempSync(join(ocr.scratch ?? process.env.TMPDIR ?? tmpdir(), 'ocr-pdf-'));
  try {
    const file = join(work, 'in.pdf');
    writeFileSync(file, data);
    for (const p of scans) {
      try {
        const r = await ocrPage(file, p.number, p.width, ocr);
        p.text = r.text;
        p.ocr = { engine: 'tesseract', lang: ocr.lang ?? 'eng', confidence: r.confidence, words: r.words };
        if (opts.positions) p.lines = r.lines;
      } catch (err) {
        if ((err as Error).message === TESSERACT_MISSING || (err as Error).message === PDFTOPPM_MISSING) return `OCR was not run: ${(err as Error).message}`;
        warnings.push(`OCR of page ${p.number} failed: ${(err as Error).message}`);
      }
    }
    return 'OCR failed';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function renderText(fragments: TextFragment[], pageWidth: number, layout: boolean): string {
  return layout ? layoutText(fragments) : readingOrderText(fragments, pageWidth);
}

/** Image-drawing operations on the page (only asked for pages without text, to tell a scan from a blank page). */
async function countImages(page: PdfJsPage, limits: PdfLimits): Promise<number> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const ops = await withTimeout(page.getOperatorList({ intent: 'display' }), limits.pageTimeoutMs, `looking for images on page ${page.pageNumber}`);
  const imageOps = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup]);
  return ops.fnArray.filter((f) => imageOps.has(f)).length;
}

async function readMetadata(doc: PdfJsDocument): Promise<PdfMetadata> {
  const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(k: string): unknown } | null };
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const xmp = (k: string) => str(metadata?.get(k));
  const out: PdfMetadata = {
    title: str(info.Title) ?? xmp('dc:title'),
    author: str(info.Author) ?? xmp('dc:creator'),
    subject: str(info.Subject) ?? xmp('dc:description'),
    keywords: str(info.Keywords),
    creator: str(info.Creator),
    producer: str(info.Producer),
    created: pdfDate(str(info.CreationDate)),
    modified: pdfDate(str(info.ModDate)),
    pdfVersion: str(info.PDFFormatVersion),
    encrypted: !!info.EncryptFilterName,
    hasForm: !!info.IsAcroFormPresent,
    hasSignatures: !!info.IsSignaturesPresent,
    hasXfa: !!info.IsXFAPresent,
  };
  for (const k of Object.keys(out) as (keyof PdfMetadata)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** `D:20200922185538-05'00'` as ISO 8601 (`2020-09-22T18:55:38-05:00`); other text is kept as it is. */
export function pdfDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-])?(\d{2})?'?(\d{2})?'?/.exec(s);
  if (!m) return s;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, zh, zm] = m;
  const zone = !z ? '' : z === 'Z' && !zh ? 'Z' : `${z === 'Z' ? '+' : z}${zh ?? '00'}:${zm ?? '00'}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${se}${zone === '+00:00' ? 'Z' : zone}`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(pages: PdfPageText[]): string {
  const nums = pages.map((p) => p.number);
  return nums.length > 10 ? `${nums.slice(0, 10).join(', ')}, …` : nums.join(', ');
}

/** The text of all selected pages with a marker before each: what the agent and `cowork doc text` show. */
export function formatPdfText(t: PdfText): string {
  const out: string[] = [];
  for (const p of t.pages) {
    out.push(`=== page ${p.number} of ${t.pageCount} ===`);
    if (p.hasTextLayer) out.push(p.text);
    else if (p.ocr) out.push(`[scanned page: text read by OCR (tesseract, ${p.ocr.lang}, mean word confidence ${p.ocr.confidence}%); check figures against the page image]`, p.text);
    else out.push(p.images ? '[no text layer: this page is a scanned image; OCR was not run]' : '[no text on this page]');
  }
  return out.join('\n') + '\n';
}
