// `cowork doc validate` for workbooks: the package (every XML part well-formed and
// safe, relationship targets present, content types declared) and the workbook (sheet
// names, cell references in order, shared string and style indexes in range, table
// headers matching their cells, defined names pointing at existing sheets, cached error
// values and functions missing their _xlfn. prefix as warnings). Parts larger than
// STREAM_CHECK_BYTES (a big sheet) are checked as they stream, never parsed into a tree.

import { DocumentError, OoxmlPackage } from '../ooxml';
import { checkXmlStream } from '../ooxml/xmlStreamCheck';
import { cellName, parseRange } from './cellRef';
import { checkFormulas } from './recalc/formulaCheck';
import { partChunks } from './partStream';
import { scanSheet } from './sheetScanner';
import { XlsxWorkbook } from './workbook';

export interface XlsxFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  part?: string;
}

/** XML parts above this many bytes are checked streaming instead of parsed whole. */
export const STREAM_CHECK_BYTES = 4 << 20;

export async function validateXlsx(input: Uint8Array): Promise<XlsxFinding[]> {
  const out: XlsxFinding[] = [];
  const add = (severity: XlsxFinding['severity'], code: string, message: string, part?: string) => {
    if (out.length < 500) out.push({ severity, code, message, ...(part ? { part } : {}) });
  };
  const pkg = OoxmlPackage.open(input, { expected: 'an Excel workbook (.xlsx)' });
  // Only edits change this set, and the loop below only reads, so it is built once.
  const edited = new Set(pkg.touched());
  for (const name of pkg.entryNames()) {
    const ct = pkg.contentType(name);
    if (!ct && !name.endsWith('.rels')) add('warning', 'CONTENT_TYPE_MISSING', `${name} has no content type`, name);
    if (name.endsWith('.xml') || name.endsWith('.rels')) {
      try {
        const size = pkg.zipEntry(name)?.uncompressedSize ?? 0;
        if (size > STREAM_CHECK_BYTES && !edited.has(name)) await checkXmlStream(partChunks(pkg, name), name, { maxDepth: pkg.limits.maxXmlDepth });
        else pkg.xml(name);
      } catch (err) {
        if (err instanceof DocumentError) add('error', err.code, err.message, name);
        else throw err;
      }
    }
    if (name.endsWith('.rels')) continue;
    try {
      for (const r of pkg.relationships(name)) {
        if (!r.external && r.targetEntry && !pkg.has(r.targetEntry)) add('error', 'REL_TARGET_MISSING', `${name} points (${r.id}) at ${r.targetEntry}, which is not in the package`, name);
      }
    } catch (err) {
      if (!(err instanceof DocumentError)) throw err;
    }
  }
  let wb: XlsxWorkbook;
  try {
    wb = XlsxWorkbook.open(pkg);
  } catch (err) {
    if (err instanceof DocumentError) {
      add('error', err.code, err.message, err.part);
      return out;
    }
    throw err;
  }
  const names = new Set<string>();
  for (const s of wb.sheets) {
    if (names.has(s.name.toLowerCase())) add('error', 'DUPLICATE_SHEET_NAME', `two sheets are called "${s.name}"`, wb.workbookEntry);
    names.add(s.name.toLowerCase());
    if (s.kind === 'worksheet' && !s.entry) add('error', 'MAIN_PART_MISSING', `the part of sheet "${s.name}" is missing`, wb.workbookEntry);
  }
  const shared = await wb.sharedStrings().catch((err) => {
    if (err instanceof DocumentError) add('error', err.code, err.message, err.part);
    return [] as string[];
  });
  const firstRows = new Map<string, Map<string, string>>();
  for (const s of wb.sheets) {
    if (!s.entry) continue;
    try {
      let lastRow = 0;
      const head = new Map<string, string>();
      firstRows.set(s.name, head);
      // A sheet over STREAM_CHECK_BYTES was already inflated once for the well-formedness
      // check above; this pass inflates it again (one shared stream is left for later).
      for await (const row of scanSheet(wb, s.entry).rows) {
        if (row.row <= lastRow) add('error', 'ROW_ORDER', `sheet "${s.name}": row ${row.row} comes after row ${lastRow}`, s.entry);
        lastRow = row.row;
        let lastCol = 0;
        for (const c of row.cells) {
          const ref = cellName(c.row, c.col);
          if (c.col <= lastCol) add('error', 'CELL_ORDER', `sheet "${s.name}": ${ref} is out of order or repeated`, s.entry);
          lastCol = c.col;
          if (c.type === 's' && c.raw !== undefined && !(Number(c.raw) >= 0 && Number(c.raw) < shared.length)) add('error', 'SHARED_STRING_MISSING', `sheet "${s.name}" ${ref}: shared string ${c.raw} does not exist (${shared.length} in the table)`, s.entry);
          if (c.style && wb.styles.count && c.style >= wb.styles.count) add('error', 'STYLE_MISSING', `sheet "${s.name}" ${ref}: style ${c.style} does not exist (${wb.styles.count} cell styles)`, s.entry);
          if (head.size < 20000) head.set(ref, c.type === 's' ? shared[Number(c.raw)] ?? '' : c.raw ?? '');
        }
      }
    } catch (err) {
      if (err instanceof DocumentError) add('error', err.code, err.message, s.entry);
      else throw err;
    }
  }
  for (const t of wb.tables()) {
    const r = parseRange(t.ref);
    if (!r) {
      add('error', 'TABLE_REF', `table ${t.name} has the bad range "${t.ref}"`, t.entry);
      continue;
    }
    if (r.right - r.left + 1 !== t.columns.length) add('error', 'TABLE_COLUMNS', `table ${t.name} spans ${r.right - r.left + 1} columns but lists ${t.columns.length}`, t.entry);
    if (t.headerRow) {
      const cells = firstRows.get(t.sheet);
      t.columns.forEach((name, i) => {
        const got = cells?.get(cellName(r.top, r.left + i));
        if (got !== undefined && got !== name) add('warning', 'TABLE_HEADER', `table ${t.name}: column "${name}" has the header cell ${cellName(r.top, r.left + i)} = "${got}"`, t.entry);
      });
    }
  }
  for (const d of wb.definedNames) {
    const m = /^(?:'((?:[^']|'')+)'|([^!'"(]+))!/.exec(d.refersTo);
    const sheet = m ? (m[1]?.replace(/''/g, "'") ?? m[2]) : undefined;
    if (sheet && !sheet.startsWith('[') && !names.has(sheet.toLowerCase())) add('error', 'NAME_TARGET_MISSING', `the name ${d.name} refers to the missing sheet "${sheet}"`, wb.workbookEntry);
    if (/#REF!/.test(d.refersTo)) add('warning', 'NAME_REF_ERROR', `the name ${d.name} refers to #REF!`, wb.workbookEntry);
  }
  try {
    const f = await checkFormulas(wb);
    for (const e of f.errors) add('warning', 'ERROR_VALUE', `sheet "${e.sheet}" ${e.cell}: ${e.error}${e.formula ? ` from ${e.formula}` : ''} (cached result)`);
    for (const p of f.prefixIssues) add('warning', 'XLFN_PREFIX_MISSING', `sheet "${p.sheet}" ${p.cell}: ${p.functions.join(', ')} must be written _xlfn.${p.functions[0]} in the file (Excel shows #NAME? otherwise): ${p.formula}`);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
  }
  return out;
}
