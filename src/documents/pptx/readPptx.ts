// Reads a presentation into the model: slides in presentation order with shapes, text,
// tables, images, notes and hidden flag; layouts with their placeholders. Placeholders
// without their own position take the one of the matching layout (then master)
// placeholder, so the inventory says where text really sits.

import { DocumentError, child, type OoxmlPackage } from '../ooxml';
import type { PptxDeck, PptxLayout, PptxShape, PptxSlide } from './model';
import { findDeckParts, layoutOf, layoutsOf, openPptxPackage, PPTX_REL, relatedPart, shapeTree } from './parts';
import { walkShapes, type WalkResult } from './shapeWalker';
import { bodyText } from './textBody';

export interface ReadOptions {
  /** Keep the element maps (for code that edits the slides). */
  trace?: boolean;
}

export interface DeckTrace {
  /** Slide part -> its walk (elements by shape id, cell bodies). */
  slides: Map<string, WalkResult>;
}

const TITLE_TYPES = new Set(['title', 'ctrTitle']);

function sameKind(a: string, b: string): boolean {
  if (a === b) return true;
  if (TITLE_TYPES.has(a) && TITLE_TYPES.has(b)) return true;
  const bodyLike = (t: string) => t === 'body' || t === 'obj' || t === 'subTitle';
  return bodyLike(a) && bodyLike(b);
}

/** The placeholder on a layout or master that a placeholder inherits from. */
function inheritFrom(shape: PptxShape, candidates: PptxShape[]): PptxShape | undefined {
  const ph = shape.placeholder!;
  const phs = candidates.filter((c) => c.placeholder);
  if (ph.idx !== undefined) {
    const byIdx = phs.find((c) => c.placeholder!.idx === ph.idx);
    if (byIdx) return byIdx;
  }
  return phs.find((c) => c.placeholder!.type === ph.type) ?? phs.find((c) => sameKind(c.placeholder!.type, ph.type));
}

export function readPptxPackage(pkg: OoxmlPackage, opts: ReadOptions = {}): { deck: PptxDeck; trace: DeckTrace } {
  const parts = findDeckParts(pkg);
  const pres = pkg.xml(parts.main).root;
  const sz = child(pres, 'p:sldSz');
  const slideSize = { cx: Number(sz?.attrs.cx ?? 9144000) || 9144000, cy: Number(sz?.attrs.cy ?? 6858000) || 6858000 };

  const masterShapes = new Map<string, PptxShape[]>();
  const layouts: PptxLayout[] = [];
  const layoutByPart = new Map<string, PptxLayout>();
  for (const [m, master] of parts.masters.entries()) {
    masterShapes.set(master, walkShapes(pkg, master, shapeTree(pkg.xml(master).root, master), `m${m + 1}`).shapes);
    for (const part of layoutsOf(pkg, master)) {
      if (layoutByPart.has(part)) continue;
      const root = pkg.xml(part).root;
      const id = `l${layouts.length + 1}`;
      const shapes = walkShapes(pkg, part, shapeTree(root, part), id).shapes.filter((s) => s.placeholder);
      const layout: PptxLayout = { id, part, name: child(root, 'p:cSld')?.attrs.name ?? '', ...(root.attrs.type ? { type: root.attrs.type } : {}), master, placeholders: shapes };
      inheritBoxes(layout.placeholders, [], masterShapes.get(master) ?? []);
      layouts.push(layout);
      layoutByPart.set(part, layout);
    }
  }

  const trace: DeckTrace = { slides: new Map() };
  const slides: PptxSlide[] = parts.slides.map((ref, i) => {
    const root = pkg.xml(ref.part).root;
    if (root.name !== 'p:sld') throw new DocumentError('CORRUPT', `${ref.part} has root <${root.name}>, not <p:sld>`, ref.part);
    const layoutPart = layoutOf(pkg, ref.part);
    const layout = layoutByPart.get(layoutPart) ?? readStrayLayout(pkg, layoutPart, layouts, layoutByPart);
    const walked = walkShapes(pkg, ref.part, shapeTree(root, ref.part), `s${i + 1}`);
    if (opts.trace) trace.slides.set(ref.part, walked);
    inheritBoxes(walked.shapes, layout.placeholders, masterShapes.get(layout.master) ?? []);
    const titleShape = walked.shapes.find((s) => s.placeholder && TITLE_TYPES.has(s.placeholder.type));
    const notesPart = relatedPart(pkg, ref.part, PPTX_REL.notesSlide);
    const notes = notesPart ? readNotes(pkg, notesPart) : undefined;
    return {
      number: i + 1,
      slideId: ref.slideId,
      part: ref.part,
      layout: { part: layout.part, name: layout.name, ...(layout.type ? { type: layout.type } : {}) },
      hidden: root.attrs.show === '0',
      ...(titleShape ? { title: bodyText(titleShape.paragraphs).replace(/\v/g, ' ') } : {}),
      shapes: walked.shapes,
      tables: walked.tables,
      images: walked.images,
      ...(notes !== undefined ? { notes, notesPart } : {}),
    };
  });
  return { deck: { slideSize, slides, layouts, masters: parts.masters }, trace };
}

/** A layout a slide uses that no master lists (damaged decks): read it on its own. */
function readStrayLayout(pkg: OoxmlPackage, part: string, layouts: PptxLayout[], byPart: Map<string, PptxLayout>): PptxLayout {
  const root = pkg.xml(part).root;
  const id = `l${layouts.length + 1}`;
  const master = relatedPart(pkg, part, PPTX_REL.slideMaster) ?? '';
  const layout: PptxLayout = { id, part, name: child(root, 'p:cSld')?.attrs.name ?? '', master, placeholders: walkShapes(pkg, part, shapeTree(root, part), id).shapes.filter((s) => s.placeholder) };
  layouts.push(layout);
  byPart.set(part, layout);
  return layout;
}

function inheritBoxes(shapes: PptxShape[], layout: PptxShape[], master: PptxShape[]): void {
  for (const s of shapes) {
    if (s.box || !s.placeholder) continue;
    const fromLayout = inheritFrom(s, layout);
    if (fromLayout?.box) {
      s.box = fromLayout.box;
      s.boxFrom = fromLayout.boxFrom === 'master' ? 'master' : 'layout';
      continue;
    }
    const fromMaster = inheritFrom(fromLayout ?? s, master);
    if (fromMaster?.box) {
      s.box = fromMaster.box;
      s.boxFrom = 'master';
    }
  }
}

/** The text of a notes slide: its body placeholders (not the slide image, number, date). */
export function readNotes(pkg: OoxmlPackage, part: string): string {
  const shapes = walkShapes(pkg, part, shapeTree(pkg.xml(part).root, part), 'n').shapes;
  return shapes
    .filter((s) => s.placeholder?.type === 'body' || (!s.placeholder && s.hasText))
    .map((s) => bodyText(s.paragraphs))
    .filter((t) => t.trim() !== '')
    .join('\n');
}

export function readPptx(data: Uint8Array): PptxDeck {
  return readPptxPackage(openPptxPackage(data)).deck;
}
