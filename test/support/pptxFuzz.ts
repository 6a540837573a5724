// A small deterministic fuzzer for decks: it mutates the XML of one part (cuts, copies,
// swaps of tag-sized pieces, attribute values changed) and zips the package again, so
// the reader meets well-zipped but strange content rather than only CRC errors.

import { OoxmlPackage } from '../../src/documents/ooxml';

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = ['', '-1', '0', '99999999999999999999', 'rId999', 'NaN', '../../x.xml', 'title', 'body', '1e400'];

export function mutateXml(xml: string, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  let s = xml;
  const ops = 1 + pick(3);
  for (let k = 0; k < ops; k++) {
    const tags = [...s.matchAll(/<[^>]+>/g)];
    if (!tags.length) break;
    const t = tags[pick(tags.length)];
    const at = t.index!;
    switch (pick(5)) {
      case 0: // drop a tag (unbalances the tree, or removes an empty element)
        s = s.slice(0, at) + s.slice(at + t[0].length);
        break;
      case 1: {
        // copy a tag somewhere else
        const u = tags[pick(tags.length)];
        s = s.slice(0, u.index!) + t[0] + s.slice(u.index!);
        break;
      }
      case 2: {
        // change an attribute value
        const attrs = [...t[0].matchAll(/="[^"]*"/g)];
        if (!attrs.length) break;
        const a = attrs[pick(attrs.length)];
        const v = VALUES[pick(VALUES.length)];
        s = s.slice(0, at + a.index!) + `="${v}"` + s.slice(at + a.index! + a[0].length);
        break;
      }
      case 3: // cut the part short
        s = s.slice(0, at);
        break;
      default: {
        // rename an element
        const m = /^<\/?([\w:]+)/.exec(t[0]);
        if (!m) break;
        const names = ['p:sp', 'p:grpSp', 'a:p', 'p:txBody', 'p:graphicFrame', 'a:tbl', 'mc:AlternateContent', 'p:sldId', 'p:ph'];
        s = s.slice(0, at) + t[0].replace(m[1], names[pick(names.length)]) + s.slice(at + t[0].length);
      }
    }
  }
  return s;
}

/** The deck with one XML part mutated (chosen among those the reader looks at). */
export function fuzzDeck(deck: Buffer, seed: number): { data: Buffer; part: string } {
  const rand = rng(seed);
  const pkg = OoxmlPackage.open(deck);
  const parts = pkg.entryNames().filter((n) => /\.(xml|rels)$/.test(n));
  const part = parts[Math.floor(rand() * parts.length)];
  pkg.setBytes(part, Buffer.from(mutateXml(pkg.bytes(part).toString('utf8'), rand)));
  return { data: pkg.save(), part };
}
