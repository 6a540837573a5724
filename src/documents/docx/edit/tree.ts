// Mutating an XmlElement tree in place. The package layer's trees have no parent
// pointers, so the editor keeps a parent index for the part it edits and every
// structural change goes through these helpers, which keep the index right.

import type { XmlElement, XmlNode } from '../../ooxml/xml';

export class PartTree {
  private readonly parents = new Map<XmlElement, XmlElement>();
  /** Set by every change made through this tree (or touch()): the part must be written. */
  dirty = false;

  constructor(
    readonly part: string,
    readonly root: XmlElement,
  ) {
    this.index(root);
  }

  touch(): void {
    this.dirty = true;
  }

  private index(e: XmlElement): void {
    for (const c of e.children) {
      if (c.type !== 'element') continue;
      this.parents.set(c, e);
      this.index(c);
    }
  }

  parent(e: XmlElement): XmlElement | undefined {
    return this.parents.get(e);
  }

  /** Nearest ancestor (not `e` itself) with one of the names. */
  ancestor(e: XmlElement, names: string[], stopAt?: XmlElement): XmlElement | undefined {
    for (let p = this.parent(e); p && p !== stopAt; p = this.parent(p)) if (names.includes(p.name)) return p;
    return undefined;
  }

  private siblingsOf(e: XmlElement): { parent: XmlElement; index: number } {
    const parent = this.parent(e);
    if (!parent) throw new Error(`<${e.name}> has no parent in this part`);
    const index = parent.children.indexOf(e);
    if (index < 0) throw new Error(`<${e.name}> is not among its parent's children`);
    return { parent, index };
  }

  private adopt(parent: XmlElement, nodes: XmlNode[]): void {
    for (const n of nodes) {
      if (n.type !== 'element') continue;
      this.parents.set(n, parent);
      this.index(n);
    }
  }

  insertBefore(ref: XmlElement, nodes: XmlNode[]): void {
    this.dirty = true;
    const { parent, index } = this.siblingsOf(ref);
    parent.children.splice(index, 0, ...nodes);
    this.adopt(parent, nodes);
  }

  insertAfter(ref: XmlElement, nodes: XmlNode[]): void {
    this.dirty = true;
    const { parent, index } = this.siblingsOf(ref);
    parent.children.splice(index + 1, 0, ...nodes);
    this.adopt(parent, nodes);
  }

  /** Appends to `parent` (or inserts at `index`). */
  insertInto(parent: XmlElement, nodes: XmlNode[], index = parent.children.length): void {
    this.dirty = true;
    parent.children.splice(index, 0, ...nodes);
    this.adopt(parent, nodes);
  }

  replace(e: XmlElement, nodes: XmlNode[]): void {
    this.dirty = true;
    const { parent, index } = this.siblingsOf(e);
    parent.children.splice(index, 1, ...nodes);
    this.parents.delete(e);
    this.adopt(parent, nodes);
  }

  remove(e: XmlElement): void {
    this.dirty = true;
    const { parent, index } = this.siblingsOf(e);
    parent.children.splice(index, 1);
    this.parents.delete(e);
  }

  /** Puts `wrapper` where `e` is and `e` inside it. */
  wrap(e: XmlElement, wrapper: XmlElement): void {
    this.dirty = true;
    const { parent, index } = this.siblingsOf(e);
    parent.children[index] = wrapper;
    wrapper.children.push(e);
    this.parents.set(wrapper, parent);
    this.parents.set(e, wrapper);
  }

  /** Moves parent.children[from..to] (inclusive) into `wrapper`, which takes their place. */
  wrapRange(parent: XmlElement, from: number, to: number, wrapper: XmlElement): void {
    this.dirty = true;
    const moved = parent.children.splice(from, to - from + 1, wrapper);
    wrapper.children.push(...moved);
    this.parents.set(wrapper, parent);
    for (const n of moved) if (n.type === 'element') this.parents.set(n, wrapper);
  }

  /** Replaces `e` by its own children. */
  unwrap(e: XmlElement): void {
    this.replace(e, e.children);
  }
}

/** A deep copy (new objects all the way down). */
export function cloneElement(e: XmlElement): XmlElement {
  const attrs: Record<string, string> = Object.create(null);
  for (const k of Object.keys(e.attrs)) attrs[k] = e.attrs[k];
  return { type: 'element', name: e.name, attrs, children: e.children.map((c) => (c.type === 'element' ? cloneElement(c) : { ...c })) };
}
