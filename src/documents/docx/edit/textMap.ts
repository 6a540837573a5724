// The live text of paragraphs (existing deletions left out, insertions in) with a
// map from every character back to the run and node it came from, so a quoted span
// can be cut out of the runs exactly. Tabs read as "\t", line breaks as "\n"; in a
// span over several paragraphs each paragraph mark reads as "\n".

import { DocumentError } from '../../ooxml/documentError';
import type { XmlElement } from '../../ooxml/xml';

/** One piece of visible text: a w:t (or a one-character tab/break) inside a run. */
export interface Segment {
  paragraph: XmlElement;
  run: XmlElement;
  node: XmlElement;
  /** offset of the first character in the combined text */
  start: number;
  length: number;
}

export interface TextMap {
  text: string;
  segments: Segment[];
  paragraphs: XmlElement[];
  /** offset of each paragraph's mark ("\n" between paragraphs; the last one's end for the last) */
  markOffsets: number[];
}

/** Content that is not text of this paragraph: deleted runs, properties, drawings, nested stories. */
const SKIP = new Set(['w:pPr', 'w:rPr', 'w:del', 'w:moveFrom', 'w:drawing', 'w:pict', 'w:object', 'mc:AlternateContent', 'w:txbxContent', 'w:customXmlPr', 'w:sdtPr', 'w:sdtEndPr']);

export function nodeText(node: XmlElement): string {
  switch (node.name) {
    case 'w:t':
      return node.children.map((c) => (c.type === 'text' ? c.text : '')).join('');
    case 'w:tab':
    case 'w:ptab':
      return '\t';
    case 'w:br':
    case 'w:cr':
      return node.attrs['w:type'] === 'page' || node.attrs['w:type'] === 'column' ? '' : '\n';
    case 'w:noBreakHyphen':
      return '-';
    default:
      return '';
  }
}

export function isTextNode(node: XmlElement): boolean {
  return ['w:t', 'w:tab', 'w:ptab', 'w:br', 'w:cr', 'w:noBreakHyphen'].includes(node.name);
}

export function buildTextMap(paragraphs: XmlElement[]): TextMap {
  let text = '';
  const segments: Segment[] = [];
  const markOffsets: number[] = [];
  for (const paragraph of paragraphs) {
    const visit = (e: XmlElement) => {
      for (const c of e.children) {
        if (c.type !== 'element' || SKIP.has(c.name)) continue;
        if (c.name === 'w:r') {
          for (const node of c.children) {
            if (node.type !== 'element' || !isTextNode(node)) continue;
            const t = nodeText(node);
            if (!t) continue;
            segments.push({ paragraph, run: c, node, start: text.length, length: t.length });
            text += t;
          }
        } else if (c.name !== 'w:p' && c.name !== 'w:tbl') visit(c);
      }
    };
    visit(paragraph);
    markOffsets.push(text.length);
    if (paragraph !== paragraphs[paragraphs.length - 1]) text += '\n';
  }
  return { text, segments, paragraphs, markOffsets };
}

// Same length in, same length out: so offsets found in the folded text are offsets in the original.
const FOLD: Record<string, string> = { '‘': "'", '’': "'", '‚': "'", '“': '"', '”': '"', '„': '"', '–': '-', '—': '-', '‑': '-', '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ' };
function fold(s: string): string {
  return s.replace(/[‘’‚“”„–—‑\u00a0\u2009\u202f]/g, (c) => FOLD[c]);
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * A quote copied from the inline text view may carry its change and comment marks:
 * deleted text ({--x--}[#n]) is not part of the live text, inserted text ({++x++}[#n])
 * and highlighted text ({==x==}) are, comments ({>>...<<}) and mark signs are not;
 * a link shows as [text](url), of which only the text is in the paragraph.
 */
export function stripViewMarks(quote: string): string {
  return quote
    .replace(/\{--[\s\S]*?--\}(\[#[^\]]*\])?/g, '')
    .replace(/\{\+\+([\s\S]*?)\+\+\}(\[#[^\]]*\])?/g, '$1')
    .replace(/\{>>[\s\S]*?<<\}/g, '')
    .replace(/\{==([\s\S]*?)==\}/g, '$1')
    .replace(/¶[+-](\[#[^\]]*\])?/g, '')
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1');
}

/**
 * Where the quoted text is: exactly, else with typographic quotes, dashes and
 * non-breaking spaces folded. More than one match needs `occurrence` (1-based);
 * none, or an ambiguous one, is an error that says what the paragraph contains.
 */
export function findSpan(map: TextMap, quote: string, occurrence: number | undefined, where: string): { start: number; end: number } {
  if (quote === '') throw new DocumentError('INVALID_ARGUMENT', `${where}: the quoted text is empty`);
  let hits = occurrences(map.text, quote);
  if (hits.length === 0 && /\{(--|\+\+|==|>>)|¶|\]\(/.test(quote)) {
    quote = stripViewMarks(quote);
    if (quote === '') throw new DocumentError('INVALID_ARGUMENT', `${where}: the quoted text is only deleted text or marks`);
    hits = occurrences(map.text, quote);
  }
  if (hits.length === 0) hits = occurrences(fold(map.text), fold(quote));
  const excerpt = map.text.length > 160 ? `${map.text.slice(0, 157)}...` : map.text;
  if (hits.length === 0) throw new DocumentError('INVALID_ARGUMENT', `${where}: ${JSON.stringify(quote)} is not in the text ${JSON.stringify(excerpt)}`);
  if (occurrence !== undefined) {
    if (occurrence < 1 || occurrence > hits.length) throw new DocumentError('INVALID_ARGUMENT', `${where}: occurrence ${occurrence} asked, but ${JSON.stringify(quote)} occurs ${hits.length} time(s)`);
    return { start: hits[occurrence - 1], end: hits[occurrence - 1] + quote.length };
  }
  if (hits.length > 1) throw new DocumentError('INVALID_ARGUMENT', `${where}: ${JSON.stringify(quote)} occurs ${hits.length} times; quote more of the text or give "occurrence" (1 to ${hits.length})`);
  return { start: hits[0], end: hits[0] + quote.length };
}
