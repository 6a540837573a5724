// The text bodies a deck-wide `fill` reaches besides the slides' own shapes: the speaker
// notes of every slide, every layout and master (a "{{client}}" in a footer text box on
// the master shows on every slide) and the notes master. Each comes with an id that says
// where it sits: `s2.notes.sh3` (notes of slide 2), `l1.sh4` (layout 1, numbered as the
// inventory numbers layouts), `m1.sh5` (master 1), `notesMaster.sh2`.

import { child, type OoxmlPackage, type XmlElement } from '../ooxml';
import type { PptxDeck } from './model';
import { findDeckParts, shapeTree } from './parts';
import { walkShapes } from './shapeWalker';

export interface FillBody {
  id: string;
  part: string;
  body: XmlElement;
}

/** Every text body (shapes and table cells) of one part, with ids under `prefix`. */
function bodiesOf(pkg: OoxmlPackage, part: string, prefix: string): FillBody[] {
  const walked = walkShapes(pkg, part, shapeTree(pkg.xml(part).root, part), prefix);
  const out: FillBody[] = [];
  for (const [id, e] of walked.elements) {
    const body = child(e, 'p:txBody');
    if (body) out.push({ id, part, body });
  }
  for (const [id, body] of walked.cellBodies) out.push({ id, part, body });
  return out;
}

/** Notes, layouts, masters and the notes master of a deck, each part once. */
export function bodiesBeyondSlides(pkg: OoxmlPackage, deck: PptxDeck): FillBody[] {
  const seen = new Set<string>();
  const out: FillBody[] = [];
  const add = (part: string | undefined, prefix: string) => {
    if (!part || seen.has(part) || !pkg.has(part)) return;
    seen.add(part);
    out.push(...bodiesOf(pkg, part, prefix));
  };
  for (const slide of deck.slides) add(slide.notesPart, `s${slide.number}.notes`);
  for (const layout of deck.layouts) add(layout.part, layout.id);
  deck.masters.forEach((m, i) => add(m, `m${i + 1}`));
  add(findDeckParts(pkg).notesMaster, 'notesMaster');
  return out;
}
