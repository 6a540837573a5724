// Replaces the text of shapes and table cells by id (the ids of the inventory), keeping
// their formatting down to the run: paragraph properties, each run's properties and
// hyperlinks stay, and runs whose text does not change are left exactly as they were
// (replaceSpec.ts: the map; fillBody.ts and runEdit.ts: the edit). A deck-wide `fill`
// replaces placeholders such as "{{client}}" in every shape and cell. Shapes not named
// are not touched; parts without a change are copied byte for byte.

import { DocumentError, REL, child, el, type OoxmlPackage, type XmlElement } from '../ooxml';
import { fillPlaceholders, fillTextBody, type BodyContext } from './fillBody';
import { openPptxPackage } from './parts';
import { readPptxPackage } from './readPptx';
import { toBodyPlan, toFillPairs, type BodyPlan } from './replaceSpec';

export type { ParagraphSpec, Replacement, RunSpec } from './replaceSpec';

export interface ReplaceOptions {
  /** Placeholder text -> value, replaced in every shape and table cell of every slide. */
  fill?: Record<string, string>;
}

export interface ReplaceResult {
  data: Buffer;
  replaced: string[];
  /** Ids of the shapes and cells where the deck-wide fill found something. */
  filled: string[];
  /** Parts written anew (slides, and a slide's relationships when a link was added). */
  touchedParts: string[];
}

const fail = (msg: string): never => {
  throw new DocumentError('INVALID_ARGUMENT', msg);
};

/** The text body of a shape; a placeholder shape without one gets one (it shows the layout's prompt until filled). */
function textBodyOf(id: string, shape: XmlElement): XmlElement {
  const body = child(shape, 'p:txBody');
  if (body) return body;
  if (shape.name !== 'p:sp') return fail(`${id} is a ${shape.name === 'p:pic' ? 'picture' : shape.name === 'p:graphicFrame' ? 'graphic frame (table, chart or diagram)' : 'shape'} without text; give a shape or table cell id from the inventory`);
  const fresh = el('p:txBody', {}, [el('a:bodyPr'), el('a:lstStyle'), el('a:p')]);
  const spPr = shape.children.findIndex((c) => c.type === 'element' && c.name === 'p:spPr');
  shape.children.splice(spPr < 0 ? shape.children.length : spPr + 1, 0, fresh);
  return fresh;
}

/** Hyperlinks from a slide: one external relationship per URL (reused when the slide has it). */
function linker(pkg: OoxmlPackage, part: string): (url: string) => string {
  return (url) => {
    const have = pkg.relationships(part).find((r) => r.type === REL.hyperlink && r.external && r.target === url);
    if (have) return have.id;
    const root = pkg.editXml(part).root;
    root.attrs['xmlns:r'] ??= 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    return pkg.addRelationship(part, REL.hyperlink, url, true);
  };
}

interface Target {
  id: string;
  part: string;
  /** The text body, made on first use for an empty placeholder. */
  body: () => XmlElement;
  /** Only shapes and cells that already have text take part in a deck-wide fill. */
  existing?: XmlElement;
}

export function replaceText(data: Uint8Array, map: Record<string, unknown>, options: ReplaceOptions = {}): ReplaceResult {
  const pkg = openPptxPackage(data);
  const { deck, trace } = readPptxPackage(pkg, { trace: true });
  const byId = new Map<string, Target>();
  for (const slide of deck.slides) {
    const walk = trace.slides.get(slide.part)!;
    for (const [id, e] of walk.elements) byId.set(id, { id, part: slide.part, body: () => textBodyOf(id, e), existing: child(e, 'p:txBody') });
    for (const [id, body] of walk.cellBodies) byId.set(id, { id, part: slide.part, body: () => body, existing: body });
  }
  const ids = Object.keys(map);
  const fillPairs = options.fill !== undefined ? toFillPairs('fill', options.fill) : undefined;
  if (!ids.length && !fillPairs) fail('the replacement map is empty');
  const plans: { target: Target; plan: BodyPlan }[] = ids.map((id) => {
    const target = byId.get(id);
    if (!target) {
      const slide = /^s(\d+)\./.exec(id)?.[1];
      const near = [...byId.keys()].filter((k) => slide && k.startsWith(`s${slide}.`)).slice(0, 12);
      fail(`${id}: no such shape${slide && Number(slide) > deck.slides.length ? ` (the deck has ${deck.slides.length} slides)` : ''}${near.length ? `; slide ${slide} has ${near.join(', ')}` : ''}`);
    }
    return { target: target!, plan: toBodyPlan(id, map[id]) };
  });
  // Every id and entry is checked before anything changes; all edits are in memory, so a
  // mistake found while editing (a run's `like`, a placeholder not found) writes nothing either.
  const bodies = plans.map((p) => p.target.body());
  const edited = new Set<string>();
  const context = (t: Target): BodyContext => ({ id: t.id, link: linker(pkg, t.part) });
  plans.forEach(({ target, plan }, i) => {
    edited.add(target.part);
    if (plan.kind === 'paragraphs') return fillTextBody(bodies[i], plan.paragraphs, context(target));
    const found = new Map<string, number>();
    fillPlaceholders(bodies[i], plan.pairs, found);
    const missing = plan.pairs.filter(([k]) => !found.has(k)).map(([k]) => JSON.stringify(k));
    if (missing.length) fail(`${target.id}.fill: ${missing.join(', ')} not found in the text of ${target.id}`);
  });
  const filled: string[] = [];
  if (fillPairs) {
    const found = new Map<string, number>();
    for (const t of byId.values()) {
      if (t.existing && fillPlaceholders(t.existing, fillPairs, found)) {
        filled.push(t.id);
        edited.add(t.part);
      }
    }
    const missing = fillPairs.filter(([k]) => !found.has(k)).map(([k]) => JSON.stringify(k));
    if (missing.length) fail(`fill: ${missing.join(', ')} not found on any slide`);
  }
  for (const part of edited) pkg.editXml(part);
  return { data: pkg.save(), replaced: ids, filled, touchedParts: pkg.touched().sort() };
}
