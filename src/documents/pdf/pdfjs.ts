// Opening a PDF for reading with pdf.js (Mozilla's reader, the one Firefox uses).
// We use its legacy build in Node, with its "worker" running on this thread: text
// extraction needs no canvas, and one thread keeps the engine usable from the CLI, the
// extension host's worker and the sandbox guest alike. Every pdf.js failure a person can
// cause (a password, a file that is not a PDF, a broken one) becomes a DocumentError.

import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DocumentError } from '../ooxml/documentError';
import { installDomMatrix } from './domMatrixShim';
import { checkStreamSizes } from './structure';
import { PDF_LIMITS, type PdfLimits } from './pdfLimits';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type PdfJsDocument = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
export type PdfJsPage = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;

let loading: Promise<PdfJs> | undefined;

/** pdf.js, loaded once on first use (it is large; commands that never read a PDF never pay for it). */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    // At load time pdf.js tries to borrow DOMMatrix/Path2D from an optional canvas package
    // and warns when there is none (always, once bundled); text needs neither, so those
    // lines are held back while the module initialises.
    installDomMatrix();
    // The legacy build's polyfills replace JSON.stringify with one that ignores the order of
    // a replacer array (seen: snapshot keys in the same process changed). Node's own is
    // complete, so it is put back once pdf.js has loaded.
    const stringify = JSON.stringify;
    // Its modules test `Response.prototype.bytes` at load. In Node, reading the global
    // `Response` loads undici, which instantiates WebAssembly at once; under the sandbox's
    // address-space limit (RLIMIT_AS) that fails and kills the process before any page is
    // read. Text never needs Response, so a stand-in answers during the import.
    const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
    if (response?.get) Object.defineProperty(globalThis, 'Response', { value: class Response {}, configurable: true, writable: true });
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /^Warning: Cannot (polyfill|load|access)/.test(args[0])) return;
      warn(...args);
    };
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      // pdf.js runs its parser in-thread when it finds the worker module here.
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return pdfjs;
    } finally {
      console.warn = warn;
      JSON.stringify = stringify;
      if (response?.get) Object.defineProperty(globalThis, 'Response', response);
    }
  })();
  return loading;
}

export interface OpenOptions {
  password?: string;
  limits?: Partial<PdfLimits>;
}

/** The first bytes say what a file is; a PDF may have up to 1 KiB of junk before `%PDF-`. */
export function looksLikePdf(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Opens `data` with pdf.js. The buffer is copied: pdf.js takes ownership of what it is given. */
export async function openPdfJs(data: Uint8Array, opts: OpenOptions = {}): Promise<PdfJsDocument> {
  const limits = { ...PDF_LIMITS, ...opts.limits };
  if (data.length === 0) throw new DocumentError('NOT_A_PACKAGE', 'the file is empty, not a PDF');
  if (data.length > limits.maxFileBytes) throw new DocumentError('LIMIT_EXCEEDED', `the file is ${mib(data.length)}, over the ${mib(limits.maxFileBytes)} limit for PDFs`);
  if (!looksLikePdf(data)) throw new DocumentError('NOT_A_PACKAGE', 'this is not a PDF (no %PDF- header)');
  checkStreamSizes(data, limits.maxStreamBytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    password: opts.password,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    // Images bigger than this are not decoded (a decompression bomb in an image stream).
    maxImageSize: limits.maxImagePixels,
    // Text in CJK fonts that are not embedded goes through Adobe's predefined CMaps
    // (UniGB-UCS2-H, 90ms-RKSJ-H, ...); without them pdf.js finds no text at all.
    ...cMapOptions(),
  });
  try {
    const doc = await withTimeout(task.promise, limits.openTimeoutMs, 'opening the PDF');
    if (doc.numPages > limits.maxPages) {
      await doc.destroy();
      throw new DocumentError('LIMIT_EXCEEDED', `the PDF has ${doc.numPages} pages, over the ${limits.maxPages}-page limit`);
    }
    return doc;
  } catch (err) {
    void task.destroy();
    throw toDocumentError(err, opts.password !== undefined);
  }
}

let cMapDir: string | null | undefined;

/**
 * Where pdf.js's packed CMaps are: beside the bundle (`dist/pdfjs/cmaps`, copied by the
 * build; `/opt/cowork/pdfjs/cmaps` in the sandbox) or in node_modules when run from source.
 */
function cMapOptions(): { cMapUrl?: string; cMapPacked?: boolean } {
  if (cMapDir === undefined) {
    const candidates = [join(__dirname, 'pdfjs', 'cmaps'), join(__dirname, '..', '..', '..', 'node_modules', 'pdfjs-dist', 'cmaps')];
    cMapDir = candidates.find((d) => existsSync(join(d, 'UniGB-UCS2-H.bcmap'))) ?? null;
  }
  return cMapDir ? { cMapUrl: cMapDir + sep, cMapPacked: true } : {};
}

/** pdf.js's exceptions are plain objects with a name; they become DocumentErrors here. */
export function toDocumentError(err: unknown, gavePassword: boolean): unknown {
  if (err instanceof DocumentError) return err;
  const e = err as { name?: string; message?: string; code?: number };
  if (e?.name === 'PasswordException') {
    return gavePassword
      ? new DocumentError('PASSWORD_PROTECTED', 'the PDF is encrypted and the password given is wrong')
      : new DocumentError('PASSWORD_PROTECTED', 'the PDF is encrypted (password-protected); give the password with --password-file FILE, --password-stdin or --password PW');
  }
  if (e?.name === 'InvalidPDFException') return new DocumentError('CORRUPT', `the PDF is damaged beyond reading: ${e.message ?? 'invalid structure'}`);
  if (e?.name === 'TimeoutError') return err;
  if (e?.name === 'UnknownErrorException' || e?.name === 'FormatError') return new DocumentError('CORRUPT', `the PDF could not be read: ${e.message}`);
  return err;
}

/** Rejects with LIMIT_EXCEEDED when `p` takes longer than `ms` (pdf.js yields between steps, so this fires). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DocumentError('LIMIT_EXCEEDED', `${what} took longer than ${Math.round(ms / 1000)} s; the file may be hostile or damaged`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(n < 10485760 ? 1 : 0)} MiB`;
}
