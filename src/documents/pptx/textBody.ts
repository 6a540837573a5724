// DrawingML text bodies (`p:txBody`, `a:txBody` in table cells): paragraphs with their
// level and whether they show a bullet. Runs, fields and line breaks make the text;
// a line break inside a paragraph is "\v" (as PowerPoint's own object model has it).

import { child, childrenNamed, type XmlElement } from '../ooxml';
import type { PptxParagraph, PptxRun } from './model';

/** Placeholder types whose paragraphs carry the master's body bullets unless told otherwise. */
const BULLETED_PLACEHOLDERS = new Set(['body', 'obj']);

export function paragraphText(p: XmlElement): string {
  let s = '';
  for (const c of p.children) {
    if (c.type !== 'element') continue;
    if (c.name === 'a:r' || c.name === 'a:fld') {
      const t = child(c, 'a:t');
      if (t) for (const x of t.children) if (x.type === 'text') s += x.text;
    } else if (c.name === 'a:br') s += '\v';
  }
  return s;
}

const flag = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === '1' || v === 'true');

/** The runs and fields of a paragraph with the formatting written on them. */
function runsOf(p: XmlElement, linkTarget?: (relId: string) => string | undefined): PptxRun[] {
  const out: PptxRun[] = [];
  for (const c of p.children) {
    if (c.type !== 'element' || (c.name !== 'a:r' && c.name !== 'a:fld')) continue;
    const rPr = child(c, 'a:rPr');
    const t = child(c, 'a:t');
    let s = '';
    if (t) for (const x of t.children) if (x.type === 'text') s += x.text;
    const relId = rPr && child(rPr, 'a:hlinkClick')?.attrs['r:id'];
    const link = relId ? (linkTarget?.(relId) ?? relId) : undefined;
    const bold = flag(rPr?.attrs.b);
    const italic = flag(rPr?.attrs.i);
    const underline = rPr?.attrs.u === undefined ? undefined : rPr.attrs.u !== 'none';
    out.push({
      text: s,
      ...(bold !== undefined ? { bold } : {}),
      ...(italic !== undefined ? { italic } : {}),
      ...(underline !== undefined ? { underline } : {}),
      ...(link ? { link } : {}),
      ...(c.name === 'a:fld' ? { field: c.attrs.type ?? '' } : {}),
    });
  }
  return out;
}

/** `linkTarget` resolves a hyperlink's relationship id to its target. */
export function readTextBody(body: XmlElement | undefined, placeholderType?: string, linkTarget?: (relId: string) => string | undefined): PptxParagraph[] {
  if (!body) return [];
  const inherit = placeholderType !== undefined && BULLETED_PLACEHOLDERS.has(placeholderType);
  return childrenNamed(body, 'a:p').map((p) => {
    const pPr = child(p, 'a:pPr');
    const level = Number(pPr?.attrs.lvl ?? 0) || 0;
    let bullet = inherit;
    if (pPr && (child(pPr, 'a:buChar') || child(pPr, 'a:buAutoNum') || child(pPr, 'a:buBlip'))) bullet = true;
    if (pPr && child(pPr, 'a:buNone')) bullet = false;
    const text = paragraphText(p);
    const runs = runsOf(p, linkTarget);
    return { text, level: Math.max(0, Math.min(8, level)), bullet: bullet && text !== '', ...(runs.length > 1 || runs.some((r) => r.link) ? { runs } : {}) };
  });
}

/** Paragraph texts joined by newlines. */
export function bodyText(paragraphs: PptxParagraph[]): string {
  return paragraphs.map((p) => p.text).join('\n');
}

/** One paragraph's text for a one-line-per-paragraph view: a line break inside it shows as " / ". */
export function lineText(text: string): string {
  return text.replace(/\v|\r?\n/g, ' / ');
}

/** A whole body on one line: " ¶ " between paragraphs, " / " for line breaks. */
export function oneLineText(paragraphs: PptxParagraph[]): string {
  return paragraphs.map((p) => lineText(p.text)).join(' ¶ ');
}

/** No paragraph has any text (an empty placeholder shows its prompt instead). */
export function isEmptyBody(paragraphs: PptxParagraph[]): boolean {
  return paragraphs.every((p) => p.text === '');
}
