// Relationship parts (`_rels/*.rels`): id, type, target, and whether the target is
// outside the package (hyperlinks).

import { DocumentError } from './documentError';
import { resolveTarget } from './partNames';
import type { XmlDocument } from './xml';
import { el, elements } from './xmlTree';

export interface Relationship {
  id: string;
  type: string;
  /** The target exactly as written. */
  target: string;
  external: boolean;
  /** For internal targets: the zip entry name the target resolves to. */
  targetEntry?: string;
}

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  officeDocumentStrict: 'http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument',
  coreProperties: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  hyperlink: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink',
  image: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image',
} as const;

export function parseRelationships(doc: XmlDocument, sourceEntry: string, relsEntry: string): Relationship[] {
  if (doc.root.name !== 'Relationships') throw new DocumentError('CORRUPT', `${relsEntry} has root <${doc.root.name}>, not <Relationships>`, relsEntry);
  const out: Relationship[] = [];
  for (const e of elements(doc.root)) {
    if (e.name !== 'Relationship') continue;
    const external = e.attrs.TargetMode === 'External';
    const target = e.attrs.Target ?? '';
    let targetEntry: string | undefined;
    if (!external) {
      try {
        targetEntry = resolveTarget(sourceEntry, target);
      } catch {
        targetEntry = undefined;
      }
    }
    out.push({ id: e.attrs.Id ?? '', type: e.attrs.Type ?? '', target, external, targetEntry });
  }
  return out;
}

/** Adds a relationship to a .rels tree and returns its new id (rIdN, unused). */
export function addRelationship(doc: XmlDocument, type: string, target: string, external = false): string {
  const used = new Set(elements(doc.root).map((e) => e.attrs.Id));
  let n = used.size + 1;
  while (used.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const attrs: Record<string, string> = { Id: id, Type: type, Target: target };
  if (external) attrs.TargetMode = 'External';
  doc.root.children.push(el('Relationship', attrs));
  return id;
}

export function emptyRelationships(): XmlDocument {
  return {
    prolog: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    root: el('Relationships', { xmlns: 'http://schemas.openxmlformats.org/package/2006/relationships' }),
    epilog: '',
  };
}
