// Puts replacement paragraphs into a text body (`p:txBody`, a table cell's `a:txBody`)
// keeping the formatting the old paragraphs had. New paragraph n is old paragraph n (or,
// when there are more new ones, an old paragraph of the requested level, else the last)
// with its text changed run by run (runEdit.ts): paragraph properties (alignment, spacing,
// bullet, level), each run's properties and its hyperlink stay. Given as runs, each run
// takes the properties of the old run in the same place (or the one `like` names).
// `bodyPr` and `lstStyle` stay.

import { DocumentError, child, el, type XmlElement, type XmlNode } from '../ooxml';
import type { ParagraphSpec, RunSpec } from './replaceSpec';
import { templatesFor } from './paragraphMatch';
import { paragraphTextOf, replaceInParagraph, runsFor, setParagraphText } from './runEdit';

export interface BodyContext {
  /** Where errors point ("s2.sh3"). */
  id: string;
  /** Adds an external hyperlink relationship to the slide and returns its id. */
  link(url: string): string;
}

const clone = <T>(x: T): T => structuredClone(x);
const isEl = (c: XmlNode, ...names: string[]): c is XmlElement => c.type === 'element' && names.includes(c.name);

function paragraphProps(template: XmlElement | undefined, spec: ParagraphSpec): XmlElement | undefined {
  let pPr = template && child(template, 'a:pPr') ? clone(child(template, 'a:pPr')!) : undefined;
  if (spec.level !== undefined) {
    pPr ??= el('a:pPr');
    if (spec.level === 0) delete pPr.attrs.lvl;
    else pPr.attrs.lvl = String(spec.level);
  }
  if (spec.bullet === false) {
    pPr ??= el('a:pPr');
    pPr.children = pPr.children.filter((c) => !isEl(c, 'a:buChar', 'a:buAutoNum', 'a:buBlip', 'a:buNone'));
    // a:buNone goes where the schema wants bullet choices: before tab stops and defRPr.
    const at = pPr.children.findIndex((c) => isEl(c, 'a:tabLst', 'a:defRPr', 'a:extLst'));
    pPr.children.splice(at < 0 ? pPr.children.length : at, 0, el('a:buNone'));
  } else if (spec.bullet === true && pPr) {
    pPr.children = pPr.children.filter((c) => !isEl(c, 'a:buNone'));
  }
  return pPr && (Object.keys(pPr.attrs).length || pPr.children.length) ? pPr : undefined;
}

/** Bold, italic, underline and hyperlink on one run's properties; what is not given stays. */
function applyRunFlags(rPr: XmlElement, flags: { bold?: boolean; italic?: boolean; underline?: boolean; link?: string | null }, ctx: BodyContext): void {
  if (flags.bold !== undefined) rPr.attrs.b = flags.bold ? '1' : '0';
  if (flags.italic !== undefined) rPr.attrs.i = flags.italic ? '1' : '0';
  if (flags.underline !== undefined) rPr.attrs.u = flags.underline ? 'sng' : 'none';
  if (flags.link === undefined) return;
  rPr.children = rPr.children.filter((c) => !isEl(c, 'a:hlinkClick'));
  if (flags.link === null) return;
  // After fonts and before hlinkMouseOver/rtl/extLst, as CT_TextCharacterProperties orders them.
  const at = rPr.children.findIndex((c) => isEl(c, 'a:hlinkMouseOver', 'a:rtl', 'a:extLst'));
  rPr.children.splice(at < 0 ? rPr.children.length : at, 0, el('a:hlinkClick', { 'r:id': ctx.link(flags.link) }));
}

/** Properties for a run made from nothing: the paragraph's end properties, else plain. */
function plainRunProps(template: XmlElement | undefined): XmlElement {
  const end = template && child(template, 'a:endParaRPr');
  return end ? { ...clone(end), name: 'a:rPr' } : el('a:rPr', { lang: 'en-US', dirty: '0' });
}

function fromRuns(template: XmlElement | undefined, spec: ParagraphSpec & { runs: RunSpec[] }, where: string, ctx: BodyContext): XmlElement {
  const old = template ? template.children.filter((c): c is XmlElement => isEl(c, 'a:r', 'a:fld')) : [];
  const children: XmlNode[] = [];
  const pPr = paragraphProps(template, spec);
  if (pPr) children.push(pPr);
  spec.runs.forEach((r, i) => {
    if (r.like !== undefined && r.like >= old.length) {
      throw new DocumentError('INVALID_ARGUMENT', `${where}.runs[${i}].like: the old paragraph has ${old.length ? `runs 0 to ${old.length - 1}` : 'no runs'}`);
    }
    const src = old[r.like ?? Math.min(i, old.length - 1)];
    const rPr = src && child(src, 'a:rPr') ? clone(child(src, 'a:rPr')!) : plainRunProps(template);
    applyRunFlags(rPr, { bold: spec.bold, italic: spec.italic }, ctx);
    applyRunFlags(rPr, r, ctx);
    children.push(...runsFor(r.text, rPr));
  });
  const end = template && child(template, 'a:endParaRPr');
  if (end) children.push(clone(end));
  return el('a:p', template ? { ...template.attrs } : {}, children);
}

function fromText(template: XmlElement | undefined, spec: ParagraphSpec, ctx: BodyContext): XmlElement {
  const p = template ? clone(template) : el('a:p');
  const pPr = paragraphProps(template, spec);
  p.children = p.children.filter((c) => !isEl(c, 'a:pPr'));
  if (pPr) p.children.unshift(pPr);
  // A paragraph given only by what it `was` keeps its text.
  setParagraphText(p, spec.text ?? (template ? paragraphTextOf(template) : ''));
  if (spec.bold !== undefined || spec.italic !== undefined) {
    for (const c of p.children) {
      if (!isEl(c, 'a:r', 'a:br', 'a:fld')) continue;
      let rPr = child(c, 'a:rPr');
      if (!rPr) c.children.unshift((rPr = el('a:rPr', { lang: 'en-US' })));
      applyRunFlags(rPr, spec, ctx);
    }
  }
  return p;
}

/** New paragraphs, each modelled on its template paragraph. */
export function paragraphsFrom(templates: (XmlElement | undefined)[], specs: ParagraphSpec[], ctx: BodyContext): XmlElement[] {
  return specs.map((spec, i) => (spec.runs ? fromRuns(templates[i], spec as ParagraphSpec & { runs: RunSpec[] }, `${ctx.id}[${i}]`, ctx) : fromText(templates[i], spec, ctx)));
}

/**
 * Puts new paragraphs into a text body in place of the old ones (bodyPr, lstStyle stay).
 * Returns the old paragraphs with text that no new one was modelled on (they are gone),
 * as `{index, text}` with the index from 1.
 */
export function fillTextBody(body: XmlElement, specs: ParagraphSpec[], ctx: BodyContext): { index: number; text: string }[] {
  const old = body.children.filter((c): c is XmlElement => isEl(c, 'a:p'));
  const templates = templatesFor(old, specs, ctx.id);
  const fresh = paragraphsFrom(templates, specs, ctx);
  const dropped = old.flatMap((p, i) => (templates.includes(p) || paragraphTextOf(p).trim() === '' ? [] : [{ index: i + 1, text: paragraphTextOf(p) }]));
  const first = body.children.findIndex((c) => isEl(c, 'a:p'));
  const kept: XmlNode[] = body.children.filter((c) => !isEl(c, 'a:p'));
  const at = first < 0 ? kept.length : body.children.slice(0, first).filter((c) => !isEl(c, 'a:p')).length;
  kept.splice(at, 0, ...fresh);
  body.children = kept;
  return dropped;
}

/** Replaces placeholders inside every paragraph of a body; counts what was found. */
export function fillPlaceholders(body: XmlElement, pairs: [string, string][], found: Map<string, number>): boolean {
  let any = false;
  for (const p of body.children) {
    if (!isEl(p, 'a:p')) continue;
    for (const [k, n] of replaceInParagraph(p, pairs)) {
      found.set(k, (found.get(k) ?? 0) + n);
      any = true;
    }
  }
  return any;
}
