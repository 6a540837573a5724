// `cowork doc recalc`: LibreOffice Calc recalculates every formula (calcRunner.ts); the
// results are written as the cached values of the ORIGINAL file's formula cells (so no
// part LibreOffice would drop or rewrite is lost), and the recalculated workbook is
// checked: error values with sheet and cell, functions missing their _xlfn. prefix,
// and, where the file carried cached results, every cell whose result changed.

import { el, localName, OoxmlPackage, text, walk } from '../../ooxml';
import { XlsxWorkbook } from '../workbook';
import { childLocal, prefixOf } from '../edit/sheetDom';
import { recalculateWithCalc, type CalcEngine, type CalcRunOptions } from './calcRunner';
import { checkFormulas, type CellError, type PrefixIssue } from './formulaCheck';

export interface Difference {
  sheet: string;
  cell: string;
  formula?: string;
  cached: number | string | boolean;
  recalculated: number | string | boolean | undefined;
}

export interface RecalcReport {
  engine: 'LibreOffice Calc';
  /** Where Calc ran, when not on this machine ("the sandbox (namespace)"). */
  ranIn?: string;
  ms: number;
  formulas: number;
  errors: CellError[];
  prefixIssues: PrefixIssue[];
  /** Formula cells that had a cached result which recalculation did not reproduce. */
  differences: Difference[];
  /** Formula cells that had a cached result (so could be compared). */
  compared: number;
}

export interface RecalcResult {
  bytes: Buffer;
  report: RecalcReport;
}

function same(a: number | string | boolean | undefined, b: number | string | boolean | undefined): boolean {
  if (typeof a === 'boolean') a = a ? 1 : 0;
  if (typeof b === 'boolean') b = b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

export async function recalcXlsx(input: Buffer, opts: CalcRunOptions & { ext?: 'xlsx' | 'xlsm'; engine?: CalcEngine } = {}): Promise<RecalcResult> {
  const pkg = OoxmlPackage.open(input, { expected: 'an Excel workbook (.xlsx)' });
  const wb = XlsxWorkbook.open(pkg);
  const before = await checkFormulas(wb);
  const ext = opts.ext ?? (pkg.contentType(wb.workbookEntry)?.includes('macroEnabled') ? 'xlsm' : 'xlsx');
  const engine: CalcEngine = opts.engine ?? ((bytes, kind) => recalculateWithCalc(bytes, kind, opts));
  const { bytes: calcBytes, ms, where } = await engine(input, ext, opts);
  const after = await checkFormulas(XlsxWorkbook.open(calcBytes));

  const differences: Difference[] = [];
  let compared = 0;
  for (const [sheet, cells] of before.cells) {
    const now = after.cells.get(sheet);
    for (const [ref, c] of cells) {
      if (c.value === undefined) continue;
      compared++;
      const r = now?.get(ref);
      if (!same(c.value, r?.value) && differences.length < 500) differences.push({ sheet, cell: ref, ...(c.formula ? { formula: c.formula } : {}), cached: c.value, recalculated: r?.value });
    }
  }

  // Write the results into the original's formula cells.
  for (const s of wb.sheets) {
    const results = after.cells.get(s.name);
    const mine = before.cells.get(s.name);
    if (!s.entry || !results || !mine || !mine.size) continue;
    const root = pkg.editXml(s.entry).root;
    const pfx = prefixOf(root);
    walk(root, (c) => {
      if (localName(c.name) !== 'c' || !childLocal(c, 'f') || !c.attrs.r) return;
      const r = results.get(c.attrs.r);
      if (!r || r.value === undefined) return;
      const kids = c.children.filter((k) => !(k.type === 'element' && (localName(k.name) === 'v' || localName(k.name) === 'is')));
      let t: string | undefined;
      let v: string;
      if (r.kind === 'error') [t, v] = ['e', String(r.value)];
      else if (r.kind === 'bool') [t, v] = ['b', r.value ? '1' : '0'];
      else if (r.kind === 'text') [t, v] = ['str', String(r.value)];
      else v = String(r.value);
      if (t) c.attrs.t = t;
      else delete c.attrs.t;
      const fIndex = kids.findIndex((k) => k.type === 'element' && localName(k.name) === 'f');
      kids.splice(fIndex + 1, 0, el(pfx + 'v', {}, [text(v)]));
      c.children = kids;
    });
  }
  return {
    bytes: pkg.save(),
    report: { engine: 'LibreOffice Calc', ...(where ? { ranIn: where } : {}), ms, formulas: before.formulas, errors: after.errors, prefixIssues: before.prefixIssues, differences, compared },
  };
}
