// Replaces the text of shapes and table cells by id (the ids of the inventory), keeping
// their formatting down to the run: paragraph properties, each run's properties and
// hyperlinks stay, and runs whose text does not change are left exactly as they were
// (replaceSpec.ts: the map; fillBody.ts and runEdit.ts: the edit). A deck-wide `fill`
// replaces placeholders such as "{{client}}" in every shape and cell of the slides, their
// notes, the layouts and the masters (fillScope.ts). A key may also name
// one paragraph (`s2.sh3.p2`, the inventory's paragraph id); a paragraph's `was` must match
// the text it replaces (paragraphMatch.ts). Shapes not named are not touched; parts
// without a change are copied byte for byte.

import { DocumentError, REL, child, childrenNamed, el, type OoxmlPackage, type XmlElement } from '../ooxml';
import { fillPlaceholders, fillTextBody, paragraphsFrom, type BodyContext } from './fillBody';
import { checkWas, describeParagraphs } from './paragraphMatch';
import { paragraphTextOf, replaceInParagraph, setParagraphText } from './runEdit';
import { bodiesBeyondSlides } from './fillScope';
import { openPptxPackage } from './parts';
import { readPptxPackage } from './readPptx';
import { toBodyPlan, toFillPairs, type BodyPlan } from './replaceSpec';

export type { ParagraphSpec, Replacement, RunSpec } from './replaceSpec';

export interface ReplaceOptions {
  /** Placeholder text -> value, replaced in every shape and table cell of every slide, notes page, layout and master. */
  fill?: Record<string, string>;
}

export interface ReplaceResult {
  data: Buffer;
  replaced: string[];
  /** Old paragraphs with text that a shape's new paragraphs left out (their ids as in the file given). */
  removed: { id: string; text: string }[];
  /** Ids of the shapes and cells where the deck-wide fill found something (`s2.notes.sh3`, `l1.sh4`, `m1.sh5` beyond the slides). */
  filled: string[];
  /** Parts written anew (slides, notes, layouts, masters, and a slide's relationships when a link was added). */
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

const PARAGRAPH_ID = /^(.+)\.p(\d+)$/;

interface ParagraphPlan {
  id: string;
  target: Target;
  body: XmlElement;
  paragraph: XmlElement;
  /** Its text in the file given. */
  was: string;
  plan: BodyPlan | { kind: 'remove' };
}

/** One paragraph addressed by id (`s2.sh3.p2`, from 1): it must exist and read what its `was` says. */
function paragraphPlan(id: string, target: Target, n: number, value: unknown): ParagraphPlan {
  const body = target.existing;
  const paragraphs = body ? childrenNamed(body, 'a:p') : [];
  if (n < 1 || n > paragraphs.length) fail(`${id}: ${target.id} has ${describeParagraphs(paragraphs)}; nothing was written`);
  const paragraph = paragraphs[n - 1];
  const plan = value === null ? { kind: 'remove' as const } : toBodyPlan(id, value);
  if (plan.kind === 'paragraphs') plan.paragraphs.forEach((spec, i) => checkWas(plan.paragraphs.length > 1 ? `${id}[${i}]` : id, paragraph, spec));
  return { id, target, body: body!, paragraph, was: paragraphTextOf(paragraph), plan };
}

/** The addressed paragraph becomes the new ones (each modelled on it), loses its placeholders, or goes. */
function applyParagraphPlan(pp: ParagraphPlan, ctx: BodyContext): boolean {
  const at = pp.body.children.indexOf(pp.paragraph);
  const { plan } = pp;
  if (plan.kind === 'fill') {
    const found = new Map(replaceInParagraph(pp.paragraph, plan.pairs));
    const missing = plan.pairs.filter(([k]) => !found.has(k)).map(([k]) => JSON.stringify(k));
    if (missing.length) fail(`${pp.id}.fill: ${missing.join(', ')} not found in the text of ${pp.id}`);
    return false;
  }
  if (plan.kind === 'remove') {
    // A text body keeps at least one paragraph: the last one left is emptied instead.
    if (childrenNamed(pp.body, 'a:p').length > 1) pp.body.children.splice(at, 1);
    else setParagraphText(pp.paragraph, '');
    return true;
  }
  const fresh = paragraphsFrom(plan.paragraphs.map(() => pp.paragraph), plan.paragraphs, ctx);
  pp.body.children.splice(at, 1, ...fresh);
  return false;
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
  const plans: { target: Target; plan: BodyPlan }[] = [];
  const paragraphPlans: ParagraphPlan[] = [];
  for (const id of ids) {
    const target = byId.get(id);
    if (target) {
      plans.push({ target, plan: toBodyPlan(id, map[id]) });
      continue;
    }
    const para = PARAGRAPH_ID.exec(id);
    const owner = para && byId.get(para[1]);
    if (para && owner) {
      paragraphPlans.push(paragraphPlan(id, owner, Number(para[2]), map[id]));
      continue;
    }
    const slide = /^s(\d+)\./.exec(id)?.[1];
    const near = [...byId.keys()].filter((k) => slide && k.startsWith(`s${slide}.`)).slice(0, 12);
    fail(`${id}: no such shape${slide && Number(slide) > deck.slides.length ? ` (the deck has ${deck.slides.length} slides)` : ''}${near.length ? `; slide ${slide} has ${near.join(', ')}` : ''}`);
  }
  for (const [i, pp] of paragraphPlans.entries()) {
    const twice = paragraphPlans.find((o, j) => j < i && o.paragraph === pp.paragraph);
    if (twice) fail(`${pp.id}: the same paragraph as ${twice.id}`);
    if (map[pp.target.id] !== undefined) fail(`${pp.id}: the map replaces all of ${pp.target.id} too; give either the shape or its paragraphs`);
  }
  // Every id and entry is checked before anything changes; all edits are in memory, so a
  // mistake found while editing (a run's `like`, a placeholder not found) writes nothing either.
  const bodies = plans.map((p) => p.target.body());
  const edited = new Set<string>();
  const context = (t: Target, id = t.id): BodyContext => ({ id, link: linker(pkg, t.part) });
  const removed: ReplaceResult['removed'] = [];
  plans.forEach(({ target, plan }, i) => {
    edited.add(target.part);
    if (plan.kind === 'paragraphs') {
      const dropped = fillTextBody(bodies[i], plan.paragraphs, context(target));
      // (null empties the shape on purpose; otherwise say which paragraphs the new text left out.)
      if (map[target.id] !== null) for (const d of dropped) removed.push({ id: `${target.id}.p${d.index}`, text: d.text });
      return;
    }
    const found = new Map<string, number>();
    fillPlaceholders(bodies[i], plan.pairs, found);
    const missing = plan.pairs.filter(([k]) => !found.has(k)).map(([k]) => JSON.stringify(k));
    if (missing.length) fail(`${target.id}.fill: ${missing.join(', ')} not found in the text of ${target.id}`);
  });
  for (const pp of paragraphPlans) {
    edited.add(pp.target.part);
    if (applyParagraphPlan(pp, context(pp.target, pp.id))) removed.push({ id: pp.id, text: pp.was });
  }
  const filled: string[] = [];
  if (fillPairs) {
    const found = new Map<string, number>();
    const everywhere = [...[...byId.values()].flatMap((t) => (t.existing ? [{ id: t.id, part: t.part, body: t.existing }] : [])), ...bodiesBeyondSlides(pkg, deck)];
    for (const t of everywhere) {
      if (fillPlaceholders(t.body, fillPairs, found)) {
        filled.push(t.id);
        edited.add(t.part);
      }
    }
    const missing = fillPairs.filter(([k]) => !found.has(k)).map(([k]) => JSON.stringify(k));
    if (missing.length) fail(`fill: ${missing.join(', ')} not found on any slide, in the notes, a layout or a master`);
  }
  for (const part of edited) pkg.editXml(part);
  return { data: pkg.save(), replaced: ids, removed, filled, touchedParts: pkg.touched().sort() };
}
