// Cutting runs at character offsets and building the runs of tracked changes:
// deleted runs keep their formatting (w:t becomes w:delText inside w:del), inserted
// runs take the formatting of the text they replace or follow.

import type { XmlElement, XmlNode } from '../../ooxml/xml';
import { el, text } from '../../ooxml/xmlTree';
import { buildTextMap, isTextNode, nodeText, type TextMap } from './textMap';
import { cloneElement, type PartTree } from './tree';

/** Revision containers a new w:ins must not be nested in. */
export const REVISION_CONTAINERS = ['w:ins', 'w:del', 'w:moveTo', 'w:moveFrom'];

function runLength(run: XmlElement): number {
  let n = 0;
  for (const c of run.children) if (c.type === 'element' && isTextNode(c)) n += nodeText(c).length;
  return n;
}

function textElement(value: string, name = 'w:t'): XmlElement {
  return el(name, { 'xml:space': 'preserve' }, [text(value)]);
}

/** Splits a run so its first `at` visible characters are in one run and the rest in another. */
export function splitRun(tree: PartTree, run: XmlElement, at: number): void {
  if (at <= 0 || at >= runLength(run)) return;
  const rPr = run.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:rPr');
  const before: XmlNode[] = [];
  const after: XmlNode[] = [];
  let seen = 0;
  for (const c of run.children) {
    if (c === rPr) continue;
    if (seen >= at) {
      after.push(c);
      continue;
    }
    if (c.type === 'element' && isTextNode(c)) {
      const t = nodeText(c);
      if (seen + t.length <= at) before.push(c);
      else {
        // Only a w:t can be longer than one character.
        const cut = at - seen;
        before.push(textElement(t.slice(0, cut)));
        after.push(textElement(t.slice(cut)));
      }
      seen += t.length;
    } else before.push(c);
  }
  const make = (children: XmlNode[]) => el('w:r', { ...run.attrs }, rPr ? [cloneElement(rPr), ...children] : children);
  tree.replace(run, [make(before), make(after)]);
}

/** Splits runs at `offset` of the paragraphs' text; returns the fresh map. */
export function splitAt(tree: PartTree, map: TextMap, offset: number): TextMap {
  const seg = map.segments.find((s) => s.start < offset && offset < s.start + s.length);
  if (!seg) {
    // Offset inside a run but between two of its nodes (e.g. before a tab).
    const runStart = new Map<XmlElement, number>();
    for (const s of map.segments) if (!runStart.has(s.run)) runStart.set(s.run, s.start);
    for (const [run, start] of runStart) {
      const len = runLength(run);
      if (start < offset && offset < start + len) {
        splitRun(tree, run, offset - start);
        return buildTextMap(map.paragraphs);
      }
    }
    return map;
  }
  const first = map.segments.find((s) => s.run === seg.run)!;
  splitRun(tree, seg.run, offset - first.start);
  return buildTextMap(map.paragraphs);
}

/** The runs whose text lies in [start, end), in order, after the map was split at both ends. */
export function runsWithin(map: TextMap, start: number, end: number): XmlElement[] {
  const runs: XmlElement[] = [];
  for (const s of map.segments) {
    if (s.start >= end || s.start + s.length <= start) continue;
    if (!runs.includes(s.run)) runs.push(s.run);
  }
  return runs;
}

/** A copy of run properties fit for a new run: revision markers removed. */
export function cleanRunProperties(rPr: XmlElement | undefined): XmlElement | undefined {
  if (!rPr) return undefined;
  const copy = cloneElement(rPr);
  copy.children = copy.children.filter((c) => !(c.type === 'element' && ['w:rPrChange', 'w:ins', 'w:del', 'w:moveFrom', 'w:moveTo'].includes(c.name)));
  return copy.children.length ? copy : undefined;
}

export function runProperties(run: XmlElement | undefined): XmlElement | undefined {
  return run?.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:rPr');
}

/** A run for new text: "\t" becomes a tab, "\n" a line break. */
export function newRun(value: string, rPr?: XmlElement): XmlElement {
  const children: XmlNode[] = [];
  const props = cleanRunProperties(rPr);
  if (props) children.push(props);
  for (const piece of value.split(/(\t|\n)/)) {
    if (piece === '\t') children.push(el('w:tab'));
    else if (piece === '\n') children.push(el('w:br'));
    else if (piece) children.push(textElement(piece));
  }
  return el('w:r', {}, children);
}

/** Turns a live run into deleted text (w:t -> w:delText, w:instrText -> w:delInstrText). */
export function markRunDeleted(run: XmlElement): void {
  for (const c of run.children) {
    if (c.type !== 'element') continue;
    if (c.name === 'w:t') c.name = 'w:delText';
    else if (c.name === 'w:instrText') c.name = 'w:delInstrText';
  }
}

/** Groups runs into stretches of consecutive siblings (same parent, adjacent). */
export function siblingGroups(tree: PartTree, runs: XmlElement[]): XmlElement[][] {
  const groups: XmlElement[][] = [];
  for (const run of runs) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    const parent = tree.parent(run);
    if (prev && tree.parent(prev) === parent && parent) {
      const kids = parent.children;
      const between = kids.slice(kids.indexOf(prev) + 1, kids.indexOf(run));
      // Bookmarks, comment marks and proofing marks between runs do not break a stretch.
      if (between.every((n) => n.type !== 'element' || /^w:(bookmark|commentRange|proofErr|permStart|permEnd)/.test(n.name))) {
        last.push(run);
        continue;
      }
    }
    groups.push([run]);
  }
  return groups;
}
