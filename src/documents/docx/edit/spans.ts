// Deleting, inserting and replacing a span of paragraph text, as tracked changes
// (w:del / w:ins attributed to the author) or directly (for filling templates).

import type { XmlElement, XmlNode } from '../../ooxml/xml';
import { el } from '../../ooxml/xmlTree';
import type { Attribution, EditIds } from './ids';
import { markRunDeleted, newRun, REVISION_CONTAINERS, runProperties, runsWithin, siblingGroups, splitAt } from './runs';
import type { TextMap } from './textMap';
import { cloneElement, type PartTree } from './tree';

export interface SpanContext {
  tree: PartTree;
  ids: EditIds;
  who: Attribution;
  track: boolean;
}

export function revision(ctx: SpanContext, name: string): XmlElement {
  return el(name, { 'w:id': ctx.ids.id(), 'w:author': ctx.who.author, 'w:date': ctx.who.date });
}

/** The span's result, for placing comment marks around it. */
export interface SpanResult {
  first?: XmlElement;
  last?: XmlElement;
  map: TextMap;
}

const PPR_AFTER_RPR = ['w:sectPr', 'w:pPrChange'];

/** The paragraph's w:pPr, created in first position when missing. */
export function paragraphProperties(tree: PartTree, p: XmlElement): XmlElement {
  const found = p.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:pPr');
  if (found) return found;
  const pPr = el('w:pPr');
  tree.insertInto(p, [pPr], 0);
  return pPr;
}

/** Marks the paragraph mark as inserted or deleted (w:pPr/w:rPr/w:ins|w:del). */
export function markParagraphMark(ctx: SpanContext, p: XmlElement, kind: 'w:ins' | 'w:del'): void {
  const pPr = paragraphProperties(ctx.tree, p);
  let rPr = pPr.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:rPr');
  if (!rPr) {
    rPr = el('w:rPr');
    const at = pPr.children.findIndex((c) => c.type === 'element' && PPR_AFTER_RPR.includes(c.name));
    ctx.tree.insertInto(pPr, [rPr], at < 0 ? pPr.children.length : at);
  }
  if (rPr.children.some((c) => c.type === 'element' && c.name === kind)) return;
  // CT_ParaRPr: ins, del, moveFrom, moveTo come first, in that order.
  const insAt = kind === 'w:del' && rPr.children[0]?.type === 'element' && (rPr.children[0] as XmlElement).name === 'w:ins' ? 1 : 0;
  ctx.tree.insertInto(rPr, [revision(ctx, kind)], insAt);
}

/** Moves the stretch first..last (siblings) into `wrapper`, put where they were. */
function wrapStretch(tree: PartTree, first: XmlElement, last: XmlElement, wrapper: XmlElement): void {
  const parent = tree.parent(first)!;
  const from = parent.children.indexOf(first);
  const to = parent.children.indexOf(last);
  tree.wrapRange(parent, from, to, wrapper);
}

/**
 * A place to put new content: (parent, index), moved out of revision containers
 * (a w:ins must not sit inside another w:ins or a w:del), splitting a container when
 * the place is in its middle; the second half gets a fresh id.
 */
function hoist(ctx: SpanContext, parent: XmlElement, index: number): { parent: XmlElement; index: number } {
  while (REVISION_CONTAINERS.includes(parent.name)) {
    const outer = ctx.tree.parent(parent)!;
    const at = outer.children.indexOf(parent);
    if (index <= 0) index = at;
    else if (index >= parent.children.length) index = at + 1;
    else {
      const rest = parent.children.slice(index);
      for (const n of rest) if (n.type === 'element') ctx.tree.remove(n);
      parent.children.splice(index);
      const clone = cloneElement({ ...parent, children: [] });
      clone.attrs['w:id'] = ctx.ids.id();
      ctx.tree.insertInto(outer, [clone], at + 1);
      ctx.tree.insertInto(clone, rest);
      index = at + 1;
    }
    parent = outer;
  }
  return { parent, index };
}

function placeNew(ctx: SpanContext, parent: XmlElement, index: number, value: string, rPr: XmlElement | undefined): XmlElement {
  const run = newRun(value, rPr);
  if (!ctx.track) {
    ctx.tree.insertInto(parent, [run], index);
    return run;
  }
  const spot = hoist(ctx, parent, index);
  const ins = revision(ctx, 'w:ins');
  ins.children.push(run);
  ctx.tree.insertInto(spot.parent, [ins], spot.index);
  return ins;
}

/** Merges paragraph `next` into `p` (untracked deletion of p's mark). */
function mergeParagraphs(tree: PartTree, p: XmlElement, next: XmlElement): void {
  const moved = next.children.filter((c) => !(c.type === 'element' && c.name === 'w:pPr'));
  for (const n of moved) if (n.type === 'element') tree.remove(n);
  tree.insertInto(p, moved);
  tree.remove(next);
}

/** Deletes [start, end) of the mapped paragraphs. */
export function deleteSpan(ctx: SpanContext, map: TextMap, start: number, end: number): SpanResult {
  map = splitAt(ctx.tree, map, end);
  map = splitAt(ctx.tree, map, start);
  const runs = runsWithin(map, start, end);
  const marks = map.markOffsets.map((off, i) => ({ off, i })).filter(({ off, i }) => i < map.paragraphs.length - 1 && off >= start && off < end);
  const result: SpanResult = { map };
  if (!ctx.track) {
    for (const run of runs) ctx.tree.remove(run);
    for (const { i } of [...marks].reverse()) mergeParagraphs(ctx.tree, map.paragraphs[i], map.paragraphs[i + 1]);
    return result;
  }
  for (const group of siblingGroups(ctx.tree, runs)) {
    const del = revision(ctx, 'w:del');
    wrapStretch(ctx.tree, group[0], group[group.length - 1], del);
    for (const run of group) markRunDeleted(run);
    result.first ??= del;
    result.last = del;
  }
  for (const { i } of marks) markParagraphMark(ctx, map.paragraphs[i], 'w:del');
  return result;
}

/** Where content at `offset` goes: after the text before it, else before the text after it, else at the paragraph's end. */
function positionAt(ctx: SpanContext, map: TextMap, offset: number): { parent: XmlElement; index: number; before?: XmlElement; after?: XmlElement } {
  const before = [...map.segments].reverse().find((s) => s.start + s.length === offset && s.start < offset);
  const after = map.segments.find((s) => s.start === offset);
  if (before && (!after || before.paragraph === after.paragraph || offset <= map.markOffsets[map.paragraphs.indexOf(before.paragraph)])) {
    const parent = ctx.tree.parent(before.run)!;
    return { parent, index: parent.children.indexOf(before.run) + 1, before: before.run, after: after?.run };
  }
  if (after) {
    const parent = ctx.tree.parent(after.run)!;
    return { parent, index: parent.children.indexOf(after.run), after: after.run };
  }
  // An empty paragraph (or one of only marks): append after its properties.
  const i = map.markOffsets.findIndex((m) => m >= offset);
  const parent = map.paragraphs[Math.max(0, i)];
  return { parent, index: parent.children.length };
}

/** Puts ready-made nodes (e.g. deleted runs taken from another version) at `offset`, outside revision containers. */
export function placeNodesAt(ctx: SpanContext, map: TextMap, offset: number, nodes: XmlElement[]): TextMap {
  map = splitAt(ctx.tree, map, offset);
  const at = positionAt(ctx, map, offset);
  const spot = hoist(ctx, at.parent, at.index);
  ctx.tree.insertInto(spot.parent, nodes, spot.index);
  return map;
}

/** Inserts text at `offset`, formatted like `like` (default: the text before it, else after it). */
export function insertAt(ctx: SpanContext, map: TextMap, offset: number, value: string, like?: XmlElement): SpanResult {
  map = splitAt(ctx.tree, map, offset);
  const at = positionAt(ctx, map, offset);
  const source = like ?? at.before ?? at.after;
  const node = placeNew(ctx, at.parent, at.index, value, runProperties(source));
  return { first: node, last: node, map };
}

/** Marks existing text [start, end) as inserted (w:ins around its runs), e.g. for compare. */
export function markSpanInserted(ctx: SpanContext, map: TextMap, start: number, end: number): TextMap {
  map = splitAt(ctx.tree, map, end);
  map = splitAt(ctx.tree, map, start);
  for (const group of siblingGroups(ctx.tree, runsWithin(map, start, end))) {
    const parent = ctx.tree.parent(group[0])!;
    if (REVISION_CONTAINERS.includes(parent.name)) continue; // already a tracked change
    wrapStretch(ctx.tree, group[0], group[group.length - 1], revision(ctx, 'w:ins'));
  }
  return map;
}

/** Replaces [start, end) by `value`, the new text formatted like the first replaced run. */
export function replaceSpan(ctx: SpanContext, map: TextMap, start: number, end: number, value: string): SpanResult {
  if (start === end) return insertAt(ctx, map, start, value);
  map = splitAt(ctx.tree, map, end);
  map = splitAt(ctx.tree, map, start);
  const firstRun = runsWithin(map, start, end)[0];
  const like = runProperties(firstRun);
  const likeCopy = like ? cloneElement(like) : undefined;
  if (!ctx.track) {
    // Keep the first run (and its formatting) in place for the new text; drop the rest.
    const parent = firstRun ? ctx.tree.parent(firstRun)! : map.paragraphs[0];
    const index = firstRun ? parent.children.indexOf(firstRun) : parent.children.length;
    const deleted = deleteSpan(ctx, map, start, end);
    const node = placeNew(ctx, parent, Math.min(index, parent.children.length), value, likeCopy);
    return { first: node, last: node, map: deleted.map };
  }
  const deleted = deleteSpan(ctx, map, start, end);
  if (!value) return deleted;
  const anchor = deleted.last!;
  const parent = ctx.tree.parent(anchor)!;
  const node = placeNew(ctx, parent, parent.children.indexOf(anchor) + 1, value, likeCopy);
  return { first: deleted.first, last: node, map: deleted.map };
}

/** Splits runs at a span's ends and returns its first and last run (where comment marks go). */
export function spanBounds(ctx: SpanContext, map: TextMap, start: number, end: number): SpanResult {
  map = splitAt(ctx.tree, map, end);
  map = splitAt(ctx.tree, map, start);
  const runs = runsWithin(map, start, end);
  return { first: runs[0], last: runs[runs.length - 1], map };
}

/** Nodes for an untracked or tracked whole new paragraph's content. */
export function contentNodes(ctx: SpanContext, runs: XmlElement[]): XmlNode[] {
  if (!ctx.track || runs.length === 0) return runs;
  const ins = revision(ctx, 'w:ins');
  ins.children.push(...runs);
  return [ins];
}
