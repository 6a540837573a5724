// Shared formulas (one master <f t="shared" ref si>, followers <f t="shared" si/>)
// turned into plain formulas, so a cell in the group can be changed, or rows inserted
// across it, without the followers silently changing meaning.

import { localName, text, walk, type XmlElement } from '../../ooxml';
import { parseCell } from '../cellRef';
import { translateFormula } from '../formulaRefs';
import { childLocal } from './sheetDom';
import { textOf } from './xmlText';

/** Expands every shared formula of the sheet (all groups when `only` is undefined). Returns how many cells changed. */
export function expandSharedFormulas(root: XmlElement, only?: Set<string>): number {
  const masters = new Map<string, { formula: string; row: number; col: number }>();
  let n = 0;
  walk(root, (c) => {
    if (localName(c.name) !== 'c') return;
    const f = childLocal(c, 'f');
    if (!f || f.attrs.t !== 'shared' || f.attrs.si === undefined) return;
    const si = f.attrs.si;
    if (only && !only.has(si)) return;
    const at = parseCell(c.attrs.r ?? '');
    if (!at) return;
    const own = textOf(f);
    if (own) masters.set(si, { formula: own, row: at.row, col: at.col });
    const m = masters.get(si);
    if (!m) return;
    const formula = own || translateFormula(m.formula, at.row - m.row, at.col - m.col);
    delete f.attrs.t;
    delete f.attrs.si;
    delete f.attrs.ref;
    f.children = [text(formula)];
    n++;
  });
  return n;
}

/** The shared-formula group ids of a cell's formula, if it belongs to one. */
export function sharedGroupOf(cell: XmlElement): string | undefined {
  const f = childLocal(cell, 'f');
  return f && f.attrs.t === 'shared' ? f.attrs.si : undefined;
}
