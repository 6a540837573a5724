// `cowork doc edit` on a workbook: applies the ops in order on the package and writes
// only the parts they change; every other part (charts, pivots, drawings, images,
// macros, external links, comments, ...) is copied byte for byte. Formulas are written
// without cached results and the workbook is marked to recalculate on open; the
// calculation chain (a cache Excel rebuilds) is dropped when formulas move or go.
// Nothing is returned unless every op applies.

import { DocumentError, localName, OoxmlPackage, type XmlElement } from '../../ooxml';
import { cellName, parseCell, parseRange, inRange, type CellRange } from '../cellRef';
import { XLSX_REL, XlsxWorkbook } from '../workbook';
import { addSheet } from './addSheet';
import { parseXlsxOps, type CellSpec, type XlsxEditOp } from './editOps';
import { insertRows } from './insertRows';
import { expandSharedFormulas, sharedGroupOf } from './sharedFormulas';
import { childLocal, childrenLocal, findCell, findRow, numberRows, prefixOf, sheetDataOf, writeFormula, writeValue, type CellInput } from './sheetDom';
import { StyleEditor } from './styleEdit';

export interface XlsxEditResult {
  bytes: Buffer;
  applied: { index: number; op: XlsxEditOp['op']; summary: string }[];
  /** Parts rewritten, added or removed; every other part is copied byte for byte. */
  touchedParts: string[];
  /** What the edit did not adjust and the person should know about. */
  notes: string[];
}

export function editXlsx(input: Uint8Array, opsJson: unknown): XlsxEditResult {
  const ops = parseXlsxOps(opsJson);
  const pkg = OoxmlPackage.open(input, { expected: 'an Excel workbook (.xlsx)' });
  let wb = XlsxWorkbook.open(pkg);
  const styles = new StyleEditor(pkg, wb.workbookEntry);
  const applied: XlsxEditResult['applied'] = [];
  const notes: string[] = [];
  let formulasChanged = false;
  let dropCalcChain = false;
  const numbered = new Set<string>();

  const writeCell = (sheetName: string | undefined, row: number, col: number, spec: CellSpec, where: string) => {
    const sheet = wb.sheet(sheetName);
    const root = pkg.editXml(sheet.entry).root;
    const pfx = prefixOf(root);
    const data = sheetDataOf(root, sheet.entry);
    if (!numbered.has(sheet.entry)) {
      numberRows(data);
      numbered.add(sheet.entry);
    }
    const arr = arrayRangeAt(root, row, col);
    if (arr) throw new DocumentError('INVALID_ARGUMENT', `${where}: ${cellName(row, col)} is part of the array formula ${arr}; change the whole array in a spreadsheet application`);
    const r = findRow(data, row, true, pfx)!;
    const cell = findCell(r, col, true, pfx)!;
    const group = sharedGroupOf(cell);
    if (group !== undefined && (spec.value !== undefined || spec.formula !== undefined)) expandSharedFormulas(root, new Set([group]));
    const hadFormula = !!childLocal(cell, 'f');
    if (spec.formula !== undefined) {
      writeFormula(cell, spec.formula, pfx);
      formulasChanged = true;
    } else if (spec.value !== undefined) {
      writeValue(cell, spec.value, pfx);
      if (hadFormula) dropCalcChain = formulasChanged = true;
    }
    if (spec.numFmt !== undefined) {
      const s = styles.withFormat(Number(cell.attrs.s ?? 0), spec.numFmt);
      if (s) cell.attrs.s = String(s);
      else delete cell.attrs.s;
      reorder(cell);
    }
    const merge = mergeAt(root, row, col);
    if (merge && !(merge.top === row && merge.left === col)) notes.push(`${where}: ${cellName(row, col)} is hidden inside the merged range ${cellName(merge.top, merge.left)}:${cellName(merge.bottom, merge.right)}`);
    growDimension(root, row, col);
  };

  const writeRows = (sheetName: string | undefined, start: { row: number; col: number }, rows: (CellInput | CellSpec)[][], where: string) => {
    rows.forEach((cells, dr) =>
      cells.forEach((c, dc) => {
        const spec: CellSpec = c !== null && typeof c === 'object' ? c : { value: c };
        if (spec.value === undefined && spec.formula === undefined && spec.numFmt === undefined) return;
        writeCell(sheetName, start.row + dr, start.col + dc, spec, where);
      }),
    );
  };

  ops.forEach((op, index) => {
    const where = `ops[${index}] (${op.op})`;
    switch (op.op) {
      case 'set': {
        const a = parseCell(op.cell)!;
        writeCell(op.sheet, a.row, a.col, { value: op.value, formula: op.formula, numFmt: op.numFmt }, where);
        applied.push({ index, op: op.op, summary: `${wb.sheet(op.sheet).name}!${cellName(a.row, a.col)}` });
        break;
      }
      case 'setRange': {
        const a = parseCell(op.start)!;
        writeRows(op.sheet, a, op.rows, where);
        const width = Math.max(1, ...op.rows.map((r) => r.length));
        applied.push({ index, op: op.op, summary: `${wb.sheet(op.sheet).name}!${cellName(a.row, a.col)}:${cellName(a.row + Math.max(op.rows.length, 1) - 1, a.col + width - 1)}` });
        break;
      }
      case 'insertRows': {
        const sheet = wb.sheet(op.sheet);
        const count = op.count ?? 1;
        const rep = insertRows(wb, sheet.name, op.at, count);
        numbered.add(sheet.entry);
        dropCalcChain = formulasChanged = true;
        for (const n of rep.notShifted) notes.push(`${where}: not shifted: ${n}`);
        applied.push({ index, op: op.op, summary: `${count} row(s) at ${sheet.name}!${op.at}; adjusted ${rep.touched.length} part(s)` });
        break;
      }
      case 'addSheet': {
        addSheet(wb, op.name, wb.sheets.map((s) => s.name), op.position);
        wb = XlsxWorkbook.open(pkg); // the sheet list changed
        if (op.rows) writeRows(op.name, { row: 1, col: 1 }, op.rows, where);
        applied.push({ index, op: op.op, summary: op.name });
        break;
      }
    }
  });

  if (formulasChanged) markForRecalc(pkg, wb);
  if (dropCalcChain) removeCalcChain(pkg, wb, notes);
  return { bytes: pkg.save(), applied, touchedParts: pkg.touched(), notes };
}

function reorder(cell: XmlElement): void {
  const a: Record<string, string> = Object.create(null);
  for (const k of ['r', 's', 't']) if (cell.attrs[k] !== undefined) a[k] = cell.attrs[k];
  for (const k of Object.keys(cell.attrs)) if (!(k in a)) a[k] = cell.attrs[k];
  cell.attrs = a;
}

function arrayRangeAt(root: XmlElement, row: number, col: number): string | undefined {
  const data = childLocal(root, 'sheetData');
  if (!data) return undefined;
  for (const r of childrenLocal(data, 'row'))
    for (const c of childrenLocal(r, 'c')) {
      const f = childLocal(c, 'f');
      if (f?.attrs.t !== 'array' || !f.attrs.ref) continue;
      const range = parseRange(f.attrs.ref);
      if (range && inRange(range, row, col) && !(range.top === range.bottom && range.left === range.right)) return f.attrs.ref;
    }
  return undefined;
}

function mergeAt(root: XmlElement, row: number, col: number): CellRange | undefined {
  const m = childLocal(root, 'mergeCells');
  if (!m) return undefined;
  for (const mc of childrenLocal(m, 'mergeCell')) {
    const r = parseRange(mc.attrs.ref ?? '');
    if (r && inRange(r, row, col)) return r;
  }
  return undefined;
}

function growDimension(root: XmlElement, row: number, col: number): void {
  const d = childLocal(root, 'dimension');
  if (!d?.attrs.ref) return;
  const r = parseRange(d.attrs.ref);
  if (!r) return;
  if (row === 1 && col === 1 && r.top === 1 && r.bottom === 1 && r.left === 1 && r.right === 1) return;
  const n = { top: Math.min(r.top, row), left: Math.min(r.left, col), bottom: Math.max(r.bottom, row), right: Math.max(r.right, col) };
  d.attrs.ref = n.top === n.bottom && n.left === n.right ? cellName(n.top, n.left) : `${cellName(n.top, n.left)}:${cellName(n.bottom, n.right)}`;
}

/** fullCalcOnLoad: Excel and LibreOffice compute the new formulas when the file is opened. */
function markForRecalc(pkg: OoxmlPackage, wb: XlsxWorkbook): void {
  const root = pkg.editXml(wb.workbookEntry).root;
  let calc = childLocal(root, 'calcPr');
  if (!calc) {
    calc = { type: 'element', name: prefixOf(root) + 'calcPr', attrs: Object.create(null), children: [] };
    // calcPr follows definedNames (or sheets) in CT_Workbook.
    const after = ['definedNames', 'sheets'].map((n) => root.children.findIndex((c) => c.type === 'element' && localName(c.name) === n)).find((i) => i >= 0) ?? root.children.length - 1;
    root.children.splice(after + 1, 0, calc);
  }
  calc.attrs.fullCalcOnLoad = '1';
}

function removeCalcChain(pkg: OoxmlPackage, wb: XlsxWorkbook, notes: string[]): void {
  const rel = pkg.relationships(wb.workbookEntry).find((r) => r.type === XLSX_REL.calcChain);
  if (!rel?.targetEntry) return;
  pkg.remove(rel.targetEntry);
  const relsEntry = wb.workbookEntry.replace(/([^/]+)$/, '_rels/$1.rels');
  const rels = pkg.editXml(relsEntry).root;
  rels.children = rels.children.filter((c) => !(c.type === 'element' && c.attrs.Id === rel.id));
  const ct = pkg.editXml('[Content_Types].xml').root;
  ct.children = ct.children.filter((c) => !(c.type === 'element' && c.attrs.PartName?.toLowerCase() === '/' + rel.targetEntry!.toLowerCase()));
  notes.push(`removed ${rel.targetEntry} (the calculation order cache; Excel rebuilds it on open)`);
}

