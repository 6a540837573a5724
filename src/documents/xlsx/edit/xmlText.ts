// Text content of a simple element and replacing it (formula and sqref elements).

import { text, type XmlElement } from '../../ooxml';

export function textOf(e: XmlElement): string {
  let s = '';
  for (const c of e.children) if (c.type === 'text') s += c.text;
  return s;
}

export function setText(e: XmlElement, s: string): void {
  e.children = [text(s)];
}
