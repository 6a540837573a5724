// Accepting and rejecting tracked changes, on the XML elements the reader traced for
// each revision. Inner elements are handled before the ones around them (a deletion
// inside an insertion), paragraph merges (accepted deleted marks, rejected inserted
// marks) come last, in document order. Only the parts that change are rewritten.

import { DocumentError, type OoxmlPackage, type XmlElement, type XmlNode } from '../ooxml';
import type { Revision, RevisionKind, RevisionSelector } from './model';
import type { ReadResult } from './readDocx';
import type { Occurrence } from './trace';

export type ResolveAction = 'accept' | 'reject';

/** Revisions matching a selector (criteria combine with AND), move halves included. */
export function selectRevisions(revisions: Revision[], selector: RevisionSelector): Revision[] {
  const byId = new Map(revisions.map((r) => [r.id, r]));
  let ids: Set<string> | undefined;
  if (selector.ids?.length) {
    ids = new Set();
    for (const raw of selector.ids) {
      const id = raw.replace(/^#/, '');
      if (!byId.has(id)) throw new DocumentError('INVALID_ARGUMENT', `there is no tracked change with id ${raw}`);
      ids.add(id);
    }
  }
  const author = selector.author?.toLowerCase();
  const kinds = selector.kinds?.length ? new Set<RevisionKind>(selector.kinds) : undefined;
  const inRange = selector.range ? rangeFilter(selector.range.from, selector.range.to) : undefined;
  if (!selector.all && !ids && author === undefined && !kinds && !inRange) {
    throw new DocumentError('INVALID_ARGUMENT', 'no changes selected: give all, ids, an author, kinds or a range');
  }
  const chosen = revisions.filter(
    (r) =>
      (!ids || ids.has(r.id)) &&
      (author === undefined || r.author.toLowerCase() === author) &&
      (!kinds || kinds.has(r.kind)) &&
      (!inRange || inRange(r)),
  );
  const set = new Set(chosen.map((r) => r.id));
  for (const r of chosen) if (r.movePair && byId.has(r.movePair)) set.add(r.movePair);
  return revisions.filter((r) => set.has(r.id));
}

function rangeFilter(from: string, to: string): (r: Revision) => boolean {
  const parse = (a: string) => {
    const m = /^(?:(.*)\.)?p(\d+)$/.exec(a);
    if (!m) throw new DocumentError('INVALID_ARGUMENT', `"${a}" is not a paragraph anchor (p12, header1.p3, …)`);
    return { story: m[1] ?? 'body', n: Number(m[2]) };
  };
  const a = parse(from);
  const b = parse(to);
  if (a.story !== b.story) throw new DocumentError('INVALID_ARGUMENT', `a range must stay in one story (${from} .. ${to})`);
  const lo = Math.min(a.n, b.n);
  const hi = Math.max(a.n, b.n);
  return (r) => {
    if (!r.location.paragraph) return false;
    const p = parse(r.location.paragraph);
    return p.story === a.story && p.n >= lo && p.n <= hi;
  };
}

/** Applies the action to the selected revisions inside `pkg`; returns the ids resolved. */
export function resolveInPackage(pkg: OoxmlPackage, read: ReadResult, action: ResolveAction, selector: RevisionSelector): string[] {
  const selected = selectRevisions(read.doc.revisions, selector);
  const work: { occ: Occurrence; kind: RevisionKind; part: string }[] = [];
  const touchedParts = new Set<string>();
  for (const r of selected) {
    const t = read.trace.revisions.get(r.id);
    if (!t) continue;
    touchedParts.add(t.part);
    for (const occ of t.occurrences) work.push({ occ, kind: r.kind, part: t.part });
  }
  // Inner before outer: reverse of the reader's pre-order.
  work.sort((x, y) => (y.occ.seq ?? 0) - (x.occ.seq ?? 0));
  const merges: { p: XmlElement; container: XmlElement; seq: number }[] = [];
  for (const { occ, kind } of work) applyOne(occ, kind, action, merges);
  merges.sort((x, y) => x.seq - y.seq);
  for (const m of merges) mergeWithNext(m.p, m.container);

  for (const r of selected) {
    if (r.moveName === undefined) continue;
    for (const m of read.trace.moveRanges.get(r.moveName) ?? []) {
      removeChild(m.parent, m.el);
      touchedParts.add(m.part);
    }
  }
  for (const t of read.trace.tables.values()) {
    if (touchedParts.has(t.part) && !t.el.children.some((c) => c.type === 'element' && (c.name === 'w:tr' || c.name === 'w:sdt' || c.name === 'w:customXml'))) {
      removeChild(t.parent, t.el);
    }
  }
  // The trees were changed in place; mark their parts so save() writes them.
  for (const part of touchedParts) pkg.editXml(part);
  return selected.map((r) => r.id);
}

const KEEP_CONTENT: Record<ResolveAction, Set<RevisionKind>> = {
  accept: new Set(['insertion', 'moveTo']),
  reject: new Set(['deletion', 'moveFrom']),
};

function applyOne(occ: Occurrence, kind: RevisionKind, action: ResolveAction, merges: { p: XmlElement; container: XmlElement; seq: number }[]): void {
  if (occ.role === 'content') {
    if (KEEP_CONTENT[action].has(kind)) {
      if (kind === 'deletion' || kind === 'moveFrom') restoreDeletedText(occ.el);
      unwrap(occ.parent, occ.el);
    } else removeChild(occ.parent, occ.el);
    return;
  }
  if (occ.role === 'propChange') {
    if (action === 'accept') removeChild(occ.parent, occ.el);
    else restoreProperties(occ.parent, occ.el);
    return;
  }
  // Marks.
  removeChild(occ.parent, occ.el);
  const removesTarget =
    (action === 'accept' && (kind === 'tableRowDeletion' || kind === 'tableCellDeletion')) ||
    (action === 'reject' && (kind === 'tableRowInsertion' || kind === 'tableCellInsertion'));
  if (removesTarget) {
    removeChild(occ.container, occ.target);
    return;
  }
  const merges_ = (action === 'accept' && kind === 'paragraphDeletion') || (action === 'reject' && kind === 'paragraphInsertion');
  if (merges_) merges.push({ p: occ.target, container: occ.container, seq: occ.seq ?? 0 });
}

function removeChild(parent: XmlElement, el: XmlElement): void {
  const i = parent.children.indexOf(el);
  if (i >= 0) parent.children.splice(i, 1);
}

function unwrap(parent: XmlElement, el: XmlElement): void {
  const i = parent.children.indexOf(el);
  if (i >= 0) parent.children.splice(i, 1, ...el.children);
}

/** Deleted runs hold w:delText / w:delInstrText; restored text must be w:t / w:instrText again. */
function restoreDeletedText(e: XmlElement): void {
  for (const c of e.children) {
    if (c.type !== 'element') continue;
    if (c.name === 'w:delText') c.name = 'w:t';
    else if (c.name === 'w:delInstrText') c.name = 'w:instrText';
    restoreDeletedText(c);
  }
}

// Which children of a properties element are not formatting (and so are not in the
// change's snapshot) and whether they come first in schema order.
const KEPT: Record<string, { names: Set<string>; first: boolean }> = {
  'w:pPr': { names: new Set(['w:rPr', 'w:sectPr']), first: false },
  'w:rPr': { names: new Set(['w:ins', 'w:del', 'w:moveFrom', 'w:moveTo']), first: true },
  'w:trPr': { names: new Set(['w:ins', 'w:del']), first: false },
  'w:tcPr': { names: new Set(['w:cellIns', 'w:cellDel', 'w:cellMerge']), first: false },
  'w:sectPr': { names: new Set(['w:headerReference', 'w:footerReference']), first: true },
};

/** Rejecting a formatting change: the properties become the snapshot the change holds. */
function restoreProperties(pr: XmlElement, change: XmlElement): void {
  const snapshot = change.children.find((c): c is XmlElement => c.type === 'element');
  const old: XmlNode[] = snapshot ? snapshot.children : [];
  if (change.name === 'w:tblGridChange') {
    pr.children = [...old];
    return;
  }
  const kept = KEPT[pr.name];
  const keep = pr.children.filter((c) => c.type === 'element' && c !== change && kept?.names.has(c.name));
  const oldClean = old.filter((c) => !(c.type === 'element' && kept?.names.has(c.name)));
  pr.children = kept?.first ? [...keep, ...oldClean] : [...oldClean, ...keep];
}

/** A removed paragraph mark: the paragraph's content joins the start of the next paragraph. */
function mergeWithNext(p: XmlElement, container: XmlElement): void {
  const i = container.children.indexOf(p);
  if (i < 0) return;
  let next: XmlElement | undefined;
  for (let j = i + 1; j < container.children.length; j++) {
    const c = container.children[j];
    if (c.type !== 'element') continue;
    if (c.name === 'w:p') next = c;
    break;
  }
  if (!next) return;
  const moved = p.children.filter((c) => !(c.type === 'element' && c.name === 'w:pPr'));
  const at = next.children.findIndex((c) => c.type === 'element' && c.name === 'w:pPr') + 1;
  next.children.splice(at, 0, ...moved);
  container.children.splice(i, 1);
}
