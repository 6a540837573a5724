// A fetched body → text the model can read, by content type (sniffed when the
// header is missing or generic): HTML becomes Markdown of its main content, PDF
// becomes its pages' text (the documents engine's pdf.js reader), plain text,
// Markdown, CSV, JSON and XML pass as they are, and anything else (images,
// archives, executables, office files) is refused with a sentence saying so.
// Whatever the kind, characters a person cannot see are taken out (invisibleText.ts).
// What was hidden is counted, not written into the text: the notes about it
// (hiddenTextNotes) go after the text is cut to size, so a long page keeps them.

import { formatPdfText, looksLikePdf, pdfInfo, pdfText } from '../../documents/pdf/onDemand';
import { markedTextNote } from './hiddenText';
import { htmlToMarkdown } from './htmlMarkdown';
import { hiddenTextNote, visibleText } from './invisibleText';
import { WebFetchError } from './webAddress';

export type PageKind = 'html' | 'pdf' | 'text' | 'json';

export interface PageText {
  kind: PageKind;
  title: string;
  /** Markdown for HTML, the text otherwise. */
  text: string;
  links: string[];
  /** The media type as the server gave it (or as sniffed). */
  contentType: string;
  /** Passages hidden from people that were kept in `text`, marked ⟦hidden text (why): … ⟧ (HTML only). */
  hiddenPassages: number;
  /** Unicode tag characters (text hidden from people) that were dropped from `text`. */
  hiddenChars: number;
}

/** A body read by its kind, before the invisible characters go. */
type ReadPage = Omit<PageText, 'hiddenPassages' | 'hiddenChars'> & { hiddenPassages?: number };

/** PDF pages read as text at most (a longer PDF says how many it has). */
export const PDF_MAX_PAGES = 50;

const TEXT_TYPES = /^(text\/(plain|markdown|x-markdown|csv|tab-separated-values|xml|calendar|x-[\w.+-]+)|application\/(xml|[\w.+-]+\+xml|x-ndjson|yaml|x-yaml|javascript|ecmascript))$/;
const JSON_TYPES = /^application\/([\w.+-]+\+)?json$/;

export async function pageText(body: Buffer, contentTypeHeader: string | undefined, url: URL, truncated: boolean): Promise<PageText> {
  const page = await readBody(body, contentTypeHeader, url, truncated);
  const text = visibleText(page.text);
  const title = visibleText(page.title).text;
  return { ...page, title, text: text.text, hiddenPassages: page.hiddenPassages ?? 0, hiddenChars: text.hidden };
}

/** The notes that say the page hid text from people (to add after the text, once it is cut to size). */
export function hiddenTextNotes(page: PageText): string[] {
  const notes: string[] = [];
  if (page.hiddenPassages > 0) notes.push(markedTextNote(page.hiddenPassages));
  if (page.hiddenChars > 0) notes.push(hiddenTextNote(page.hiddenChars));
  return notes;
}

async function readBody(body: Buffer, contentTypeHeader: string | undefined, url: URL, truncated: boolean): Promise<ReadPage> {
  const [mediaType, charset] = parseContentType(contentTypeHeader);
  const type = mediaType && mediaType !== 'application/octet-stream' ? mediaType : sniff(body);
  const name = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
  if (type === 'application/pdf' || (type === 'application/octet-stream' && looksLikePdf(body))) {
    if (truncated) throw new WebFetchError(`${url.href} is a PDF larger than the size limit; a cut PDF cannot be read. Look for an HTML version of it.`, 'too-large');
    return { kind: 'pdf', title: name, ...(await pdfPages(body, url)), links: [], contentType: 'application/pdf' };
  }
  if (type === 'text/html' || type === 'application/xhtml+xml') {
    const page = htmlToMarkdown(decode(body, charset ?? metaCharset(body)), url);
    return { kind: 'html', title: page.title, text: page.markdown, links: page.links, contentType: type, hiddenPassages: page.hiddenPassages };
  }
  if (JSON_TYPES.test(type)) return { kind: 'json', title: name, text: decode(body, charset), links: [], contentType: type };
  if (TEXT_TYPES.test(type)) return { kind: 'text', title: name, text: decode(body, charset), links: [], contentType: type };
  throw new WebFetchError(
    `${url.href} is ${type} (binary), which web_fetch does not read: it reads web pages (HTML), PDF, plain text and JSON. If the person needs the file itself, tell them its URL.`,
    'content-type',
  );
}

async function pdfPages(body: Buffer, url: URL): Promise<{ title: string; text: string } | { text: string }> {
  try {
    const info = await pdfInfo(body);
    const count = Math.min(info.pageCount, PDF_MAX_PAGES);
    const text = formatPdfText(await pdfText(body, { pages: count === info.pageCount ? undefined : `1-${count}` }));
    const more = info.pageCount > count ? `\n[The PDF has ${info.pageCount} pages; the first ${count} are shown.]` : '';
    const title = info.metadata.title?.trim();
    return { ...(title ? { title } : {}), text: text + more };
  } catch (err) {
    throw new WebFetchError(`${url.href} is a PDF that could not be read: ${(err as Error).message}`, 'conversion');
  }
}

function parseContentType(header: string | undefined): [string, string | undefined] {
  if (!header) return ['', undefined];
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean);
  return [type.trim().toLowerCase(), charset];
}

/** What the first bytes say when the server did not. */
function sniff(body: Buffer): string {
  if (looksLikePdf(body)) return 'application/pdf';
  const head = body.subarray(0, 1024).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|p|div|title)[\s>]/.test(head)) return 'text/html';
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      JSON.parse(body.toString('utf8'));
      return 'application/json';
    } catch {
      /* not JSON */
    }
  }
  if (head.startsWith('<?xml')) return 'application/xml';
  return body.subarray(0, 4096).includes(0) ? 'application/octet-stream' : 'text/plain';
}

function metaCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

function decode(body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
