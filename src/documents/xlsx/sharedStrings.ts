// xl/sharedStrings.xml: the table of strings that cells of type "s" point into. Read
// as a stream of <si> items; rich-text runs are joined, phonetic runs (<rPh>) dropped.

import type { OoxmlPackage } from '../ooxml';
import { decodeEntities, decodeOoxmlEscapes, partChunks, scanElements } from './partStream';

const T_RE = /<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>|<(?:\w+:)?t\s*\/>/g;
const RPH_RE = /<(?:\w+:)?rPh[\s>][\s\S]*?<\/(?:\w+:)?rPh>/g;

/** Text of a string item (<si>, <is>): its <t> elements outside phonetic runs. */
export function stringItemText(xml: string, part: string): string {
  const body = xml.indexOf('<rPh') >= 0 || xml.indexOf(':rPh') >= 0 ? xml.replace(RPH_RE, '') : xml;
  let s = '';
  T_RE.lastIndex = 0;
  for (let m = T_RE.exec(body); m; m = T_RE.exec(body)) if (m[1]) s += m[1];
  return decodeOoxmlEscapes(decodeEntities(s, part));
}

export async function readSharedStrings(pkg: OoxmlPackage, entry: string | undefined): Promise<string[]> {
  if (!entry || !pkg.has(entry)) return [];
  const out: string[] = [];
  for await (const si of scanElements(partChunks(pkg, entry), 'si', { part: entry })) out.push(stringItemText(si, entry));
  return out;
}
