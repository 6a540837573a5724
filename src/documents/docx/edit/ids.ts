// Ids for what the editor adds. w:id values come from the reader's IdAllocator (one
// counter above every w:id in all story parts: Word rejects a file in which a
// bookmark, a comment and a revision share one). w14:paraId values for comment
// paragraphs are unique in the package and below 0x80000000, as the schema asks.

import type { OoxmlPackage } from '../../ooxml/ooxmlPackage';
import { walk } from '../../ooxml/xmlTree';
import { IdAllocator } from '../ids';

export class EditIds {
  private readonly ids: IdAllocator;
  private readonly paraIds = new Set<number>();
  private seed = 0x1a2b3c4d;

  constructor(pkg: OoxmlPackage) {
    this.ids = new IdAllocator(pkg);
    for (const entry of pkg.entryNames()) {
      if (!/^word\/.*\.xml$/i.test(entry)) continue;
      const data = pkg.bytes(entry);
      if (!data.includes('paraId')) continue;
      walk(pkg.xml(entry).root, (e) => {
        for (const key of ['w14:paraId', 'w15:paraId']) if (e.attrs[key]) this.paraIds.add(parseInt(e.attrs[key], 16));
      });
    }
  }

  /** The next free w:id. */
  id(): string {
    return this.ids.take();
  }

  /** A fresh w14:paraId (8 hex digits, below 0x80000000). */
  paraId(): string {
    let v: number;
    do {
      // A fixed-seed LCG: the same edit of the same file gives the same bytes.
      this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
      v = this.seed & 0x7fffffff;
    } while (v === 0 || this.paraIds.has(v));
    this.paraIds.add(v);
    return v.toString(16).toUpperCase().padStart(8, '0');
  }
}

/** What every tracked change and comment carries. */
export interface Attribution {
  author: string;
  /** ISO 8601 without fractions, e.g. 2026-12-01T19:00:00Z */
  date: string;
  initials: string;
}

export function attribution(author: string | undefined, date: Date | string | undefined): Attribution {
  const name = (author ?? '').trim() || 'Cowork';
  const d = date === undefined ? new Date() : typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${String(date)}`);
  const initials =
    name
      .split(/\s+/)
      .map((w) => w[0] ?? '')
      .join('')
      .slice(0, 3)
      .toUpperCase() || 'C';
  return { author: name, date: d.toISOString().replace(/\.\d{3}Z$/, 'Z'), initials };
}
