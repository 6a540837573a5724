// New workbooks from a spec, read back by the engine, by openpyxl and by LibreOffice
// Calc (recalculated: no error values, totals equal the sums); recalculation of the
// corpus reproduces the cached results (differences reported by cell); error values and
// missing _xlfn. prefixes found with sheet and cell.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError, OoxmlPackage } from '../../../../src/documents/ooxml';
import { calcMissing, checkFormulas, createXlsx, recalcXlsx, sheetView, XlsxWorkbook } from '../../../../src/documents/xlsx';
import { corpusFiles } from '../../../support/corpus';
import { requireTool } from '../../../support/libreOffice';
import { openpyxl, openpyxlMissing } from '../../../support/openpyxl';
import { REPO_ROOT } from '../../../support/repoRoot';
import { buildXlsx } from '../../../support/xlsxBuilder';
import { EXPENSES_SPEC } from '../../../support/xlsxSpecs';

const SOFFICE = path.join(REPO_ROOT, 'test/support/sofficeLocked.sh');


describe('documents/xlsx create and recalc', () => {
  const created = createXlsx(EXPENSES_SPEC);

  it('writes typed columns, formats, formulas, table, names and comments', async () => {
    assert.deepEqual(created.tables, ['Expenses']);
    const wb = XlsxWorkbook.open(created.bytes);
    assert.deepEqual(wb.sheets.map((s) => s.name), ['Expenses', 'Summary', 'Lists']);
    assert.deepEqual(wb.tables().map((t) => [t.name, t.ref, t.style]), [['Expenses', 'A1:F5', 'TableStyleMedium9']]);
    assert.deepEqual(wb.definedNames.map((d) => d.name).sort(), ['Amounts', '_xlnm._FilterDatabase']);
    const v = await sheetView(wb, { formulas: true });
    const cell = (ref: string) => v.rows.flatMap((r) => r.cells).find((c) => c.ref === ref)!;
    assert.equal(cell('A2').text, '2024-03-01');
    assert.equal(cell('D3').text, '€89.90');
    assert.equal(cell('E4').text, '7%');
    assert.equal(cell('F2').formula, '=D2*E2/(1+E2)');
    assert.equal(cell('D6').formula, '=SUM(D2:D5)');
    assert.equal(cell('A6').text, 'Total');
    assert.deepEqual(v.layout.frozen, { rows: 1, cols: 0, topLeft: 'A2' });
    assert.equal(v.layout.columns.find((c) => c.min === 2)?.width, 24);
    const pkg = OoxmlPackage.open(created.bytes);
    assert.ok(pkg.has('xl/comments1.xml') && pkg.has('xl/drawings/vmlDrawing1.vml') && pkg.has('xl/tables/table1.xml'));
    assert.ok(['xl/drawings/drawing1.xml', 'xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml'].every((p) => pkg.has(p)));
    assert.match(pkg.bytes('xl/charts/chart1.xml').toString(), /<c:barDir val="col"\/>.*<c:f>Summary!\$A\$2:\$A\$4<\/c:f>.*<c:f>Summary!\$B\$2:\$B\$4<\/c:f>/);
  });

  it('opens in openpyxl with every feature', function () {
    requireTool(this, openpyxlMissing());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-new-')), 'expenses.xlsx');
    fs.writeFileSync(file, created.bytes);
    const got = openpyxl<Record<string, unknown>>(
      file,
      `wb = openpyxl.load_workbook(path)
e = wb['Expenses']; s = wb['Summary']
print(json.dumps({
  'freeze': e.freeze_panes, 'tables': list(e.tables.keys()), 'fmtD': e['D2'].number_format, 'fmtA': e['A2'].number_format,
  'date': e['A2'].value.isoformat(), 'f': e['F2'].value, 'bold': e['A1'].font.b, 'width': e.column_dimensions['B'].width,
  'dv': sorted(str(d.sqref) for d in e.data_validations.dataValidation), 'cf': sorted(str(r.sqref) for r in e.conditional_formatting),
  'comment': e['D4'].comment.text if e['D4'].comment else None, 'names': sorted(d.name for d in wb.defined_names.definedName) if hasattr(wb.defined_names, 'definedName') else sorted(wb.defined_names.keys()),
  'filter': s.auto_filter.ref, 'sumif': s['B2'].value, 'sfreeze': s.freeze_panes,
  'charts': [(type(c).__name__, c.title.tx.rich.p[0].r[0].t if c.title else None, [str(x.val.numRef.f) for x in c.series]) for c in s._charts]}))`,
    );
    assert.deepEqual(got, {
      freeze: 'A2', tables: ['Expenses'], fmtD: '"€"#,##0.00;-"€"#,##0.00', fmtA: 'yyyy-mm-dd', date: '2024-03-01T00:00:00', f: '=D2*E2/(1+E2)', bold: true, width: 24,
      dv: ['B2:B100', 'C2:C100', 'D2:D100'], cf: ['D2:D5', 'E2:E5'], comment: 'Ana:\nTwo nights', names: ['Amounts'],
      filter: 'A1:B4', sumif: '=SUMIF(Expenses!$C$2:$C$5,A2,Expenses!$D$2:$D$5)', sfreeze: 'A2',
      charts: [
        ['BarChart', 'Expenses by category', ['Summary!$B$2:$B$4']],
        ['PieChart', 'Share', ['Summary!$B$2:$B$4']],
        ['LineChart', 'Amounts', ['Expenses!$D$2:$D$5', 'Expenses!$F$2:$F$5']],
      ],
    });
  });

  it('LibreOffice recalculates it without errors and its totals equal the sums', async function () {
    this.timeout(300_000);
    requireTool(this, calcMissing());
    const { bytes, report } = await recalcXlsx(created.bytes, { soffice: SOFFICE, timeoutMs: 1_200_000 });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.prefixIssues, []);
    assert.equal(report.formulas, 4 + 2 + 3 + 1 + 1);
    const after = await checkFormulas(XlsxWorkbook.open(bytes));
    const e = after.cells.get('Expenses')!;
    const s = after.cells.get('Summary')!;
    const amounts = [12.5, 89.9, 240, 8.2];
    assert.ok(Math.abs((e.get('D6')!.value as number) - amounts.reduce((a, b) => a + b)) < 1e-9);
    assert.ok(Math.abs((e.get('F2')!.value as number) - (12.5 * 0.1) / 1.1) < 1e-9);
    assert.deepEqual(['B2', 'B3', 'B4', 'B5'].map((r) => s.get(r)!.value), [20.7, 89.9, 240, 350.6]);
    // The recalculated file is the original with cached values: every non-sheet part is unchanged.
    const a = OoxmlPackage.open(created.bytes);
    const b = OoxmlPackage.open(bytes);
    for (const name of a.entryNames()) if (!name.startsWith('xl/worksheets/')) assert.ok(a.zipEntry(name)!.raw.equals(b.zipEntry(name)!.raw), name);
  });

  it('finds error values and missing _xlfn. prefixes with sheet and cell', async function () {
    this.timeout(300_000);
    requireTool(this, calcMissing());
    const book = createXlsx({
      sheets: [
        { name: 'Calc', rows: [[1, 0, '=A1/B1', '=Nowhere!A1', '=VLOOKUP(9,A1:B1,2,FALSE)', '=ASIN(2)', '=NOSUCHFN(1)', '=A1:A2 B1:B2', '="x"+1', '=XLOOKUP(1,A1:A1,B1:B1)', '=_xlfn.CONCAT("a","b")']] },
      ],
    });
    const { report } = await recalcXlsx(book.bytes, { soffice: SOFFICE, timeoutMs: 1_200_000 });
    const byCell = Object.fromEntries(report.errors.map((e) => [e.cell, e.error]));
    // LibreOffice's results (measured): a missing sheet is #NAME? (Excel: #REF!), an empty
    // intersection #REF! (Excel: #NULL!); SQRT(-1), LN(0) and FACT(-1) are #VALUE! in
    // LibreOffice where Excel says #NUM!, ASIN(2) is #NUM! in both.
    assert.deepEqual(byCell, { C1: '#DIV/0!', D1: '#NAME?', E1: '#N/A', F1: '#NUM!', G1: '#NAME?', H1: '#REF!', I1: '#VALUE!', J1: '#NAME?' });
    assert.ok(report.errors.every((e) => e.sheet === 'Calc' && e.formula?.startsWith('=')));
    assert.deepEqual(report.prefixIssues, [{ sheet: 'Calc', cell: 'J1', functions: ['XLOOKUP'], formula: '=XLOOKUP(1,A1:A1,B1:B1)' }]);
  });

  it('recalculating the corpus reproduces the cached results (differences named by cell)', async function () {
    this.timeout(600_000);
    const files = corpusFiles('xlsx', '.xlsx');
    if (!files.length) this.skip();
    requireTool(this, calcMissing());
    const seen: Record<string, string[]> = {};
    for (const f of files) {
      const { report } = await recalcXlsx(fs.readFileSync(f), { soffice: SOFFICE, timeoutMs: 1_200_000 });
      seen[path.basename(f)] = report.differences.map((d) => `${d.sheet}!${d.cell}`);
    }
    // LibreOffice 7.x/25.x cannot resolve a table whose name starts with a backslash
    // (\_Prime.1): those nine cells are reported, every other cached result is reproduced.
    assert.deepEqual(seen, {
      'DataValidations-49244.xlsx': [],
      'NewStyleConditionalFormattings.xlsx': [],
      'SampleSS.xlsx': [],
      'StructuredReferences.xlsx': ['Formulas!A1', 'Formulas!A2', 'Formulas!A3', 'Table!A2', 'Table!A3', 'Table!A4', 'Table!A5', 'Table!A6', 'Table!A7'],
      'formula-eval.xlsx': [],
    });
  });

  it('refuses bad specs with the path of the mistake', () => {
    const msg = (spec: unknown) => {
      try {
        createXlsx(spec);
      } catch (err) {
        assert.ok(err instanceof DocumentError);
        return err.message;
      }
      assert.fail('expected an error');
    };
    assert.match(msg({ sheets: [] }), /sheets: must list at least one sheet/);
    assert.match(msg({ sheets: [{ name: 'A', columns: [{ header: 'x', type: 'money' }] }] }), /sheets\[0\]\.columns\[0\]\.type: unknown type "money"/);
    assert.match(msg({ sheets: [{ name: 'A' }, { name: 'a' }] }), /sheets\[1\]\.name: .*already used/);
    assert.match(msg({ sheets: [{ name: 'A', totals: { sum: ['Nope'] }, columns: [{ header: 'x' }] }] }), /no column has the header "Nope"/);
    assert.match(msg({ sheets: [{ name: 'A', conditionalFormats: [{ range: 'nope', type: 'dataBar' }] }] }), /range: must be a range/);
    assert.match(msg({ sheets: [{ name: 'A', rows: [[1, Infinity]] }] }), /B1 is Infinity/);
    assert.match(msg({ names: [{ name: 'A1', ref: 'x' }], sheets: [{ name: 'S' }] }), /not a valid name/);
  });

  it('reports every kind of cached error value with sheet, cell and formula', async () => {
    const errs = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A'];
    const rows = `<row r="1">${errs.map((e, i) => `<c r="${String.fromCharCode(65 + i)}1" t="e"><f>F${i}()</f><v>${e}</v></c>`).join('')}<c r="H1"><f>_xlfn.CONCAT("a")&amp;TEXTJOIN(",",TRUE,A1)</f><v>0</v></c></row>`;
    const wb = XlsxWorkbook.open(buildXlsx({ sheets: [{ name: 'Data', rows: '' }, { name: 'Checks', rows }] }));
    const c = await checkFormulas(wb);
    assert.deepEqual(c.errors.map((e) => `${e.sheet}!${e.cell} ${e.error} ${e.formula}`), errs.map((e, i) => `Checks!${String.fromCharCode(65 + i)}1 ${e} =F${i}()`));
    assert.deepEqual(c.prefixIssues, [{ sheet: 'Checks', cell: 'H1', functions: ['TEXTJOIN'], formula: '=_xlfn.CONCAT("a")&TEXTJOIN(",",TRUE,A1)' }]);
  });
});
