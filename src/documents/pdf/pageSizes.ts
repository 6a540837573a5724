// The size of pages as they are shown (rotation applied), in points, without reading their
// content: what rendering needs to convert between pixels and points, and to say "there is
// no page 9" before a renderer starts.

import { DocumentError } from '../ooxml/documentError';
import { openPdfJs, withTimeout } from './pdfjs';
import { PDF_LIMITS } from './pdfLimits';

export interface PdfPageSize {
  number: number;
  /** Points, as the page is shown. */
  width: number;
  height: number;
  rotation: number;
}

export async function pdfPageSizes(data: Uint8Array, pages: number[], opts: { password?: string } = {}): Promise<{ pageCount: number; pages: PdfPageSize[] }> {
  const doc = await openPdfJs(data, opts);
  try {
    const out: PdfPageSize[] = [];
    for (const n of pages) {
      if (!Number.isInteger(n) || n < 1 || n > doc.numPages) {
        throw new DocumentError('INVALID_ARGUMENT', `there is no page ${n}: the document has ${doc.numPages} page${doc.numPages === 1 ? '' : 's'}`);
      }
      const page = await withTimeout(doc.getPage(n), PDF_LIMITS.pageTimeoutMs, `reading page ${n}`);
      const v = page.getViewport({ scale: 1 });
      out.push({ number: n, width: v.width, height: v.height, rotation: page.rotate });
      page.cleanup();
    }
    return { pageCount: doc.numPages, pages: out };
  } finally {
    await doc.destroy();
  }
}
