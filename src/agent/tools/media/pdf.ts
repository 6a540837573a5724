// PDFs go to the model as document blocks. Limits: a request is at most 32 MB
// and a PDF at most 100 pages (https://docs.claude.com/en/docs/build-with-claude/pdf-support).
// We keep well under the request limit because the transcript carries other
// content too, and count pages roughly from the file's page objects.

export const PDF_LIMITS = {
  /** Raw bytes; base64 makes it 4/3 larger in the request. */
  maxBytes: 15 * 1024 * 1024,
  maxPages: 100,
} as const;

/**
 * Rough page count: the number of `/Type /Page` objects. Undefined when none
 * are visible (e.g. compressed object streams), in which case the API decides.
 */
export function estimatePdfPages(bytes: Buffer): number | undefined {
  const text = bytes.toString('latin1');
  const matches = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return matches && matches.length > 0 ? matches.length : undefined;
}

export function checkPdf(bytes: Buffer): { ok: true; pages?: number } | { ok: false; reason: string } {
  if (bytes.length > PDF_LIMITS.maxBytes) {
    return { ok: false, reason: `it is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${PDF_LIMITS.maxBytes / 1048576} MB limit for sending a PDF to the model` };
  }
  const pages = estimatePdfPages(bytes);
  if (pages !== undefined && pages > PDF_LIMITS.maxPages) {
    return { ok: false, reason: `it has about ${pages} pages, over the ${PDF_LIMITS.maxPages}-page limit` };
  }
  return { ok: true, pages };
}
