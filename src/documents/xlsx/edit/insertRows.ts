// Inserting rows into a sheet: the rows below move down, and so does everything that
// points at them: formulas on every sheet, defined names, merged cells, conditional
// formats and data validations (x14 extensions too), hyperlinks, autofilter, tables,
// comments and their note boxes, drawing anchors, chart series, pivot cache sources.
// What is not moved is reported (page breaks, and parts of kinds the engine does not know).

import { attr, DocumentError, localName, walk, type OoxmlPackage, type XmlElement } from '../../ooxml';
import { cellName, MAX_ROWS, parseCell, parseRange, rangeName } from '../cellRef';
import { shiftRowsInFormula } from '../formulaRefs';
import { XLSX_REL, type XlsxWorkbook } from '../workbook';
import { expandSharedFormulas } from './sharedFormulas';
import { childLocal, childrenLocal, numberRows, sheetDataOf } from './sheetDom';
import { setText, textOf } from './xmlText';

const FORMULA_ELEMENTS = new Set(['f', 'formula', 'formula1', 'formula2']);
const RANGE_ATTRS = ['sqref', 'ref'];

export interface InsertReport {
  touched: string[];
  notShifted: string[];
}

export function shiftRangeList(list: string, at: number, count: number): string {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((ref) => {
      const r = parseRange(ref);
      if (!r || r.bottom === MAX_ROWS) return ref;
      const top = r.top >= at ? r.top + count : r.top;
      const bottom = r.bottom >= at ? Math.min(r.bottom + count, MAX_ROWS) : r.bottom;
      return rangeName({ ...r, top, bottom });
    })
    .join(' ');
}

function shiftFormulasIn(root: XmlElement, formulaSheet: string, target: string, at: number, count: number, local: boolean): boolean {
  let changed = false;
  walk(root, (e) => {
    const ln = localName(e.name);
    if (FORMULA_ELEMENTS.has(ln) || (local && ln === 'sqref')) {
      const t = textOf(e);
      const n = ln === 'sqref' ? shiftRangeList(t, at, count) : shiftRowsInFormula(t, formulaSheet, target, at, count);
      if (n !== t) {
        setText(e, n);
        changed = true;
      }
    }
    if (local) {
      for (const a of RANGE_ATTRS) {
        const v = e.attrs[a];
        if (v === undefined || ln === 'tablePart') continue;
        const n = shiftRangeList(v, at, count);
        if (n !== v) {
          e.attrs[a] = n;
          changed = true;
        }
      }
    }
  });
  return changed;
}

export function insertRows(wb: XlsxWorkbook, sheetName: string, at: number, count: number): InsertReport {
  const pkg = wb.pkg;
  const sheet = wb.sheet(sheetName);
  if (!Number.isInteger(at) || at < 1 || at > MAX_ROWS) throw new DocumentError('INVALID_ARGUMENT', `insertRows: row ${at} is outside the sheet`);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new DocumentError('INVALID_ARGUMENT', `insertRows: count must be 1 to 100000, not ${count}`);
  if (at + count - 1 > MAX_ROWS) throw new DocumentError('INVALID_ARGUMENT', `insertRows: ${count} row(s) at row ${at} would run past the last row (${MAX_ROWS})`);
  const touched = new Set<string>();
  const notShifted: string[] = [];

  // The sheet itself: rows and cells move, then every range and formula on it.
  const root = pkg.editXml(sheet.entry).root;
  touched.add(sheet.entry);
  const data = sheetDataOf(root, sheet.entry);
  numberRows(data);
  expandSharedFormulas(root);
  for (const row of childrenLocal(data, 'row')) {
    const r = Number(row.attrs.r);
    if (r < at) continue;
    if (r + count > MAX_ROWS) throw new DocumentError('INVALID_ARGUMENT', `insertRows: row ${r} of "${sheet.name}" would move past the last row (${MAX_ROWS})`);
    row.attrs.r = String(r + count);
    for (const c of childrenLocal(row, 'c')) {
      const a = parseCell(c.attrs.r ?? '');
      if (a) c.attrs.r = cellName(a.row + count, a.col);
    }
  }
  shiftFormulasIn(root, sheet.name, sheet.name, at, count, true);
  if (childLocal(root, 'rowBreaks')) notShifted.push(`page breaks of "${sheet.name}" (rowBreaks)`);

  // Formulas on the other sheets that point into this one.
  for (const other of wb.sheets) {
    if (!other.entry || other.entry === sheet.entry) continue;
    const tree = pkg.xml(other.entry).root;
    const probe = structuredCloneLite(tree);
    if (shiftFormulasIn(probe, other.name, sheet.name, at, count, false)) {
      const live = pkg.editXml(other.entry).root;
      expandSharedFormulas(live);
      shiftFormulasIn(live, other.name, sheet.name, at, count, false);
      touched.add(other.entry);
    }
  }

  // Defined names (print areas, named ranges).
  const wbRoot = pkg.xml(wb.workbookEntry).root;
  const names = childLocal(wbRoot, 'definedNames');
  if (names) {
    const edits: [XmlElement, string][] = [];
    for (const d of childrenLocal(names, 'definedName')) {
      const local = attr(d, 'localSheetId');
      const scope = local !== undefined ? wb.sheets[Number(local)]?.name ?? '' : '';
      const t = textOf(d);
      const n = shiftRowsInFormula(t, scope, sheet.name, at, count);
      if (n !== t) edits.push([d, n]);
    }
    if (edits.length) {
      pkg.editXml(wb.workbookEntry);
      for (const [d, n] of edits) setText(d, n);
      touched.add(wb.workbookEntry);
    }
  }

  // Parts hanging off the sheet.
  for (const rel of pkg.relationships(sheet.entry)) {
    const entry = rel.targetEntry;
    if (rel.external || !entry || !pkg.has(entry)) continue;
    if (rel.type === XLSX_REL.table || rel.type === XLSX_REL.comments || rel.type.endsWith('/threadedComment')) {
      const t = pkg.editXml(entry).root;
      shiftFormulasIn(t, sheet.name, sheet.name, at, count, true);
      touched.add(entry);
    } else if (rel.type === XLSX_REL.vmlDrawing) {
      const vml = pkg.bytes(entry).toString('utf8');
      const moved = shiftVml(vml, at, count);
      if (moved !== vml) {
        pkg.setBytes(entry, Buffer.from(moved, 'utf8'));
        touched.add(entry);
      }
    } else if (rel.type === XLSX_REL.drawing) {
      const d = pkg.xml(entry).root;
      let changed = false;
      walk(d, (e) => {
        const ln = localName(e.name);
        if (ln !== 'from' && ln !== 'to') return;
        const rowEl = childLocal(e, 'row');
        if (!rowEl) return;
        const r0 = Number(textOf(rowEl));
        if (r0 + 1 >= at) {
          setText(rowEl, String(r0 + count));
          changed = true;
        }
      });
      if (changed) {
        pkg.editXml(entry);
        touched.add(entry);
      }
    }
  }

  // Chart series and pivot caches anywhere in the package.
  for (const entry of pkg.entryNames()) {
    const ct = pkg.contentType(entry) ?? '';
    if (ct.endsWith('drawingml.chart+xml') || ct.includes('chartex')) {
      const probe = structuredCloneLite(pkg.xml(entry).root);
      if (shiftFormulasIn(probe, '', sheet.name, at, count, false)) {
        shiftFormulasIn(pkg.editXml(entry).root, '', sheet.name, at, count, false);
        touched.add(entry);
      }
    } else if (ct.endsWith('pivotCacheDefinition+xml')) {
      const src = findLocal(pkg.xml(entry).root, 'worksheetSource');
      if (src && src.attrs.sheet?.toLowerCase() === sheet.name.toLowerCase() && src.attrs.ref) {
        const n = shiftRangeList(src.attrs.ref, at, count);
        if (n !== src.attrs.ref) {
          pkg.editXml(entry);
          src.attrs.ref = n;
          touched.add(entry);
          notShifted.push(`the pivot table's own cells (${entry}: it is refreshed from the moved source when opened with refresh)`);
        }
      }
    } else if (/externalLink|slicer|timeline|queryTable|connections/i.test(ct)) {
      notShifted.push(`${entry} (${ct.split('.').pop()}: not examined)`);
    }
  }
  return { touched: [...touched], notShifted };
}

function findLocal(root: XmlElement, local: string): XmlElement | undefined {
  let found: XmlElement | undefined;
  walk(root, (e) => {
    if (!found && localName(e.name) === local) found = e;
  });
  return found;
}

/** Note boxes of legacy comments: <x:Row> (0-based) and the rows in <x:Anchor>. */
function shiftVml(vml: string, at: number, count: number): string {
  return vml
    .replace(/<x:Row>(\d+)<\/x:Row>/g, (m, r: string) => (Number(r) + 1 >= at ? `<x:Row>${Number(r) + count}</x:Row>` : m))
    .replace(/<x:Anchor>([^<]*)<\/x:Anchor>/g, (m, a: string) => {
      const p = a.split(',').map((s) => s.trim());
      if (p.length !== 8) return m;
      for (const i of [2, 6]) if (Number(p[i]) + 1 >= at) p[i] = String(Number(p[i]) + count);
      return `<x:Anchor>${p.join(', ')}</x:Anchor>`;
    });
}

/** A deep copy of a tree, to try a rewrite without marking the part changed. */
function structuredCloneLite(e: XmlElement): XmlElement {
  return structuredClone(e);
}

export type { OoxmlPackage };
