// Messages between the slide preview's webview and its extension side, typed once and
// checked by both ends on arrival. The text and notes arrive first (read on the host in
// milliseconds); the slide images follow once the sandbox has rendered them (or at once
// from the cache), as data: URLs the page's CSP allows.

import { isRecord, type Parsed } from './shapes';

export interface PreviewSlide {
  number: number;
  hidden: boolean;
  title?: string;
  /** The slide's paragraphs, in reading order, with their outline level (0 = top). */
  paragraphs: { text: string; level: number }[];
  notes?: string;
}

export type PptxToWebview =
  | { type: 'load'; fileName: string; slides: PreviewSlide[] }
  /** Rendered slide images; `src` is a data:image/png URL. */
  | { type: 'images'; images: { number: number; src: string }[]; cached: boolean; ms: number }
  | { type: 'status'; message: string; busy: boolean }
  /** The deck cannot be read at all: a clear message instead of the preview. */
  | { type: 'failed'; message: string; code?: string }
  /** The text is shown but the images could not be rendered. */
  | { type: 'renderFailed'; message: string };

export type PptxToExtension = { type: 'ready' } | { type: 'rerender' };

export function parsePptxWebviewMessage(raw: unknown): Parsed<PptxToExtension> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  if (raw.type === 'ready' || raw.type === 'rerender') return { ok: true, value: { type: raw.type } };
  return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
}

function isSlide(s: unknown): s is PreviewSlide {
  return (
    isRecord(s) &&
    typeof s.number === 'number' &&
    typeof s.hidden === 'boolean' &&
    (s.title === undefined || typeof s.title === 'string') &&
    (s.notes === undefined || typeof s.notes === 'string') &&
    Array.isArray(s.paragraphs) &&
    s.paragraphs.every((p) => isRecord(p) && typeof p.text === 'string' && typeof p.level === 'number')
  );
}

export function parsePptxExtensionMessage(raw: unknown): Parsed<PptxToWebview> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  switch (raw.type) {
    case 'load':
      return typeof raw.fileName === 'string' && Array.isArray(raw.slides) && raw.slides.every(isSlide) ? { ok: true, value: raw as PptxToWebview } : { ok: false, error: 'bad load message' };
    case 'images':
      return Array.isArray(raw.images) && raw.images.every((i) => isRecord(i) && typeof i.number === 'number' && typeof i.src === 'string' && i.src.startsWith('data:image/png;base64,'))
        ? { ok: true, value: raw as PptxToWebview }
        : { ok: false, error: 'bad images message' };
    case 'status':
      return typeof raw.message === 'string' && typeof raw.busy === 'boolean' ? { ok: true, value: raw as PptxToWebview } : { ok: false, error: 'bad status message' };
    case 'failed':
    case 'renderFailed':
      return typeof raw.message === 'string' ? { ok: true, value: raw as PptxToWebview } : { ok: false, error: `bad ${raw.type} message` };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
  }
}
