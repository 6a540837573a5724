// OPC part names. Inside the engine a part is named by its zip entry name (no leading
// slash, e.g. `word/document.xml`); relationship targets and content-type overrides use
// absolute part names (`/word/document.xml`). These helpers convert between them.

import * as path from 'node:path';

export function toPartName(entryName: string): string {
  return '/' + entryName;
}

export function toEntryName(partName: string): string {
  return partName.replace(/^\/+/, '');
}

/** The relationships part of a part: `word/document.xml` -> `word/_rels/document.xml.rels`; the package's own is `_rels/.rels`. */
export function relsEntryFor(entryName: string): string {
  if (entryName === '') return '_rels/.rels';
  const dir = path.posix.dirname(entryName);
  const base = path.posix.basename(entryName);
  return (dir === '.' ? '' : dir + '/') + '_rels/' + base + '.rels';
}

/** Resolves an internal relationship target against the part that holds the relationship. */
export function resolveTarget(sourceEntry: string, target: string): string {
  const t = target.split('#')[0];
  if (t.startsWith('/')) return path.posix.normalize(t).replace(/^\/+/, '');
  const dir = sourceEntry === '' ? '' : path.posix.dirname(sourceEntry);
  const joined = path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, decodeURIComponent(t)));
  return joined.replace(/^\/+/, '');
}

/** The target to write in a relationship from `sourceEntry` to `targetEntry`. */
export function relativeTarget(sourceEntry: string, targetEntry: string): string {
  const dir = sourceEntry === '' ? '.' : path.posix.dirname(sourceEntry);
  return path.posix.relative(dir === '.' ? '' : dir, targetEntry) || path.posix.basename(targetEntry);
}
