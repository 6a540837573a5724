// `cowork doc` on workbooks, driven as a person would: the bundled CLI spawned on real
// files: show (ranges, formulas, JSON, CSV detection, big sheets), new from a spec and
// from a CSV, edit with ops, validate, convert, recalc (LibreOffice), and bad input with
// one clear line and the right exit status.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { calcMissing } from '../../../../src/documents/xlsx';
import { corpusDir } from '../../../support/corpus';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';
import { requireTool } from '../../../support/libreOffice';
import { REPO_ROOT } from '../../../support/repoRoot';
import { richWorkbook } from '../../../support/xlsxRichFixture';
import { EXPENSES_SPEC } from '../../../support/xlsxSpecs';

describe('documents/xlsx cowork doc', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-xlsx-'));
    cli = buildDocCli(dir);
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(EXPENSES_SPEC));
    fs.writeFileSync(path.join(dir, 'rich.xlsm'), richWorkbook());
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const doc = (...args: string[]) => runDocCli(cli, dir, args, { timeoutMs: 1_300_000, env: { ...process.env, COWORK_SOFFICE: path.join(REPO_ROOT, 'test/support/sofficeLocked.sh') } });

  it('new, show (overview, range, formulas, json), validate', () => {
    const made = doc('new', 'spec.json', '-o', 'expenses.xlsx');
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /wrote expenses\.xlsx \(3 sheets: Expenses, Summary, Lists/);
    const show = doc('show', 'expenses.xlsx');
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /^Workbook: 3 sheets\n {2}1\. Expenses {2}A1:F6\n/);
    assert.match(show.out, /Tables:\n {2}Expenses {2}Expenses!A1:F5 {2}columns: Date, Vendor, Category, Amount, VAT rate, VAT/);
    assert.match(show.out, /^3 \| 2024-03-02 \| DB Bahn +\| Travel +\| €89\.90 +\| 19% +\| =D3\*E3\/\(1\+E3\)$/m);
    assert.match(show.out, /^6 \| Total +\| +\| +\| =SUM\(D2:D5\) \|/m);
    const range = doc('show', 'expenses.xlsx', '--sheet', 'summary', '--range', 'A1:B5', '--formulas');
    assert.match(range.out, /Sheet "Summary": range A1:B5/);
    assert.match(range.out, /B2:B4 {2}=SUMIF\(Expenses!\$C\$2:\$C\$5,A2,Expenses!\$D\$2:\$D\$5\) {2}\(filled down\)/);
    assert.match(range.out, /B5 {2}=SUM\(B2:B4\)/);
    const j = JSON.parse(doc('show', 'expenses.xlsx', '--range', 'D2:D3', '--json').out);
    assert.deepEqual(j.view.rows.map((r: { cells: { ref: string; text: string; value: number }[] }) => r.cells.map((c) => [c.ref, c.text, c.value])), [[['D2', '€12.50', 12.5]], [['D3', '€89.90', 89.9]]]);
    const v = doc('validate', 'expenses.xlsx');
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.out, /expenses\.xlsx: valid/);
  });

  it('edit keeps every other part; validate finds broken workbooks', () => {
    fs.writeFileSync(path.join(dir, 'ops.json'), JSON.stringify({ ops: [{ op: 'insertRows', sheet: 'Data', at: 3 }, { op: 'set', sheet: 'Data', cell: 'B3', value: 15 }] }));
    const e = doc('edit', 'rich.xlsm', 'ops.json', '-o', 'rich-edited.xlsm');
    assert.equal(e.code, 0, e.err);
    assert.match(e.out, /ops\[0\] insertRows 1 row\(s\) at Data!3/);
    assert.match(e.out, /every other part copied unchanged/);
    const a = OoxmlPackage.open(fs.readFileSync(path.join(dir, 'rich.xlsm')));
    const b = OoxmlPackage.open(fs.readFileSync(path.join(dir, 'rich-edited.xlsm')));
    for (const p of ['xl/vbaProject.bin', 'xl/media/image1.png', 'xl/externalLinks/externalLink1.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']) assert.ok(a.zipEntry(p)!.raw.equals(b.zipEntry(p)!.raw), p);
    const shown = doc('show', 'rich-edited.xlsm', '--formulas');
    assert.match(shown.out, /B6 {2}=SUM\(B2:B5\)/);
    const bad = doc('edit', 'rich.xlsm', 'ops.json');
    assert.equal(bad.code, 2);
    fs.writeFileSync(path.join(dir, 'badops.json'), '{"ops": [{"op": "set", "cell": "A1"}]}');
    const badOps = doc('edit', 'rich.xlsm', 'badops.json', '-o', 'x.xlsm');
    assert.equal(badOps.code, 1);
    assert.match(badOps.err, /rich\.xlsm: ops\[0\]: set needs "value", "formula" or "numFmt"/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.xlsm')));
    // A shared string index past the table: validate says where.
    const pkg = OoxmlPackage.open(fs.readFileSync(path.join(dir, 'rich.xlsm')));
    pkg.setBytes('xl/worksheets/sheet2.xml', Buffer.from(pkg.bytes('xl/worksheets/sheet2.xml').toString().replace('<c r="A1">', '<c r="A1" t="s"><v>99</v></c><c r="Z1">')));
    fs.writeFileSync(path.join(dir, 'broken.xlsx'), pkg.save());
    const vb = doc('validate', 'broken.xlsx');
    assert.equal(vb.code, 1);
    assert.match(vb.out, /error SHARED_STRING_MISSING .*sheet "Summary" A1: shared string 99 does not exist/);
  });

  it('CSV: show detects, convert and new make a formatted workbook, and back to CSV', () => {
    fs.writeFileSync(path.join(dir, 'data.csv'), Buffer.concat([Buffer.from('Datum;Händler;Betrag\n2024-03-01;Café;12,50\n'), Buffer.from([0x32, 0x30, 0x32, 0x34, 0x2d, 0x30, 0x33, 0x2d, 0x30, 0x32, 0x3b, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x38, 0x2c, 0x32, 0x30, 0x0a]), Buffer.from('2024-03-03;Bahn\n')]));
    const s = doc('show', 'data.csv');
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /CSV: encoding mixed \(UTF-8, with 1 line\(s\) read as Windows-1252: 3\), delimiter ";", header row, 3 data rows, 3 columns/);
    assert.match(s.out, /Ragged: 1 row\(s\) with other than 3 fields \(rows 4\)/);
    assert.match(s.out, /Columns: Datum \(date\), Händler \(text\), Betrag \(number\)/);
    assert.match(s.out, /^3 \| 2024-03-02 \| Müller +\| 8\.20/m);
    const c = doc('convert', 'data.csv', '-o', 'data.xlsx');
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /3 rows.*1 ragged row\(s\) padded; 1 line\(s\) read as Windows-1252/);
    const back = doc('convert', 'data.xlsx', '-o', 'back.csv');
    assert.equal(back.code, 0, back.err);
    assert.equal(fs.readFileSync(path.join(dir, 'back.csv'), 'utf8'), 'Datum,Händler,Betrag\r\n2024-03-01,Café,12.50\r\n2024-03-02,Müller,8.20\r\n2024-03-03,Bahn,\r\n');
    assert.equal(doc('new', 'data.csv', '-o', 'data2.xlsx').code, 0);
  });

  it('bad input: one clear line naming the file', () => {
    fs.writeFileSync(path.join(dir, 'fake.xlsx'), '%PDF-1.7\n');
    const r = doc('show', 'fake.xlsx');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'cowork doc show: fake.xlsx: this is a PDF document, not an Excel workbook (.xlsx)\n');
    const j = doc('show', 'fake.xlsx', '--json');
    assert.equal(JSON.parse(j.out).error.code, 'NOT_A_PACKAGE');
    assert.match(doc('show', 'missing.xlsx').err, /missing\.xlsx: no such file/);
    assert.match(doc('show', 'rich.xlsm', '--range', 'Q').err, /"Q" is not a cell range/);
    assert.match(doc('show', 'rich.xlsm', '--sheet', 'Nope').err, /rich\.xlsm: the workbook has no worksheet "Nope" \(sheets: Data, Summary\)/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"sheets": [{"name": "A", "columns": [{"header": "x", "type": "money"}]}]}');
    assert.match(doc('new', 'bad.json', '-o', 'bad.xlsx').err, /bad\.json: sheets\[0\]\.columns\[0\]\.type: unknown type "money"/);
    assert.match(doc('convert', 'rich.xlsm', '-o', 'x.docx').err, /convert goes from \.csv\/\.tsv to \.xlsx/);
  });

  it('recalc reports error values by cell and writes the results (LibreOffice)', function () {
    this.timeout(600_000);
    requireTool(this, calcMissing());
    fs.writeFileSync(path.join(dir, 'errs.json'), JSON.stringify({ sheets: [{ name: 'S', rows: [[1, 0, '=A1/B1', '=A1+1', '=IFS(A1>0,"pos")']] }] }));
    assert.equal(doc('new', 'errs.json', '-o', 'errs.xlsx').code, 0);
    const r = doc('recalc', 'errs.xlsx', '-o', 'errs-calc.xlsx', '--timeout', '1200');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /errs\.xlsx: 3 formulas recalculated by LibreOffice Calc/);
    assert.match(r.out, /error #DIV\/0! at S!C1 {2}=A1\/B1/);
    assert.match(r.out, /needs _xlfn\. prefix \(IFS\) at S!E1/);
    const shown = doc('show', 'errs-calc.xlsx');
    assert.match(shown.out, /^1 \| 1 \| 0 \| #DIV\/0! \| 2 \|/m);
    const dirCorpus = corpusDir('xlsx');
    if (dirCorpus) {
      const ok = doc('recalc', path.join(dirCorpus, 'formula-eval.xlsx'), '--json', '--timeout', '1200');
      assert.equal(ok.code, 0, ok.err);
      const rep = JSON.parse(ok.out);
      assert.deepEqual([rep.ok, rep.formulas, rep.compared, rep.differences], [true, 1, 1, []]);
    }
  });
});
