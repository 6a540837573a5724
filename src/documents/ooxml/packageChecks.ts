// Checks every OOXML package needs, whatever its format: each XML part parses (and is
// safe), each part has a content type, each override names a part, relationship ids are
// unique and internal targets exist. The format validators (Word, PowerPoint) add theirs.

import { DocumentError } from './documentError';
import type { OoxmlPackage } from './ooxmlPackage';

export type AddFinding = (severity: 'error' | 'warning', code: string, message: string, part?: string) => void;

/** Reports through `add`; returns the XML parts that did not parse. */
export function checkPackage(pkg: OoxmlPackage, add: AddFinding): Set<string> {
  // Every XML part parses.
  const broken = new Set<string>();
  for (const entry of pkg.entryNames()) {
    const ct = pkg.contentType(entry);
    const isXml = /\.(xml|rels)$/i.test(entry) || (ct !== undefined && /xml$/.test(ct));
    if (!isXml) continue;
    try {
      pkg.xml(entry);
    } catch (err) {
      if (!(err instanceof DocumentError)) throw err;
      broken.add(entry);
      add('error', err.code === 'XML_MALFORMED' ? 'XML_MALFORMED' : err.code, err.message, entry);
    }
  }

  // Content types.
  for (const entry of pkg.entryNames()) {
    if (entry === '[Content_Types].xml' || entry.endsWith('/')) continue;
    if (pkg.contentType(entry) === undefined) add('error', 'CONTENT_TYPE_MISSING', `no content type for ${entry} (neither a Default for its extension nor an Override)`, entry);
  }
  for (const partName of pkg.contentTypes.overrides.keys()) {
    const entry = partName.replace(/^\//, '');
    if (!pkg.entryNames().some((e) => e.toLowerCase() === entry)) add('warning', 'CONTENT_TYPE_ORPHAN', `[Content_Types].xml names ${partName}, which is not in the package`);
  }

  // Relationships.
  for (const entry of pkg.entryNames()) {
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(entry);
    if (!m || broken.has(entry)) continue;
    const source = m[1] + m[2];
    if (source !== '' && !pkg.has(source)) add('warning', 'RELS_ORPHAN', `${entry} belongs to ${source}, which is not in the package`, entry);
    const seen = new Set<string>();
    for (const r of pkg.relationships(source)) {
      if (seen.has(r.id)) add('error', 'DUPLICATE_REL_ID', `relationship id ${r.id} is used twice`, entry);
      seen.add(r.id);
      if (!r.external && r.targetEntry !== undefined && !pkg.has(r.targetEntry)) {
        add('error', 'REL_TARGET_MISSING', `relationship ${r.id} points to ${r.target}, which is not in the package`, entry);
      }
    }
  }

  return broken;
}
