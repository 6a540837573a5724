// Editing workbooks without losing anything: every part an op does not need to change
// comes back byte for byte (charts, drawings, images, pivots, comments, VBA, external
// links, styles, ...), inserted rows move what points at them, and the result opens in
// openpyxl. Corpus files too.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError, OoxmlPackage } from '../../../../src/documents/ooxml';
import { editXlsx, sheetView, XlsxWorkbook } from '../../../../src/documents/xlsx';
import { corpusFiles } from '../../../support/corpus';
import { requireTool } from '../../../support/libreOffice';
import { openpyxl, openpyxlMissing } from '../../../support/openpyxl';
import { richWorkbook } from '../../../support/xlsxRichFixture';

function unchangedExcept(before: Buffer, after: Buffer, changed: string[]): void {
  const a = OoxmlPackage.open(before);
  const b = OoxmlPackage.open(after);
  for (const name of a.entryNames()) {
    if (changed.includes(name)) continue;
    assert.ok(b.has(name), `${name} was lost`);
    assert.ok(a.zipEntry(name)!.raw.equals(b.zipEntry(name)!.raw), `${name} changed`);
  }
}

function text(buf: Buffer, entry: string): string {
  return OoxmlPackage.open(buf).bytes(entry).toString('utf8');
}

async function cells(buf: Buffer, sheet?: string): Promise<Record<string, string>> {
  const v = await sheetView(XlsxWorkbook.open(buf), { sheet, formulas: true });
  const out: Record<string, string> = {};
  for (const r of v.rows) for (const c of r.cells) out[c.ref] = c.formula ?? c.text;
  return out;
}

describe('documents/xlsx edit', () => {
  const rich = richWorkbook();

  it('sets values, formulas and formats touching only the sheet, styles and workbook', async () => {
    const res = editXlsx(rich, {
      ops: [
        { op: 'set', sheet: 'Data', cell: 'B2', value: 12.5, numFmt: '"$"#,##0.00' },
        { op: 'set', sheet: 'Data', cell: 'A7', value: 'Note & more' },
        { op: 'set', sheet: 'Data', cell: 'B7', formula: '=AVERAGE(B2:B4)' },
        { op: 'setRange', sheet: 'Summary', start: 'C1', rows: [[true, { formula: '=Data!B2*2' }, null]] },
      ],
    });
    assert.deepEqual(res.touchedParts.sort(), ['xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    unchangedExcept(rich, res.bytes, res.touchedParts);
    const c = await cells(res.bytes, 'Data');
    assert.equal(c.B2, '$12.50');
    assert.equal(c.A7, 'Note & more');
    assert.equal(c.B7, '=AVERAGE(B2:B4)');
    assert.equal(c.C6, '=B6*2', 'the shared formula still reads');
    assert.match(text(res.bytes, 'xl/workbook.xml'), /<calcPr calcId="191029" fullCalcOnLoad="1"\/>/);
    assert.ok(OoxmlPackage.open(res.bytes).has('xl/calcChain.xml'), 'no formula was removed, the chain stays');
    const s = await cells(res.bytes, 'Summary');
    assert.deepEqual([s.C1, s.D1], ['TRUE', '=Data!B2*2']);
  });

  it('overwriting a shared-formula master keeps the followers and drops the calc chain', async () => {
    const res = editXlsx(rich, { ops: [{ op: 'set', sheet: 'Data', cell: 'C5', value: 1 }] });
    const c = await cells(res.bytes, 'Data');
    assert.deepEqual([c.C5, c.C6], ['1', '=B6*2']);
    assert.ok(!OoxmlPackage.open(res.bytes).has('xl/calcChain.xml'));
    assert.ok(!text(res.bytes, 'xl/_rels/workbook.xml.rels').includes('calcChain'));
    assert.ok(!text(res.bytes, '[Content_Types].xml').includes('calcChain'));
    assert.ok(res.notes.some((n) => n.includes('calcChain')));
  });

  it('inserts rows and moves what points at them, on every sheet and part', async () => {
    const res = editXlsx(rich, { ops: [{ op: 'insertRows', sheet: 'Data', at: 3, count: 2 }] });
    const moved = ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/workbook.xml', 'xl/tables/table1.xml', 'xl/comments1.xml', 'xl/drawings/vmlDrawing1.vml', 'xl/drawings/drawing1.xml', 'xl/charts/chart1.xml', 'xl/pivotCache/pivotCacheDefinition1.xml', 'xl/calcChain.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml'];
    assert.deepEqual(res.touchedParts.sort(), moved.sort());
    unchangedExcept(rich, res.bytes, moved);
    const c = await cells(res.bytes, 'Data');
    assert.deepEqual([c.A2, c.A5, c.B7, c.C7, c.C8], ['Tea', 'Coffee', '=SUM(B2:B6)', '=B7*2', '=B8*2']);
    assert.equal(c.A3, undefined);
    const sheet = text(res.bytes, 'xl/worksheets/sheet1.xml');
    for (const want of ['<dimension ref="A1:C8"/>', '<mergeCell ref="D6:E7"/>', 'sqref="B2:B6"><cfRule', '<formula>$B$5</formula>', 'sqref="B2:B8"><formula1>0</formula1><formula2>B8</formula2>', '<xm:sqref>B2:B6</xm:sqref>']) assert.ok(sheet.includes(want), want);
    assert.deepEqual(await cells(res.bytes, 'Summary'), { A1: '=Data!B7+SUM(Data!B2:B6)', B1: '=[1]Other!A1' });
    const wbXml = text(res.bytes, 'xl/workbook.xml');
    assert.ok(wbXml.includes('<definedName name="Amounts">Data!$B$2:$B$6</definedName>'));
    assert.ok(wbXml.includes('Data!$A$1:$C$8'));
    assert.ok(text(res.bytes, 'xl/tables/table1.xml').includes('ref="A1:B6"'));
    assert.ok(text(res.bytes, 'xl/comments1.xml').includes('ref="B5"'));
    const vml = text(res.bytes, 'xl/drawings/vmlDrawing1.vml');
    assert.ok(vml.includes('<x:Row>4</x:Row>') && vml.includes('<x:Anchor>2, 15, 1, 10, 4, 15, 7, 4</x:Anchor>'), vml);
    const drawing = text(res.bytes, 'xl/drawings/drawing1.xml');
    assert.ok(drawing.includes('<xdr:row>8</xdr:row>') && drawing.includes('<xdr:row>22</xdr:row>') && drawing.includes('<xdr:row>0</xdr:row>'));
    const chart = text(res.bytes, 'xl/charts/chart1.xml');
    assert.ok(chart.includes('<c:f>Data!$A$2:$A$6</c:f>') && chart.includes('<c:f>Data!$B$2:$B$6</c:f>'));
    assert.ok(text(res.bytes, 'xl/pivotCache/pivotCacheDefinition1.xml').includes('ref="A1:B6"'));
  });

  it('adds sheets and keeps defined names local to the right sheet', async () => {
    const res = editXlsx(rich, { ops: [{ op: 'addSheet', name: 'First', position: 1, rows: [['Total', { formula: '=SUM(Data!B2:B4)' }]] }, { op: 'addSheet', name: 'Notes' }] });
    const wb = XlsxWorkbook.open(res.bytes);
    assert.deepEqual(wb.sheets.map((s) => s.name), ['First', 'Data', 'Summary', 'Notes']);
    assert.equal(wb.definedNames.find((d) => d.name === '_xlnm.Print_Area')?.scope, 'Data');
    unchangedExcept(rich, res.bytes, res.touchedParts);
    assert.deepEqual(res.touchedParts.sort(), ['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml'].sort());
    assert.deepEqual(await cells(res.bytes, 'First'), { A1: 'Total', B1: '=SUM(Data!B2:B4)' });
  });

  it('refuses bad ops with their index and changes nothing', () => {
    const code = (ops: unknown) => {
      try {
        editXlsx(rich, { ops });
      } catch (err) {
        assert.ok(err instanceof DocumentError);
        return err.message;
      }
      assert.fail('expected an error');
    };
    assert.match(code([{ op: 'set', cell: 'B2', value: 1 }, { op: 'set', cell: 'ZZZZ1', value: 1 }]), /ops\[1\]: "cell" must be a cell/);
    assert.match(code([{ op: 'paint' }]), /unknown op "paint"/);
    assert.match(code([{ op: 'set', sheet: 'Nope', cell: 'A1', value: 1 }]), /no worksheet "Nope"/);
    assert.match(code([{ op: 'addSheet', name: 'data' }]), /already used/);
    assert.match(code([{ op: 'addSheet', name: 'a/b' }]), /contains one of/);
    assert.match(code([{ op: 'insertRows', sheet: 'Data', at: 1_048_576, count: 3 }]), /past the last row/);
  });

  it('edited files open in openpyxl with the values and formulas', function () {
    requireTool(this, openpyxlMissing());
    const res = editXlsx(rich, { ops: [{ op: 'insertRows', sheet: 'Data', at: 3 }, { op: 'set', sheet: 'Data', cell: 'B3', value: 5 }, { op: 'addSheet', name: 'Extra', rows: [[1, { formula: '=A1+1' }]] }] });
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-edit-')), 'out.xlsm');
    fs.writeFileSync(tmp, res.bytes);
    const got = openpyxl<Record<string, unknown>>(tmp, "wb = openpyxl.load_workbook(path, keep_vba=True)\nd = wb['Data']\nprint(json.dumps({'sheets': wb.sheetnames, 'B3': d['B3'].value, 'B6': d['B6'].value, 'A4': d['A4'].value, 'x': wb['Extra']['B1'].value, 'vba': wb.vba_archive is not None}))");
    assert.deepEqual(got, { sheets: ['Data', 'Summary', 'Extra'], B3: 5, B6: '=SUM(B2:B5)', A4: 'Coffee', x: '=A1+1', vba: true });
  });

  for (const file of corpusFiles('xlsx', '.xlsx')) {
    it(`round-trips ${path.basename(file)} with an edit, every other part kept`, async () => {
      const before = fs.readFileSync(file);
      const wb = XlsxWorkbook.open(before);
      const first = wb.sheet().name;
      const res = editXlsx(before, { ops: [{ op: 'set', sheet: first, cell: 'H40', value: 42 }, { op: 'insertRows', sheet: first, at: 2 }, { op: 'addSheet', name: 'Added' }] });
      unchangedExcept(before, res.bytes, res.touchedParts);
      const after = XlsxWorkbook.open(res.bytes);
      assert.deepEqual(after.sheets.map((s) => s.name), [...wb.sheets.map((s) => s.name), 'Added']);
      assert.equal((await cells(res.bytes, first)).H41, '42');
      // No edit: the saved file has the same parts byte for byte.
      unchangedExcept(before, OoxmlPackage.open(before).save(), []);
    });
  }
});
