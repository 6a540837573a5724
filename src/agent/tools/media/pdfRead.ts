// read_file on a PDF. Where the model can take it, the PDF goes whole as a document
// block (the model sees the pages as images and text). Where it cannot (over the
// request's size or page limits, encrypted, or when the model asks for particular
// pages with offset/limit), it gets the text pdf.js extracts, page by page with
// `=== page N of M ===` markers, as much as fits in one result, and how to read on.

import type Anthropic from '@anthropic-ai/sdk';
import { DocumentError } from '../../../documents/ooxml';
import type { PdfText } from '../../../documents/pdf';
import { formatPdfText, pdfInfo, pdfText } from '../../../documents/pdf/onDemand';
import { errorOutput } from '../errors';
import { fenceFile, IN_FILE_NOTE } from '../fileFence';
import { formatBytes, showPath } from '../paths';
import type { ToolOutput } from '../tool';
import { PDF_LIMITS } from './pdf';

/** Larger PDFs are not read into the host at all (their text is for run_command: pdftotext). */
export const PDF_TEXT_MAX_BYTES = 256 * 1024 * 1024;
/** Pages read at once for the text fallback (the result is capped by characters too). */
export const PDF_TEXT_PAGES = 50;

export interface PdfReadRequest {
  path: string;
  size: number;
  /** First page (1-based) and number of pages, when the model asked for them. */
  offset?: number;
  limit?: number;
  /** Most characters of text in one result. */
  maxChars: number;
  /** Reads the file's bytes (through the sandbox). */
  read: () => Promise<Buffer>;
}

export async function readPdf(req: PdfReadRequest): Promise<ToolOutput> {
  const { path, size } = req;
  const files = [{ path, action: 'read' as const }];
  const failed = `Could not read ${showPath(path)}`;
  if (size > PDF_TEXT_MAX_BYTES) {
    return errorOutput(failed, `${showPath(path)} is a PDF of ${formatBytes(size)}, too large to read here (limit ${formatBytes(PDF_TEXT_MAX_BYTES)}). Extract its text with run_command (pdftotext -f 1 -l 20 FILE -) or split it (cowork doc split) first.`, files);
  }
  const bytes = await req.read();
  let info: { pageCount: number; encrypted: boolean };
  try {
    const i = await pdfInfo(bytes);
    info = { pageCount: i.pageCount, encrypted: i.metadata.encrypted };
  } catch (err) {
    return errorOutput(failed, `${showPath(path)} ${explain(err)}`, files);
  }
  const pages = info.pageCount;
  const wantsPages = req.offset !== undefined || req.limit !== undefined;
  const tooBig =
    size > PDF_LIMITS.maxBytes
      ? `it is ${formatBytes(size)}, over the ${formatBytes(PDF_LIMITS.maxBytes)} limit for sending a PDF to the model`
      : pages > PDF_LIMITS.maxPages
        ? `it has ${pages} pages, over the ${PDF_LIMITS.maxPages}-page limit`
        : undefined;
  if (!wantsPages && !tooBig && !info.encrypted) {
    const doc: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: bytes.toString('base64') }, title: path };
    const count = `${pages} page${pages === 1 ? '' : 's'}`;
    return {
      content: [doc, { type: 'text', text: `PDF ${showPath(path)} (${formatBytes(size)}, ${count}). ${IN_FILE_NOTE}` }],
      summary: `Read PDF ${showPath(path)} (${formatBytes(size)}, ${count})`,
      files,
    };
  }
  const first = req.offset ?? 1;
  if (first > pages) return errorOutput(failed, `${showPath(path)} has ${pages} page${pages === 1 ? '' : 's'}; offset ${first} is past the end (for a PDF, offset and limit count pages).`, files);
  const last = Math.min(pages, first + (req.limit ?? PDF_TEXT_PAGES) - 1);
  let text: PdfText;
  try {
    text = await pdfText(bytes, { pages: range(first, last) });
  } catch (err) {
    return errorOutput(failed, `${showPath(path)} ${explain(err)}`, files);
  }
  const { body, lastShown } = fit(text, req.maxChars);
  const why = wantsPages ? 'the pages asked for' : info.encrypted ? 'the file is encrypted, so it is not sent whole' : `${tooBig}, so it is not sent whole`;
  const notes = [`[PDF ${showPath(path)}, ${formatBytes(size)}, ${pages} pages: extracted text of pages ${first}-${lastShown} (${why}).`];
  if (lastShown < pages) notes.push(`Call read_file with offset=${lastShown + 1} to read on; for a PDF, offset and limit count pages.`);
  const scans = text.pages.filter((p) => p.number <= lastShown && !p.hasTextLayer && (p.images ?? 0) > 0).map((p) => p.number);
  if (scans.length) notes.push(`Page${scans.length === 1 ? '' : 's'} ${scans.join(', ')} ${scans.length === 1 ? 'is a scan' : 'are scans'} without text: render one with run_command (node /opt/cowork/cowork-doc.js render FILE --page N -o page-N.png) and read the PNG to look at it, or get their text by OCR with node /opt/cowork/cowork-doc.js text FILE --pages N.`);
  for (const w of text.warnings.filter((w) => !/scanned image|no text/.test(w))) notes.push(`Note: ${w}.`);
  return {
    content: `${fenceFile(path, body.replace(/\n$/, ''))}\n${notes.join(' ')}]`,
    summary: `Read the text of PDF ${showPath(path)} (pages ${first}-${lastShown} of ${pages})`,
    files,
  };
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Whole pages while they fit in `maxChars` (always at least one page, cut if it alone is too long). */
function fit(text: PdfText, maxChars: number): { body: string; lastShown: number } {
  let body = '';
  let lastShown = text.pages[0]?.number ?? 0;
  for (const p of text.pages) {
    const one = formatPdfText({ ...text, pages: [p] });
    if (body && body.length + one.length > maxChars) break;
    body += one.length > maxChars ? `${one.slice(0, maxChars)}\n[page ${p.number} cut at ${maxChars} characters]\n` : one;
    lastShown = p.number;
  }
  return { body, lastShown };
}

function explain(err: unknown): string {
  if (err instanceof DocumentError) {
    switch (err.code) {
      case 'PASSWORD_PROTECTED':
        return 'is encrypted and needs a password to open. Ask the person for the password, or for an unprotected copy.';
      case 'NOT_A_PACKAGE':
        return `is not a readable PDF: ${err.message}.`;
      default:
        return `could not be read as a PDF: ${err.message}.`;
    }
  }
  return `could not be read as a PDF: ${err instanceof Error ? err.message : String(err)}.`;
}
