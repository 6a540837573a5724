// Opening a PDF for writing with pdf-lib (the maintained @cantoo fork): forms, pages and
// new documents. Its failures become DocumentErrors like pdf.js's do (pdfjs.ts), and a
// parser that recurses without end on a hostile file stops as LIMIT_EXCEEDED.

import { PDFDocument } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';
import { PDF_LIMITS } from './pdfLimits';
import { looksLikePdf } from './pdfjs';
import { encryptOutput, rememberEncryption, type EncryptionChoice, type OutputEncryption } from './pdfEncryption';
import { checkStreamSizes } from './structure';

export interface PdfLibOpenOptions {
  password?: string;
  maxFileBytes?: number;
}

export async function openPdfLib(data: Uint8Array, opts: PdfLibOpenOptions = {}): Promise<PDFDocument> {
  const max = opts.maxFileBytes ?? PDF_LIMITS.maxFileBytes;
  if (data.length === 0) throw new DocumentError('NOT_A_PACKAGE', 'the file is empty, not a PDF');
  if (data.length > max) throw new DocumentError('LIMIT_EXCEEDED', `the file is over the ${Math.round(max / 1048576)} MiB limit for PDFs`);
  if (!looksLikePdf(data)) throw new DocumentError('NOT_A_PACKAGE', 'this is not a PDF (no %PDF- header)');
  checkStreamSizes(data, PDF_LIMITS.maxStreamBytes);
  const warn = console.warn;
  // pdf-lib prints each object it could not parse; the damage is reported once by structure.ts instead.
  console.warn = () => undefined;
  const load = (password: string | undefined) => PDFDocument.load(data, { password, ignoreEncryption: false, throwOnInvalidObject: false, updateMetadata: false, capNumbers: true });
  try {
    let password = opts.password;
    let doc: PDFDocument;
    try {
      doc = await load(password);
    } catch (err) {
      // A file encrypted with an empty user password (restrictions only) opens without one, as in any viewer.
      if (password !== undefined || (err as Error)?.constructor?.name !== 'EncryptedPDFError') throw err;
      password = '';
      doc = await load('').catch(() => Promise.reject(err));
    }
    if (password !== undefined) rememberEncryption(doc, password);
    return doc;
  } catch (err) {
    throw pdfLibError(err, opts.password !== undefined);
  } finally {
    console.warn = warn;
  }
}

export function pdfLibError(err: unknown, gavePassword: boolean): unknown {
  if (err instanceof DocumentError) return err;
  const e = err as Error;
  const name = e?.constructor?.name ?? '';
  if (name === 'EncryptedPDFError' || /is encrypted/i.test(e?.message ?? '')) {
    return new DocumentError('PASSWORD_PROTECTED', gavePassword ? 'the PDF is encrypted and the password given is wrong' : 'the PDF is encrypted (password-protected); give the password with --password-file FILE, --password-stdin or --password PW');
  }
  if (/password/i.test(e?.message ?? '')) return new DocumentError('PASSWORD_PROTECTED', `the PDF is encrypted: ${e.message}`);
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new DocumentError('LIMIT_EXCEEDED', "the PDF's structure loops or nests too deeply to read (a damaged or hostile file)");
  if (/Failed to parse|Expected|Invalid|No PDF header|trailer|xref/i.test(e?.message ?? '')) return new DocumentError('CORRUPT', `the PDF could not be read for writing: ${e.message}`);
  return err;
}

/** Runs a pdf-lib operation with its failures (a page tree that loops, say) turned into DocumentErrors. */
export async function guardPdfLib<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw pdfLibError(err, false);
  }
}

/** What every command that writes a PDF from one takes: the input's password, the output's encryption. */
export interface PdfWriteOptions {
  password?: string;
  encryption?: EncryptionChoice;
}

export interface SaveOptions {
  /** The documents the output was made from (default: itself), whose encryption it keeps. */
  sources?: { doc: PDFDocument; name?: string }[];
  encryption?: EncryptionChoice;
  /** Regenerate the appearance of every field whose value changed (default true). */
  updateFieldAppearances?: boolean;
}

/** Saves, encrypted as the sources were (or as asked), with appearances regenerated for changed fields. */
export async function savePdf(doc: PDFDocument, opts: SaveOptions = {}): Promise<{ data: Buffer; encryption?: OutputEncryption }> {
  const encryption = encryptOutput(doc, opts.sources ?? [{ doc }], opts.encryption);
  const data = Buffer.from(await doc.save({ useObjectStreams: true, updateFieldAppearances: opts.updateFieldAppearances ?? true }));
  return { data, encryption };
}
