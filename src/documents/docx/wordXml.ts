// Small readers over WordprocessingML elements used by the story walker: which
// elements carry revisions, run formatting, outline levels, math text, images.

import { attr, child, type OoxmlPackage, type XmlElement } from '../ooxml';
import type { ImageRef, RevisionKind, RunFormat } from './model';

export const CONTENT_KINDS: Record<string, RevisionKind> = { 'w:ins': 'insertion', 'w:del': 'deletion', 'w:moveFrom': 'moveFrom', 'w:moveTo': 'moveTo' };
export const MARK_KINDS: Record<string, RevisionKind> = { 'w:ins': 'paragraphInsertion', 'w:del': 'paragraphDeletion', 'w:moveTo': 'paragraphInsertion', 'w:moveFrom': 'paragraphDeletion' };
export const PROP_CHANGES: Record<string, RevisionKind> = {
  'w:rPrChange': 'runFormat', 'w:pPrChange': 'paragraphFormat', 'w:sectPrChange': 'sectionFormat',
  'w:tblPrChange': 'tableFormat', 'w:tblGridChange': 'tableFormat', 'w:trPrChange': 'tableFormat', 'w:tcPrChange': 'tableFormat', 'w:tblPrExChange': 'tableFormat',
};
export const TRANSPARENT = new Set(['w:smartTag', 'w:customXml', 'w:fldSimple', 'w:dir', 'w:bdo']);

export const IMAGE_REF = (e: XmlElement) => e.name === 'a:blip' || e.name === 'v:imagedata';

export function findDeep(e: XmlElement, pred: (e: XmlElement) => boolean): XmlElement | undefined {
  for (const c of e.children) {
    if (c.type !== 'element') continue;
    if (pred(c)) return c;
    const f = findDeep(c, pred);
    if (f) return f;
  }
  return undefined;
}

/** Children named `name`, looking through w:sdt/w:sdtContent and w:customXml wrappers. */
export function flatten(e: XmlElement, name: string): { el: XmlElement; parent: XmlElement }[] {
  const out: { el: XmlElement; parent: XmlElement }[] = [];
  for (const c of e.children) {
    if (c.type !== 'element') continue;
    if (c.name === name) out.push({ el: c, parent: e });
    else if (c.name === 'w:sdt') {
      const content = child(c, 'w:sdtContent');
      if (content) out.push(...flatten(content, name));
    } else if (c.name === 'w:customXml') out.push(...flatten(c, name));
  }
  return out;
}

export function outlineLevel(pPr: XmlElement): number | undefined {
  const v = attr(child(pPr, 'w:outlineLvl'), 'w:val');
  if (v === undefined) return undefined;
  const n = Number(v);
  return n >= 0 && n < 9 ? n + 1 : undefined;
}

function on(e: XmlElement | undefined): boolean | undefined {
  if (!e) return undefined;
  const v = e.attrs['w:val'];
  return v === undefined || !(v === '0' || v === 'false' || v === 'none');
}

export function runFormat(rPr: XmlElement): RunFormat | undefined {
  const f: RunFormat = {};
  if (on(child(rPr, 'w:b'))) f.bold = true;
  if (on(child(rPr, 'w:i'))) f.italic = true;
  if (on(child(rPr, 'w:u'))) f.underline = true;
  if (on(child(rPr, 'w:strike')) || on(child(rPr, 'w:dstrike'))) f.strike = true;
  const style = attr(child(rPr, 'w:rStyle'), 'w:val');
  if (style) f.styleId = style;
  return Object.keys(f).length ? f : undefined;
}

export function mathText(e: XmlElement): string {
  let s = '';
  for (const c of e.children) {
    if (c.type !== 'element') continue;
    if (c.name === 'm:t') for (const t of c.children) s += t.type === 'text' ? t.text : '';
    else s += mathText(c);
  }
  return s;
}

/** An image's relationship, part, description and size (revision marks are the walker's). */
export function imageRef(container: XmlElement, pkg: OoxmlPackage, part: string): ImageRef | undefined {
  const ref = findDeep(container, IMAGE_REF);
  if (!ref) return undefined;
  const relId = ref.attrs['r:embed'] ?? ref.attrs['r:link'] ?? ref.attrs['r:id'] ?? '';
  const rel = pkg.relationship(part, relId);
  const docPr = findDeep(container, (e) => e.name === 'wp:docPr');
  const extent = findDeep(container, (e) => e.name === 'wp:extent');
  const img: ImageRef = { type: 'image', relId };
  if (rel?.targetEntry && !rel.external) img.part = rel.targetEntry;
  const description = docPr?.attrs.descr || docPr?.attrs.title || ref.attrs['o:title'];
  if (description) img.description = description;
  if (extent) {
    img.widthEmu = Number(extent.attrs.cx);
    img.heightEmu = Number(extent.attrs.cy);
  }
  return img;
}
