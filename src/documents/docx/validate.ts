// Structural validation of a Word package: content types and relationships, XML
// well-formedness of every part, ids that must be unique (bookmarks, comments,
// revisions), and range markers that must come in pairs. Findings, not exceptions:
// only a package that cannot be opened at all throws.

import { DocumentError, walk, type OoxmlPackage, type XmlElement } from '../ooxml';
import { childrenNamed } from '../ooxml';
import type { ValidationFinding } from './model';
import { findDocxParts } from './parts';
import { storyParts } from './ids';
import { checkPackage } from '../ooxml/packageChecks';

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

  const broken = checkPackage(pkg, add);

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
