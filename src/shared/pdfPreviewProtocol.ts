// Messages between the PDF preview's webview and its extension side, typed once and
// checked by both ends on arrival (like the sidebar's and the review editor's). The
// extension reads the file and sends its bytes; the webview parses and draws them
// with pdf.js and reports what it found, so the log and the tests see the same facts.

import { isRecord, type Parsed } from './shapes';

export type PdfToWebview =
  /** The file's bytes (a fresh copy each time the file changes on disk). */
  | { type: 'load'; fileName: string; data: Uint8Array; version: number }
  /** The file cannot be read at all (missing, too large): a clear message instead of pages. */
  | { type: 'failed'; message: string };

export interface PdfFieldSummary {
  name: string;
  type: string;
  page: number;
}

export type PdfToExtension =
  | { type: 'ready' }
  /** The document is open and its first page drawn. */
  | { type: 'rendered'; version: number; pages: number; fields: PdfFieldSummary[]; ms: number }
  /** pdf.js could not open the bytes (encrypted without password, not a PDF, broken). */
  | { type: 'openFailed'; version: number; reason: 'password' | 'invalid' | 'other'; message: string };

const MAX_TEXT = 100_000;
const MAX_FIELDS = 100_000;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkField(f: unknown): string | null {
  if (!isRecord(f)) return 'field must be an object';
  if (!isText(f.name) || !isText(f.type)) return 'field.name and field.type must be strings';
  return isCount(f.page) ? null : 'field.page must be a page number';
}

export function parsePdfWebviewMessage(raw: unknown): Parsed<PdfToExtension> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  switch (raw.type) {
    case 'ready':
      return { ok: true, value: { type: 'ready' } };
    case 'rendered': {
      if (!isCount(raw.version) || !isCount(raw.pages)) return { ok: false, error: 'rendered needs version and pages' };
      if (typeof raw.ms !== 'number' || !Number.isFinite(raw.ms)) return { ok: false, error: 'rendered.ms must be a number' };
      if (!Array.isArray(raw.fields) || raw.fields.length > MAX_FIELDS) return { ok: false, error: 'rendered.fields must be a list' };
      for (const f of raw.fields) {
        const bad = checkField(f);
        if (bad) return { ok: false, error: bad };
      }
      return { ok: true, value: { type: 'rendered', version: raw.version, pages: raw.pages, fields: raw.fields as PdfFieldSummary[], ms: raw.ms } };
    }
    case 'openFailed': {
      if (!isCount(raw.version) || !isText(raw.message)) return { ok: false, error: 'openFailed needs version and message' };
      if (raw.reason !== 'password' && raw.reason !== 'invalid' && raw.reason !== 'other') return { ok: false, error: 'openFailed.reason is unknown' };
      return { ok: true, value: { type: 'openFailed', version: raw.version, reason: raw.reason, message: raw.message } };
    }
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
  }
}

/**
 * The file's bytes as they arrive: VS Code revives a Uint8Array the extension posted,
 * but possibly as another view or a bare ArrayBuffer, and from another realm (so no
 * instanceof: ArrayBuffer.isView and the tag work across frames).
 */
function asBytes(v: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Object.prototype.toString.call(v) === '[object ArrayBuffer]') return new Uint8Array(v as ArrayBuffer);
  return undefined;
}

export function parsePdfExtensionMessage(raw: unknown): Parsed<PdfToWebview> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  switch (raw.type) {
    case 'load':
      if (!isText(raw.fileName) || !isCount(raw.version)) return { ok: false, error: 'load needs fileName and version' };
      {
        const data = asBytes(raw.data);
        if (!data) return { ok: false, error: `load.data must be bytes, not ${Object.prototype.toString.call(raw.data)}` };
        return { ok: true, value: { type: 'load', fileName: raw.fileName, data, version: raw.version } };
      }
    case 'failed':
      if (!isText(raw.message)) return { ok: false, error: 'failed.message must be a string' };
      return { ok: true, value: { type: 'failed', message: raw.message } };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
  }
}

/** The label a highlighted field carries (hover text and accessible name). */
export function fieldLabel(name: string, type: string): string {
  return `${name} (${type})`;
}
