// Worksheet trees for editing: rows and cells found or created in order, values and
// formulas written the way Excel writes them. Works with the namespace prefix the part
// uses (most files have none; some generators write x:).

import { DocumentError, el, elements, localName, text, type XmlElement } from '../../ooxml';
import { cellName, parseCell } from '../cellRef';

export function prefixOf(root: XmlElement): string {
  const i = root.name.indexOf(':');
  return i < 0 ? '' : root.name.slice(0, i + 1);
}

export function childLocal(e: XmlElement, local: string): XmlElement | undefined {
  for (const c of e.children) if (c.type === 'element' && localName(c.name) === local) return c;
  return undefined;
}

export function childrenLocal(e: XmlElement, local: string): XmlElement[] {
  return elements(e).filter((c) => localName(c.name) === local);
}

export function sheetDataOf(root: XmlElement, part: string): XmlElement {
  const sd = childLocal(root, 'sheetData');
  if (!sd) throw new DocumentError('CORRUPT', `${part} has no <sheetData>`, part);
  return sd;
}

/** Row numbers of every row element, filling in rows without r (they follow the previous). */
export function numberRows(sheetData: XmlElement): void {
  let last = 0;
  for (const r of childrenLocal(sheetData, 'row')) {
    if (r.attrs.r === undefined) r.attrs.r = String(last + 1);
    last = Number(r.attrs.r);
    let lastCol = 0;
    for (const c of childrenLocal(r, 'c')) {
      if (c.attrs.r === undefined) c.attrs.r = cellName(last, lastCol + 1);
      lastCol = parseCell(c.attrs.r)?.col ?? lastCol + 1;
    }
  }
}

export function findRow(sheetData: XmlElement, row: number, create: boolean, pfx: string): XmlElement | undefined {
  const rows = sheetData.children;
  let insertAt = rows.length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.type !== 'element' || localName(r.name) !== 'row') continue;
    const n = Number(r.attrs.r);
    if (n === row) return r;
    if (n > row) {
      insertAt = i;
      break;
    }
  }
  if (!create) return undefined;
  const r = el(pfx + 'row', { r: String(row) });
  rows.splice(insertAt, 0, r);
  return r;
}

export function findCell(row: XmlElement, col: number, create: boolean, pfx: string): XmlElement | undefined {
  const rowNum = Number(row.attrs.r);
  let insertAt = row.children.length;
  for (let i = 0; i < row.children.length; i++) {
    const c = row.children[i];
    if (c.type !== 'element' || localName(c.name) !== 'c') continue;
    const n = parseCell(c.attrs.r ?? '')?.col ?? 0;
    if (n === col) return c;
    if (n > col) {
      insertAt = i;
      break;
    }
  }
  if (!create) return undefined;
  const c = el(pfx + 'c', { r: cellName(rowNum, col) });
  row.children.splice(insertAt, 0, c);
  // A row's spans attribute is only an optimisation hint; a wrong one misleads readers.
  delete row.attrs.spans;
  return c;
}

export type CellInput = number | string | boolean | null;

/** Writes a literal value (null empties the cell; its style stays). */
export function writeValue(cell: XmlElement, value: CellInput, pfx: string): void {
  const keep = cell.children.filter((c) => c.type === 'element' && localName(c.name) === 'extLst');
  delete cell.attrs.t;
  delete cell.attrs.cm;
  delete cell.attrs.vm;
  if (value === null) cell.children = keep;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DocumentError('INVALID_ARGUMENT', `${cell.attrs.r}: ${value} is not a number a spreadsheet can hold`);
    cell.children = [el(pfx + 'v', {}, [text(String(value))]), ...keep];
  } else if (typeof value === 'boolean') {
    cell.attrs.t = 'b';
    cell.children = [el(pfx + 'v', {}, [text(value ? '1' : '0')]), ...keep];
  } else {
    // Inline strings leave the shared string table (and every other part) untouched.
    cell.attrs.t = 'inlineStr';
    const t = el(pfx + 't', /^\s|\s$/.test(value) ? { 'xml:space': 'preserve' } : {}, [text(escapeControl(value))]);
    cell.children = [el(pfx + 'is', {}, [t]), ...keep];
  }
  orderCellAttrs(cell);
}

/** Writes a formula without a cached result (the workbook is marked for recalculation). */
export function writeFormula(cell: XmlElement, formula: string, pfx: string): void {
  const keep = cell.children.filter((c) => c.type === 'element' && localName(c.name) === 'extLst');
  delete cell.attrs.t;
  delete cell.attrs.cm;
  delete cell.attrs.vm;
  cell.children = [el(pfx + 'f', {}, [text(formula.replace(/^=/, ''))]), ...keep];
  orderCellAttrs(cell);
}

function orderCellAttrs(cell: XmlElement): void {
  const order = ['r', 's', 't'];
  const a: Record<string, string> = Object.create(null);
  for (const k of order) if (cell.attrs[k] !== undefined) a[k] = cell.attrs[k];
  for (const k of Object.keys(cell.attrs)) if (!order.includes(k)) a[k] = cell.attrs[k];
  cell.attrs = a;
}

function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);
}
