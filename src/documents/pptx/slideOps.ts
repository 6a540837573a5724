// Slide operations on an existing deck: duplicate, delete and move slides, applied in
// order (slide numbers are the order at the time of each op). Relationships, content
// types, p:sldIdLst ids and PowerPoint's sections stay consistent; a duplicate gets its
// own notes, charts and diagrams and shares layouts and media; a deletion removes only
// parts nothing else reaches. Every part an op does not need to change is kept.

import { DocumentError, child, childrenNamed, el, elements, walk, type OoxmlPackage, type XmlElement } from '../ooxml';
import { closure, copyPart, reachable, removePart, removeRelationship, slideLinksTo } from './partCopy';
import { findDeckParts, openPptxPackage, PPTX_REL } from './parts';

export type SlideOp = { op: 'duplicate'; slide: number } | { op: 'delete'; slide: number } | { op: 'move'; slide: number; to: number };

export interface SlideOpsResult {
  data: Buffer;
  /** Slide parts in the new presentation order. */
  slides: string[];
  notes: string[];
}

const fail = (msg: string): never => {
  throw new DocumentError('INVALID_ARGUMENT', msg);
};

function slideList(pkg: OoxmlPackage, main: string): XmlElement {
  const root = pkg.editXml(main).root;
  let list = child(root, 'p:sldIdLst');
  if (!list) {
    // The schema puts p:sldIdLst after the master, notes-master and handout-master lists.
    list = el('p:sldIdLst');
    const after = ['p:sldMasterIdLst', 'p:notesMasterIdLst', 'p:handoutMasterIdLst'];
    let at = 0;
    root.children.forEach((c, i) => {
      if (c.type === 'element' && after.includes(c.name)) at = i + 1;
    });
    root.children.splice(at, 0, list);
  }
  return list;
}

/** PowerPoint 2010 sections (`p14:sectionLst` in the presentation's extLst): their `p14:sldId` lists. */
function sectionLists(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  walk(root, (e) => {
    if (e.name.endsWith(':section')) {
      const l = elements(e).find((c) => c.name.endsWith(':sldIdLst'));
      if (l) out.push(l);
    }
  });
  return out;
}

function removeFromSections(root: XmlElement, id: string): void {
  for (const l of sectionLists(root)) l.children = l.children.filter((c) => !(c.type === 'element' && c.attrs.id === id));
}

/** Puts `id` into the section of `afterId` right after it (or at the start of the first section). */
function addToSections(root: XmlElement, id: string, afterId: string | undefined): void {
  const lists = sectionLists(root);
  if (!lists.length) return;
  const prefix = lists[0].name.split(':')[0];
  const node = el(`${prefix}:sldId`, { id });
  for (const l of lists) {
    const i = l.children.findIndex((c) => c.type === 'element' && c.attrs.id === afterId);
    if (i >= 0) {
      l.children.splice(i + 1, 0, node);
      return;
    }
  }
  lists[0].children.unshift(node);
}

function checkNumber(n: number, count: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > count) fail(`${what}: slide ${n} does not exist (the deck has ${count} slide${count === 1 ? '' : 's'} at this point)`);
}

export function editSlides(data: Uint8Array, ops: SlideOp[]): SlideOpsResult {
  if (!ops.length) fail('no slide operation given');
  const pkg = openPptxPackage(data);
  const main = findDeckParts(pkg).main;
  const notes: string[] = [];
  ops.forEach((op, k) => {
    const what = `op ${k + 1} (${op.op} ${op.slide}${op.op === 'move' ? `:${op.to}` : ''})`;
    const list = slideList(pkg, main);
    const ids = childrenNamed(list, 'p:sldId');
    checkNumber(op.slide, ids.length, what);
    const sld = ids[op.slide - 1];
    const root = pkg.xml(main).root;
    if (op.op === 'move') {
      checkNumber(op.to, ids.length, what);
      const rest = list.children.filter((c) => c !== sld);
      const others = rest.filter((c): c is XmlElement => c.type === 'element' && c.name === 'p:sldId');
      const anchor = others[op.to - 2];
      const at = op.to === 1 ? rest.indexOf(others[0] ?? rest[rest.length]) : rest.indexOf(anchor) + 1;
      rest.splice(at < 0 ? rest.length : at, 0, sld);
      list.children = rest;
      removeFromSections(root, sld.attrs.id);
      addToSections(root, sld.attrs.id, anchor?.attrs.id);
      return;
    }
    const rel = pkg.relationship(main, sld.attrs['r:id'] ?? '');
    if (!rel?.targetEntry || !pkg.has(rel.targetEntry)) throw new DocumentError('CORRUPT', `${what}: the slide's relationship ${sld.attrs['r:id']} is missing`, main);
    const part = rel.targetEntry;
    if (op.op === 'duplicate') {
      const copy = copyPart(pkg, part);
      const relId = pkg.addRelationship(main, PPTX_REL.slide, copy);
      const maxId = Math.max(255, ...childrenNamed(list, 'p:sldId').map((e) => Number(e.attrs.id) || 0));
      const id = String(maxId + 1);
      const node = el('p:sldId', { id, 'r:id': relId });
      list.children.splice(list.children.indexOf(sld) + 1, 0, node);
      addToSections(root, id, sld.attrs.id);
      return;
    }
    // delete
    const gone = closure(pkg, part);
    list.children = list.children.filter((c) => c !== sld);
    removeFromSections(root, sld.attrs.id);
    for (const show of childrenNamed(child(root, 'p:custShowLst') ?? el('x'), 'p:custShow')) {
      const l = child(show, 'p:sldLst');
      if (l) l.children = l.children.filter((c) => !(c.type === 'element' && c.attrs['r:id'] === rel.id));
    }
    removeRelationship(pkg, main, rel.id);
    const still = reachable(pkg);
    for (const p of gone) if (!still.has(p)) removePart(pkg, p);
    const links = slideLinksTo(pkg, part, gone);
    if (links.length) notes.push(`${what}: ${links.map((l) => l.source).join(', ')} link to the deleted slide; those links now point nowhere`);
  });
  const parts = findDeckParts(pkg);
  return { data: pkg.save(), slides: parts.slides.map((s) => s.part), notes };
}

/** `--duplicate 2`, `--delete 3`, `--move 4:1` in the order given. */
export function parseSlideOps(args: string[]): { ops: SlideOp[]; rest: string[] } {
  const ops: SlideOp[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--(duplicate|delete|move)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const v = m[2] ?? args[++i];
    if (v === undefined) fail(`--${m[1]} needs a slide number`);
    if (m[1] === 'move') {
      const mm = /^(\d+):(\d+)$/.exec(v);
      if (!mm) fail(`--move takes FROM:TO, e.g. --move 4:1 (got "${v}")`);
      ops.push({ op: 'move', slide: Number(mm![1]), to: Number(mm![2]) });
    } else {
      if (!/^\d+$/.test(v)) fail(`--${m[1]} takes a slide number (got "${v}")`);
      ops.push({ op: m[1] as 'duplicate' | 'delete', slide: Number(v) });
    }
  }
  return { ops, rest };
}
