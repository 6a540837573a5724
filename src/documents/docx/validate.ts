// Structural validation of a Word package: content types and relationships, XML
// well-formedness of every part, ids that must be unique (bookmarks, comments,
// revisions), and range markers that must come in pairs. Findings, not exceptions:
// only a package that cannot be opened at all throws.

import { DocumentError, walk, type OoxmlPackage, type XmlElement } from '../ooxml';
import { childrenNamed } from '../ooxml';
import type { ValidationFinding } from './model';
import { findDocxParts } from './parts';
import { storyParts } from './ids';

const REVISION_ELEMENTS = new Set([
  'w:ins', 'w:del', 'w:moveFrom', 'w:moveTo', 'w:rPrChange', 'w:pPrChange', 'w:sectPrChange', 'w:tblPrChange',
  'w:tblGridChange', 'w:trPrChange', 'w:tcPrChange', 'w:tblPrExChange', 'w:cellIns', 'w:cellDel', 'w:numberingChange',
]);
const PAIRS: [string, string, string][] = [
  ['w:bookmarkStart', 'w:bookmarkEnd', 'bookmark'],
  ['w:commentRangeStart', 'w:commentRangeEnd', 'comment range'],
  ['w:moveFromRangeStart', 'w:moveFromRangeEnd', 'moveFrom range'],
  ['w:moveToRangeStart', 'w:moveToRangeEnd', 'moveTo range'],
];

export function validatePackage(pkg: OoxmlPackage): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const add = (severity: 'error' | 'warning', code: string, message: string, part?: string) => findings.push({ severity, code, message, ...(part ? { part } : {}) });

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

  let mainOk = true;
  try {
    const main = pkg.mainEntry();
    const root = broken.has(main) ? undefined : pkg.xml(main).root;
    if (root && (root.name !== 'w:document' || childrenNamed(root, 'w:body').length !== 1)) {
      add('error', 'MAIN_PART_INVALID', `${main} is not a w:document with one w:body`, main);
    }
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    add('error', 'MAIN_PART_MISSING', err.message);
    mainOk = false;
  }
  if (!mainOk) return findings;

  // Ids and pairs across the story parts.
  const parts = storyParts(pkg).filter((e) => !broken.has(e));
  const revIds = new Map<string, string>();
  const bookmarkIds = new Map<string, string>();
  const commentRefs = new Set<string>();
  const moveNames = { from: new Set<string>(), to: new Set<string>() };
  for (const entry of parts) {
    const open = new Map<string, Map<string, number>>();
    walk(pkg.xml(entry).root, (e: XmlElement) => {
      const id = e.attrs['w:id'];
      if (REVISION_ELEMENTS.has(e.name) && id !== undefined) {
        const prev = revIds.get(id);
        if (prev !== undefined) add('error', 'DUPLICATE_REVISION_ID', `revision id ${id} is used twice (${prev} and ${e.name} in ${entry})`, entry);
        else revIds.set(id, `${e.name} in ${entry}`);
      }
      if (e.name === 'w:bookmarkStart' && id !== undefined) {
        if (bookmarkIds.has(id)) add('error', 'DUPLICATE_BOOKMARK_ID', `bookmark id ${id} is used twice`, entry);
        bookmarkIds.set(id, entry);
      }
      if ((e.name === 'w:commentRangeStart' || e.name === 'w:commentReference') && id !== undefined) commentRefs.add(id);
      if (e.name === 'w:moveFromRangeStart' || e.name === 'w:moveToRangeStart') {
        moveNames[e.name === 'w:moveFromRangeStart' ? 'from' : 'to'].add(e.attrs['w:name'] ?? '');
      }
      for (const [start, end] of PAIRS) {
        if (e.name !== start && e.name !== end) continue;
        const counts = open.get(start) ?? new Map<string, number>();
        open.set(start, counts);
        const key = id ?? '';
        counts.set(key, (counts.get(key) ?? 0) + (e.name === start ? 1 : -1));
      }
    });
    for (const [start, end, what] of PAIRS) {
      for (const [id, n] of open.get(start) ?? []) {
        if (n > 0) add('error', 'UNPAIRED_RANGE', `${what} ${id} starts (${start}) but never ends (${end})`, entry);
        if (n < 0) add('error', 'UNPAIRED_RANGE', `${what} ${id} ends (${end}) without a start (${start})`, entry);
      }
    }
  }

  for (const name of moveNames.from) if (!moveNames.to.has(name)) add('warning', 'UNPAIRED_MOVE', `move "${name}" has a source (moveFrom) but no destination (moveTo)`);
  for (const name of moveNames.to) if (!moveNames.from.has(name)) add('warning', 'UNPAIRED_MOVE', `move "${name}" has a destination (moveTo) but no source (moveFrom)`);

  // Comments: unique ids, every marker names an existing comment.
  const { comments } = findDocxParts(pkg);
  const commentIds = new Set<string>();
  if (comments && !broken.has(comments)) {
    for (const c of childrenNamed(pkg.xml(comments).root, 'w:comment')) {
      const id = c.attrs['w:id'] ?? '';
      if (commentIds.has(id)) add('error', 'DUPLICATE_COMMENT_ID', `comment id ${id} is used twice`, comments);
      commentIds.add(id);
    }
    for (const id of commentIds) if (!commentRefs.has(id)) add('warning', 'COMMENT_UNREFERENCED', `comment ${id} is not anchored anywhere in the document`, comments);
  }
  for (const id of commentRefs) if (!commentIds.has(id)) add('error', 'COMMENT_MISSING', `a comment marker names comment ${id}, which does not exist`);
  return findings;
}
