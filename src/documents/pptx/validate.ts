// Structural validation of a deck: the package checks every OOXML file gets
// (ooxml/packageChecks.ts) plus PowerPoint's own: the slide list (ids unique and in
// range, each naming a slide part), every slide on an existing layout, shape ids unique
// per slide, notes pointing back at their slide. Findings, not exceptions.

import { DocumentError, child, childrenNamed } from '../ooxml';
import { checkPackage } from '../ooxml/packageChecks';
import { findDeckParts, openPptxPackage, PPTX_REL } from './parts';
import { readPptxPackage } from './readPptx';

export interface PptxFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  part?: string;
}

export function validatePptx(data: Uint8Array): PptxFinding[] {
  const pkg = openPptxPackage(data);
  const findings: PptxFinding[] = [];
  const add = (severity: 'error' | 'warning', code: string, message: string, part?: string) => findings.push({ severity, code, message, ...(part ? { part } : {}) });
  const broken = checkPackage(pkg, add);
  if (broken.size) return findings;
  let parts;
  try {
    parts = findDeckParts(pkg);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    add('error', 'SLIDE_LIST_INVALID', err.message, err.part);
    return findings;
  }
  const list = child(pkg.xml(parts.main).root, 'p:sldIdLst');
  const ids = new Set<string>();
  for (const s of list ? childrenNamed(list, 'p:sldId') : []) {
    const id = Number(s.attrs.id);
    if (!Number.isInteger(id) || id < 256 || id >= 2147483648) add('error', 'SLIDE_ID_INVALID', `slide id ${s.attrs.id} is outside 256..2147483647`, parts.main);
    if (ids.has(s.attrs.id)) add('error', 'DUPLICATE_SLIDE_ID', `slide id ${s.attrs.id} is used twice`, parts.main);
    ids.add(s.attrs.id);
  }
  const seenParts = new Set<string>();
  for (const ref of parts.slides) {
    if (seenParts.has(ref.part)) add('error', 'SLIDE_LISTED_TWICE', `${ref.part} is in the slide list twice`, parts.main);
    seenParts.add(ref.part);
    if (pkg.xml(ref.part).root.name !== 'p:sld') add('error', 'SLIDE_INVALID', `${ref.part} is not a p:sld`, ref.part);
    const notes = pkg.relationships(ref.part).find((r) => r.type === PPTX_REL.notesSlide)?.targetEntry;
    if (notes && pkg.has(notes)) {
      const back = pkg.relationships(notes).find((r) => r.type === PPTX_REL.slide)?.targetEntry;
      if (back !== ref.part) add('warning', 'NOTES_MISMATCH', `${notes} belongs to ${back ?? 'no slide'}, not ${ref.part}`, notes);
    }
  }
  try {
    const { deck } = readPptxPackage(pkg);
    for (const s of deck.slides) {
      const dup = s.shapes.filter((x) => x.id.includes('#'));
      if (dup.length) add('warning', 'DUPLICATE_SHAPE_ID', `${s.part}: shape id${dup.length > 1 ? 's' : ''} ${[...new Set(dup.map((d) => d.shapeId))].join(', ')} used more than once`, s.part);
    }
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    add('error', err.code === 'MISSING_PART' ? 'LAYOUT_MISSING' : err.code, err.message, err.part);
  }
  return findings;
}
