// Limits for reading PDFs, so a hostile file (a decompression bomb, a million pages,
// objects nested without end) fails with LIMIT_EXCEEDED instead of hanging or
// exhausting memory. Each can be overridden per call.

export interface PdfLimits {
  /** Largest file read at all. */
  maxFileBytes: number;
  /** Most pages a document may declare. */
  maxPages: number;
  /** Images with more pixels than this are not decoded. */
  maxImagePixels: number;
  /** Opening (parsing the trailer, xref and page tree). */
  openTimeoutMs: number;
  /** Reading the text of one page. */
  pageTimeoutMs: number;
  /** Text items on one page before the rest are dropped with a warning. */
  maxItemsPerPage: number;
  /** Most one compressed stream may inflate to (content, image, font). */
  maxStreamBytes: number;
}

export const PDF_LIMITS: PdfLimits = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxPages: 100_000,
  maxImagePixels: 64 * 1024 * 1024,
  openTimeoutMs: 60_000,
  pageTimeoutMs: 30_000,
  maxItemsPerPage: 200_000,
  maxStreamBytes: 256 * 1024 * 1024,
};
