// Helpers to read and build XmlElement trees (no parent pointers: transforms rebuild
// children arrays, which keeps trees plain data that any module can construct).

import type { XmlElement, XmlNode } from './xml';

export function el(name: string, attrs: Record<string, string> = {}, children: XmlNode[] = []): XmlElement {
  const a: Record<string, string> = {};
  for (const k of Object.keys(attrs)) a[k] = attrs[k];
  return { type: 'element', name, attrs: a, children };
}

export function text(t: string): XmlNode {
  return { type: 'text', text: t };
}

export function isElement(n: XmlNode | undefined, name?: string): n is XmlElement {
  return !!n && n.type === 'element' && (name === undefined || n.name === name);
}

export function child(e: XmlElement, name: string): XmlElement | undefined {
  for (const c of e.children) if (c.type === 'element' && c.name === name) return c;
  return undefined;
}

export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children) if (c.type === 'element' && c.name === name) out.push(c);
  return out;
}

export function elements(e: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children) if (c.type === 'element') out.push(c);
  return out;
}

export function attr(e: XmlElement | undefined, name: string): string | undefined {
  return e ? e.attrs[name] : undefined;
}

/** Depth-first visit of every element below (and including) `e`. */
export function walk(e: XmlElement, visit: (el: XmlElement) => void): void {
  visit(e);
  for (const c of e.children) if (c.type === 'element') walk(c, visit);
}

/** Concatenated character data of all descendants. */
export function textContent(e: XmlElement): string {
  let s = '';
  for (const c of e.children) {
    if (c.type === 'text') s += c.text;
    else if (c.type === 'element') s += textContent(c);
  }
  return s;
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
