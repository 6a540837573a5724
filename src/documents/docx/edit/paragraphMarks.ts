// Paragraph marks of inserted or deleted paragraphs next to tables and at the end
// of a body or cell, where a mark cannot merge with a following paragraph.

import { serializeElement, type XmlElement } from '../../ooxml/xml';
import { markParagraphMark, type SpanContext } from './spans';

const BLOCK = new Set(['w:p', 'w:tbl']);

function rowsOf(tbl: XmlElement): XmlElement[] {
  return tbl.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:tr');
}

function cellsOf(tr: XmlElement): XmlElement[] {
  return tr.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:tc');
}

function markOf(p: XmlElement, kind: string): { rPr: XmlElement; mark: XmlElement } | undefined {
  const pPr = p.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:pPr');
  const rPr = pPr?.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:rPr');
  const mark = rPr?.children.find((c): c is XmlElement => c.type === 'element' && c.name === kind);
  return rPr && mark ? { rPr, mark } : undefined;
}

/** Paragraph properties without the mark's run properties, for comparing two paragraphs' looks. */
function propsKey(p: XmlElement): string {
  const pPr = p.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:pPr');
  if (!pPr) return '';
  return pPr.children.map((c) => (c.type === 'element' && c.name !== 'w:rPr' ? serializeElement(c) : '')).join('');
}

/**
 * A paragraph mark cannot merge into a following table or past the end of a cell or
 * the body, so an inserted or deleted paragraph there would leave an empty paragraph
 * behind. Word's own way: mark the preceding paragraph's mark instead (when both
 * paragraphs look alike, so the merge changes nothing but the text).
 */
export function relocateTrailingMarks(ctx: SpanContext, container: XmlElement, ours: (mark: XmlElement) => boolean): void {
  const kids = container.children.filter((c): c is XmlElement => c.type === 'element' && (BLOCK.has(c.name) || c.name === 'w:sectPr'));
  for (let i = 0; i < kids.length; i++) {
    const p = kids[i];
    if (p.name !== 'w:p' || kids[i + 1]?.name === 'w:p') continue;
    for (const kind of ['w:ins', 'w:del']) {
      const own = markOf(p, kind);
      if (!own || !ours(own.mark)) continue;
      let j = i - 1;
      while (j >= 0 && kids[j].name === 'w:p' && markOf(kids[j], kind)) j--;
      const prev = kids[j];
      if (!prev || prev.name !== 'w:p' || propsKey(prev) !== propsKey(p)) continue;
      ctx.tree.remove(own.mark);
      markParagraphMark(ctx, prev, kind as 'w:ins' | 'w:del');
    }
  }
  for (const k of kids) if (k.name === 'w:tbl') for (const tr of rowsOf(k)) for (const tc of cellsOf(tr)) relocateTrailingMarks(ctx, tc, ours);
}
