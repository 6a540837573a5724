// Copying and collecting parts for slide operations. A duplicated slide gets its own
// copies of the parts that belong to one slide (its notes, charts, diagrams and their
// embedded workbooks) and shares the rest (layout, images, media, links). Deleting a
// slide removes the parts only it reached; parts something else still reaches stay.

import * as path from 'node:path';
import { DocumentError, relsEntryFor, relativeTarget, type OoxmlPackage } from '../ooxml';
import { emptyRelationships } from '../ooxml/relationships';
import { el } from '../ooxml';
import { PPTX_REL } from './parts';

const OWNED = [/\/notesSlide$/, /\/chart$/, /\/diagram(Data|Layout|QuickStyle|Colors|Drawing)$/, /\/package$/, /\/chartUserShapes$/, /\/chartStyle$/, /\/chartColorStyle$/];
const owned = (type: string) => OWNED.some((r) => r.test(type));

/** A free entry name like `ppt/slides/slide7.xml` next to `like`. */
export function freshName(pkg: OoxmlPackage, like: string): string {
  const dir = path.posix.dirname(like);
  const base = path.posix.basename(like);
  const m = /^(.*?)(\d*)(\.[^.]+)$/.exec(base);
  const stem = m ? m[1] : base;
  const ext = m ? m[3] : '';
  const taken = new Set(pkg.entryNames().map((n) => n.toLowerCase()));
  for (let i = 1; ; i++) {
    const name = `${dir}/${stem}${i}${ext}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/**
 * Copies `source` to a new part next to it (content type and relationships too); owned
 * parts it points to are copied as well. `retarget` maps entries to their copies so a
 * copied notes slide points back to the copied slide.
 */
export function copyPart(pkg: OoxmlPackage, source: string, retarget: Map<string, string> = new Map(), name?: string): string {
  const target = name ?? freshName(pkg, source);
  retarget.set(source, target);
  const ct = pkg.contentType(source);
  pkg.setBytes(target, pkg.bytes(source));
  if (ct && pkg.contentTypes.overrides.has('/' + source.toLowerCase())) pkg.setContentType(target, ct);
  const rels = pkg.relationships(source);
  if (!rels.length) return target;
  const doc = emptyRelationships();
  for (const r of rels) {
    let t = r.target;
    if (!r.external && r.targetEntry && pkg.has(r.targetEntry)) {
      const copied = retarget.get(r.targetEntry) ?? (owned(r.type) ? copyPart(pkg, r.targetEntry, retarget) : r.targetEntry);
      t = relativeTarget(target, copied);
    }
    doc.root.children.push(el('Relationship', { Id: r.id, Type: r.type, Target: t, ...(r.external ? { TargetMode: 'External' } : {}) }));
  }
  pkg.setXml(relsEntryFor(target), doc);
  return target;
}

/** Every part reachable through relationships from the package root. */
export function reachable(pkg: OoxmlPackage): Set<string> {
  const seen = new Set<string>();
  const queue = [''];
  while (queue.length) {
    const p = queue.pop()!;
    for (const r of pkg.relationships(p)) {
      if (r.external || !r.targetEntry || seen.has(r.targetEntry) || !pkg.has(r.targetEntry)) continue;
      seen.add(r.targetEntry);
      queue.push(r.targetEntry);
    }
  }
  return seen;
}

/** Parts reachable from `start` (itself included). */
export function closure(pkg: OoxmlPackage, start: string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const r of pkg.relationships(queue.pop()!)) {
      if (r.external || !r.targetEntry || seen.has(r.targetEntry) || !pkg.has(r.targetEntry)) continue;
      seen.add(r.targetEntry);
      queue.push(r.targetEntry);
    }
  }
  return seen;
}

/** Removes a part with its relationships part and content-type override. */
export function removePart(pkg: OoxmlPackage, entry: string): void {
  pkg.remove(entry);
  const rels = relsEntryFor(entry);
  if (pkg.has(rels)) pkg.remove(rels);
  const ct = pkg.editXml('[Content_Types].xml');
  ct.root.children = ct.root.children.filter((c) => !(c.type === 'element' && c.name === 'Override' && c.attrs.PartName?.toLowerCase() === '/' + entry.toLowerCase()));
}

/** Removes relationship `id` from `source`'s relationships part. */
export function removeRelationship(pkg: OoxmlPackage, source: string, id: string): void {
  const entry = relsEntryFor(source);
  const doc = pkg.editXml(entry);
  const before = doc.root.children.length;
  doc.root.children = doc.root.children.filter((c) => !(c.type === 'element' && c.name === 'Relationship' && c.attrs.Id === id));
  if (doc.root.children.length === before) throw new DocumentError('CORRUPT', `${entry} has no relationship ${id}`, entry);
}

/** Other parts' relationships that point at `entry` as a slide (jump links, notes). */
export function slideLinksTo(pkg: OoxmlPackage, entry: string, except: Set<string>): { source: string; id: string }[] {
  const out: { source: string; id: string }[] = [];
  for (const rels of pkg.entryNames().filter((n) => n.endsWith('.rels'))) {
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(rels);
    if (!m) continue;
    const source = m[1] + m[2];
    if (except.has(source) || !pkg.has(source)) continue;
    for (const r of pkg.relationships(source)) if (r.type === PPTX_REL.slide && r.targetEntry === entry) out.push({ source, id: r.id });
  }
  return out;
}

