// Content taken from the old version into the compared document: relationship ids
// (images, links) are re-created in the new package, and marks that would dangle
// there (comments, bookmarks, existing revision wrappers' ids) are dropped.

import type { OoxmlPackage } from '../ooxml/ooxmlPackage';
import type { XmlElement } from '../ooxml/xml';

const REL_ATTRS = ['r:id', 'r:embed', 'r:link', 'r:pict'];
const DROP = new Set(['w:commentRangeStart', 'w:commentRangeEnd', 'w:commentReference', 'w:bookmarkStart', 'w:bookmarkEnd', 'w:proofErr', 'w:permStart', 'w:permEnd']);

/** Rewrites `e` (a copy from oldPkg's oldPart) in place so it is valid in newPart of newPkg. */
export function importForeign(oldPkg: OoxmlPackage, oldPart: string, newPkg: OoxmlPackage, newPart: string, e: XmlElement): XmlElement {
  const copied = new Map<string, string>();
  const visit = (node: XmlElement) => {
    node.children = node.children.filter((c) => !(c.type === 'element' && DROP.has(c.name)));
    for (const key of REL_ATTRS) {
      const rId = node.attrs[key];
      if (!rId) continue;
      let mapped = copied.get(rId);
      if (!mapped) {
        mapped = copyRelationship(oldPkg, oldPart, newPkg, newPart, rId);
        copied.set(rId, mapped);
      }
      node.attrs[key] = mapped;
    }
    for (const c of node.children) if (c.type === 'element') visit(c);
  };
  visit(e);
  return e;
}

function copyRelationship(oldPkg: OoxmlPackage, oldPart: string, newPkg: OoxmlPackage, newPart: string, rId: string): string {
  const rel = oldPkg.relationship(oldPart, rId);
  if (!rel) return rId;
  if (rel.external) return newPkg.addRelationship(newPart, rel.type, rel.target, true);
  const source = rel.targetEntry;
  if (!source || !oldPkg.has(source)) return rId;
  // Same bytes already in the new package under that name (the usual case for images kept across versions)?
  if (newPkg.has(source) && newPkg.bytes(source).equals(oldPkg.bytes(source))) return newPkg.addRelationship(newPart, rel.type, source);
  const dot = source.lastIndexOf('.');
  const stem = dot < 0 ? source : source.slice(0, dot);
  const ext = dot < 0 ? '' : source.slice(dot);
  let n = 1;
  while (newPkg.has(`${stem}-old${n}${ext}`)) n++;
  const target = `${stem}-old${n}${ext}`;
  const contentType = oldPkg.contentType(source);
  const extension = ext.slice(1).toLowerCase();
  if (contentType && extension && newPkg.contentType(target) !== contentType) newPkg.ensureDefaultContentType(extension, contentType);
  newPkg.setBytes(target, oldPkg.bytes(source), newPkg.contentType(target) === contentType ? undefined : contentType);
  return newPkg.addRelationship(newPart, rel.type, target);
}
