// Fresh w:id values. Word expects ids of annotations (bookmarks, comments, revisions,
// move ranges) to be unique across the document; reusing one is a known way to make
// Word call a file corrupt. The allocator starts above every numeric w:id in every
// story part (notes keep their own numbering and are not counted).

import { walk, type OoxmlPackage } from '../ooxml';
import { findDocxParts } from './parts';

const OWN_NUMBERING = new Set(['w:footnote', 'w:endnote', 'w:footnoteReference', 'w:endnoteReference']);

export class IdAllocator {
  private next: number;

  constructor(pkg: OoxmlPackage) {
    let max = -1;
    for (const entry of storyParts(pkg)) {
      walk(pkg.xml(entry).root, (e) => {
        const v = e.attrs['w:id'];
        if (v === undefined || OWN_NUMBERING.has(e.name)) return;
        const n = Number(v);
        if (Number.isInteger(n) && n > max) max = n;
      });
    }
    this.next = max + 1;
  }

  /** A new id, as the string to write in w:id. */
  take(): string {
    return String(this.next++);
  }
}

export function storyParts(pkg: OoxmlPackage): string[] {
  const p = findDocxParts(pkg);
  return [p.main, ...p.headers.map((h) => h.entry), ...p.footers.map((f) => f.entry), p.footnotes, p.endnotes, p.comments].filter(
    (e): e is string => !!e,
  );
}
