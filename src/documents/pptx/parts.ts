// Opens a PowerPoint package and finds its parts through relationships: the
// presentation, its masters and slides in `p:sldIdLst` order, each slide's layout and
// notes. Names are never assumed (`slide7.xml` may be the second slide).

import { DocumentError, OoxmlPackage, child, childrenNamed, relsEntryFor, type OpenOptions, type XmlElement } from '../ooxml';

const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
export const PPTX_REL = {
  slide: RT + 'slide',
  slideLayout: RT + 'slideLayout',
  slideMaster: RT + 'slideMaster',
  notesSlide: RT + 'notesSlide',
  notesMaster: RT + 'notesMaster',
  handoutMaster: RT + 'handoutMaster',
  theme: RT + 'theme',
  image: RT + 'image',
  chart: RT + 'chart',
  package: RT + 'package',
  oleObject: RT + 'oleObject',
} as const;

export const PPTX_CT = {
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notesSlide: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  slideLayout: 'application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml',
  slideMaster: 'application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
} as const;

export const MAIN_CONTENT_TYPES = [
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml',
  'application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml',
  'application/vnd.ms-powerpoint.template.macroEnabled.main+xml',
];

export const EXPECTED = 'a PowerPoint presentation (.pptx)';

export function openPptxPackage(data: Uint8Array, opts: OpenOptions = {}): OoxmlPackage {
  const pkg = OoxmlPackage.open(data, { expected: EXPECTED, ...opts });
  const main = pkg.mainEntry();
  const ct = pkg.contentType(main);
  if (ct && !MAIN_CONTENT_TYPES.includes(ct)) {
    const what = ct.includes('wordprocessingml') ? 'a Word document' : ct.includes('spreadsheetml') ? 'an Excel workbook' : `a package of type ${ct}`;
    throw new DocumentError('NOT_A_PACKAGE', `this is ${what}, not ${EXPECTED}`, main);
  }
  const root = pkg.xml(main).root;
  if (root.name !== 'p:presentation') throw new DocumentError('CORRUPT', `${main} has root <${root.name}>, not <p:presentation>`, main);
  return pkg;
}

export interface SlideRef {
  slideId: string;
  relId: string;
  part: string;
}

export interface DeckParts {
  main: string;
  slides: SlideRef[];
  masters: string[];
  notesMaster?: string;
}

/** The target entry of a relationship by id, or an error naming the part. */
function target(pkg: OoxmlPackage, source: string, relId: string, what: string): string {
  const rel = pkg.relationship(source, relId);
  if (!rel || rel.external || !rel.targetEntry) throw new DocumentError('CORRUPT', `${source} lists a ${what} as "${relId}", but its relationships (${relsEntryFor(source)}) have no such internal relationship`, source);
  if (!pkg.has(rel.targetEntry)) throw new DocumentError('MISSING_PART', `${source}: ${what} ${relId} points to ${rel.targetEntry}, which is missing`, rel.targetEntry);
  return rel.targetEntry;
}

export function findDeckParts(pkg: OoxmlPackage): DeckParts {
  const main = pkg.mainEntry();
  const root = pkg.xml(main).root;
  const idList = (list: string, item: string) => {
    const l = child(root, list);
    return l ? childrenNamed(l, item) : [];
  };
  const slides = idList('p:sldIdLst', 'p:sldId').map((s) => ({
    slideId: s.attrs.id ?? '',
    relId: s.attrs['r:id'] ?? '',
    part: target(pkg, main, s.attrs['r:id'] ?? '', 'slide'),
  }));
  const masters = idList('p:sldMasterIdLst', 'p:sldMasterId').map((m) => target(pkg, main, m.attrs['r:id'] ?? '', 'slide master'));
  const nm = idList('p:notesMasterIdLst', 'p:notesMasterId')[0];
  return { main, slides, masters, notesMaster: nm ? target(pkg, main, nm.attrs['r:id'] ?? '', 'notes master') : undefined };
}

/** The single related part of a type (a slide's layout, its notes), if present. */
export function relatedPart(pkg: OoxmlPackage, source: string, type: string): string | undefined {
  const rel = pkg.relationships(source).find((r) => r.type === type && !r.external && r.targetEntry);
  return rel?.targetEntry && pkg.has(rel.targetEntry) ? rel.targetEntry : undefined;
}

/** A slide's layout; a slide without one (or pointing to a missing part) is an error. */
export function layoutOf(pkg: OoxmlPackage, slidePart: string): string {
  const rel = pkg.relationships(slidePart).find((r) => r.type === PPTX_REL.slideLayout);
  if (!rel?.targetEntry) throw new DocumentError('MISSING_PART', `${slidePart} has no slide layout relationship; every slide needs a layout`, slidePart);
  if (!pkg.has(rel.targetEntry)) throw new DocumentError('MISSING_PART', `${slidePart} uses the layout ${rel.targetEntry}, which is missing from the package`, rel.targetEntry);
  return rel.targetEntry;
}

/** Layouts of a master, in `p:sldLayoutIdLst` order. */
export function layoutsOf(pkg: OoxmlPackage, master: string): string[] {
  const l = child(pkg.xml(master).root, 'p:sldLayoutIdLst');
  if (!l) return [];
  return childrenNamed(l, 'p:sldLayoutId').map((e) => target(pkg, master, e.attrs['r:id'] ?? '', 'slide layout'));
}

/** The `p:spTree` of a slide, layout, master or notes part. */
export function shapeTree(root: XmlElement, part: string): XmlElement {
  const tree = child(child(root, 'p:cSld') ?? root, 'p:spTree');
  if (!tree) throw new DocumentError('CORRUPT', `${part} has no p:cSld/p:spTree`, part);
  return tree;
}
