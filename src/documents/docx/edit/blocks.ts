// Whole paragraphs and table rows: inserting them (content in w:ins, the mark or
// the row marked inserted) and deleting them (content in w:del, the mark or the
// row marked deleted), or doing it directly when changes are not tracked.

import { DocumentError } from '../../ooxml/documentError';
import { REL } from '../../ooxml/relationships';
import { parseXml, type XmlElement } from '../../ooxml/xml';
import { el, elements } from '../../ooxml/xmlTree';
import { inlineXml } from '../createRuns';
import type { Inline } from '../createSpec';
import { cleanRunProperties } from './runs';
import type { EditSession } from './session';
import { contentNodes, deleteSpan, markParagraphMark, revision, type SpanContext } from './spans';
import { buildTextMap } from './textMap';
import { cloneElement } from './tree';

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Runs for inline content (text or formatted runs, links related from `part`). */
export function inlineRuns(session: EditSession, part: string, inline: Inline): XmlElement[] {
  const xml = inlineXml(inline, { hyperlink: (url) => session.pkg.addRelationship(part, REL.hyperlink, url, true) });
  return elements(parseXml(`<w:p ${NS}>${xml}</w:p>`).root);
}

/** Paragraph properties to give a new paragraph modelled on `like`: revision marks and section breaks dropped. */
function propertiesLike(like: XmlElement | undefined, style: string | undefined): XmlElement | undefined {
  const pPr = like?.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:pPr');
  const copy = pPr ? cloneElement(pPr) : el('w:pPr');
  copy.children = copy.children.filter((c) => !(c.type === 'element' && ['w:sectPr', 'w:pPrChange'].includes(c.name)));
  for (const c of copy.children) {
    if (c.type === 'element' && c.name === 'w:rPr') {
      const clean = cleanRunProperties(c);
      c.children = clean ? clean.children : [];
    }
  }
  copy.children = copy.children.filter((c) => !(c.type === 'element' && c.name === 'w:rPr' && c.children.length === 0));
  if (style) {
    copy.children = copy.children.filter((c) => !(c.type === 'element' && c.name === 'w:pStyle'));
    copy.children.unshift(el('w:pStyle', { 'w:val': style }));
  }
  return copy.children.length ? copy : undefined;
}

function newParagraph(session: EditSession, ctx: SpanContext, part: string, inline: Inline, like: XmlElement | undefined, style?: string): XmlElement {
  const pPr = propertiesLike(like, style);
  const p = el('w:p', {}, pPr ? [pPr] : []);
  p.children.push(...contentNodes(ctx, inlineRuns(session, part, inline)));
  return p;
}

/** Inserts a paragraph before or after `ref`; returns it. */
export function insertParagraph(session: EditSession, part: string, ref: XmlElement, position: 'before' | 'after', inline: Inline, style?: string): XmlElement {
  const ctx = session.spanContext(part);
  const p = newParagraph(session, ctx, part, inline, ref, style);
  if (position === 'after') ctx.tree.insertAfter(ref, [p]);
  else ctx.tree.insertBefore(ref, [p]);
  if (ctx.track) markParagraphMark(ctx, p, 'w:ins');
  return p;
}

/** Is `p` the last paragraph of its body, cell, header or note (whose mark cannot go)? */
function lastInContainer(ctx: SpanContext, p: XmlElement): boolean {
  const parent = ctx.tree.parent(p);
  if (!parent) return true;
  const after = parent.children.slice(parent.children.indexOf(p) + 1);
  return !after.some((n) => n.type === 'element' && (n.name === 'w:p' || n.name === 'w:tbl' || n.name === 'w:sdt'));
}

/** Deletes the paragraphs' text and marks; returns the first and last deletion for a comment. */
export function deleteParagraphs(session: EditSession, part: string, paragraphs: XmlElement[]): { first?: XmlElement; last?: XmlElement } {
  const ctx = session.spanContext(part);
  if (!ctx.track) {
    for (const p of paragraphs) {
      if (lastInContainer(ctx, p)) {
        // A body or cell must keep a last paragraph: empty it instead.
        p.children = p.children.filter((c) => c.type === 'element' && c.name === 'w:pPr');
        ctx.tree.touch();
      } else ctx.tree.remove(p);
    }
    return {};
  }
  let first: XmlElement | undefined;
  let last: XmlElement | undefined;
  for (const p of paragraphs) {
    const map = buildTextMap([p]);
    const r = map.text.length ? deleteSpan(ctx, map, 0, map.text.length) : { first: undefined, last: undefined };
    first ??= r.first;
    last = r.last ?? last;
    if (!lastInContainer(ctx, p)) markParagraphMark(ctx, p, 'w:del');
  }
  return { first, last };
}

export function rowOf(session: EditSession, part: string, p: XmlElement, where: string): XmlElement {
  const row = session.tree(part).ancestor(p, ['w:tr']);
  if (!row) throw new DocumentError('INVALID_ARGUMENT', `${where}: the paragraph is not in a table row`);
  return row;
}

function addRowMark(ctx: SpanContext, row: XmlElement, kind: 'w:ins' | 'w:del'): void {
  let trPr = row.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:trPr');
  if (!trPr) {
    trPr = el('w:trPr');
    const at = row.children.findIndex((c) => c.type === 'element' && c.name === 'w:tc');
    ctx.tree.insertInto(row, [trPr], at < 0 ? row.children.length : at);
  }
  const change = trPr.children.findIndex((c) => c.type === 'element' && c.name === 'w:trPrChange');
  ctx.tree.insertInto(trPr, [revision(ctx, kind)], change < 0 ? trPr.children.length : change);
}

/** Inserts a row modelled on `ref` (cell widths, properties) with one paragraph per cell. */
export function insertRow(session: EditSession, part: string, ref: XmlElement, position: 'before' | 'after', cells: Inline[], where: string): XmlElement {
  const ctx = session.spanContext(part);
  const refCells = ref.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:tc');
  if (cells.length > refCells.length) throw new DocumentError('INVALID_ARGUMENT', `${where}: ${cells.length} cells given, but the row has ${refCells.length}`);
  const row = el('w:tr', {});
  const trPr = ref.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:trPr');
  if (trPr) {
    const copy = cloneElement(trPr);
    copy.children = copy.children.filter((c) => !(c.type === 'element' && ['w:ins', 'w:del', 'w:trPrChange', 'w:tblHeader'].includes(c.name)));
    row.children.push(copy);
  }
  refCells.forEach((cell, i) => {
    const tcPr = cell.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:tcPr');
    const firstPara = cell.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:p');
    const tc = el('w:tc', {}, tcPr ? [cloneElement(tcPr)] : []);
    if (tcPr) {
      const copy = tc.children[0] as XmlElement;
      copy.children = copy.children.filter((c) => !(c.type === 'element' && ['w:vMerge', 'w:tcPrChange', 'w:cellIns', 'w:cellDel'].includes(c.name)));
    }
    tc.children.push(newParagraph(session, ctx, part, cells[i] ?? '', firstPara));
    row.children.push(tc);
  });
  if (position === 'after') ctx.tree.insertAfter(ref, [row]);
  else ctx.tree.insertBefore(ref, [row]);
  if (ctx.track) {
    addRowMark(ctx, row, 'w:ins');
    for (const p of row.children) if (p.type === 'element' && p.name === 'w:tc') for (const q of p.children) if (q.type === 'element' && q.name === 'w:p') markParagraphMark(ctx, q, 'w:ins');
  }
  return row;
}

/** Deletes a table row: its text in w:del and the row marked deleted (or removed outright). */
export function deleteRow(session: EditSession, part: string, row: XmlElement): { first?: XmlElement; last?: XmlElement } {
  const ctx = session.spanContext(part);
  if (!ctx.track) {
    ctx.tree.remove(row);
    return {};
  }
  const paragraphs: XmlElement[] = [];
  for (const tc of row.children) if (tc.type === 'element' && tc.name === 'w:tc') for (const p of tc.children) if (p.type === 'element' && p.name === 'w:p') paragraphs.push(p);
  let first: XmlElement | undefined;
  let last: XmlElement | undefined;
  for (const p of paragraphs) {
    const map = buildTextMap([p]);
    if (!map.text.length) continue;
    const r = deleteSpan(ctx, map, 0, map.text.length);
    first ??= r.first;
    last = r.last ?? last;
  }
  addRowMark(ctx, row, 'w:del');
  return { first, last };
}
