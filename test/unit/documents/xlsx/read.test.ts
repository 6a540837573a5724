// Reading workbooks for the agent: every corpus file, value types and formats, shared
// and inline strings, shared formulas, tables and names, large sheets summarised in
// bounded memory, and hostile files refused with a clear error.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../../../../src/documents/ooxml';
import { writeZip } from '../../../../src/documents/ooxml/zipWriter';
import { renderOverview, renderSheetView, sheetView, workbookOverview, XlsxWorkbook, requireRange } from '../../../../src/documents/xlsx';
import { corpusFiles } from '../../../support/corpus';
import { buildXlsx, sheetXml } from '../../../support/xlsxBuilder';

async function rejects(fn: () => Promise<unknown> | unknown, code: string): Promise<DocumentError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected a DocumentError, got ${err}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('documents/xlsx read', () => {
  const corpus = corpusFiles('xlsx', '.xlsx');
  it('reads every corpus file (sheets, views, cached formula results)', async function () {
    if (!corpus.length) this.skip();
    for (const f of corpus) {
      const wb = XlsxWorkbook.open(fs.readFileSync(f));
      const o = await workbookOverview(wb);
      assert.ok(o.sheets.length > 0, f);
      assert.ok(renderOverview(o).startsWith('Workbook:'));
      for (const s of wb.sheets.filter((x) => x.entry)) {
        const v = await sheetView(wb, { sheet: s.name, formulas: true });
        assert.ok(renderSheetView(v, true).includes(`Sheet "${s.name}"`));
      }
    }
    const fe = corpus.find((f) => path.basename(f) === 'formula-eval.xlsx');
    if (fe) {
      const v = await sheetView(XlsxWorkbook.open(fs.readFileSync(fe)), { formulas: true });
      const d1 = v.rows[0].cells.find((c) => c.ref === 'D1')!;
      assert.deepEqual([d1.formula, d1.text], ['=SUM(A1:C1)', '6.75']);
    }
    const sr = corpus.find((f) => path.basename(f) === 'StructuredReferences.xlsx');
    if (sr) {
      const wb = XlsxWorkbook.open(fs.readFileSync(sr));
      assert.deepEqual(wb.tables().map((t) => [t.sheet, t.ref, t.columns.length]), [['Table', 'A1:C7', 3]]);
      const text = renderSheetView(await sheetView(wb, { sheet: 'table' }), true);
      assert.match(text, /A2:A7 {2}=\\_Prime\.1\[\[#This Row\],\[Number\]\]\*\\_Prime\.1\[\[#This Row\],\[Number\]\] {2}\(filled down\)/);
    }
  });

  it('shows values as formatted, with types, strings, formulas and names', async () => {
    const wb = XlsxWorkbook.open(
      buildXlsx({
        sharedStrings: ['Item', 'Price', 'Date', 'Paid', 'Coffee & cake'],
        numFmts: [{ id: 164, code: '"$"#,##0.00' }, { id: 165, code: 'yyyy-mm-dd' }],
        cellXfs: [164, 165, 10],
        definedNames: '<definedName name="Prices">Data!$B$2:$B$3</definedName><definedName name="Local" localSheetId="0" hidden="1">Data!$A$1</definedName>',
        sheets: [
          {
            name: 'Data',
            xml: sheetXml(
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
                '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1"><v>4.5</v></c><c r="C2" s="2"><v>45366</v></c><c r="D2" t="b"><v>1</v></c></row>' +
                '<row r="3"><c r="A3" t="inlineStr"><is><r><t>Tea</t></r><r><t xml:space="preserve"> pot</t></r></is></c><c r="B3" s="1"><v>12</v></c><c r="C3" s="2"><v>45367</v></c><c r="D3" t="e"><v>#N/A</v></c></row>' +
                '<row r="4"><c r="B4" s="1"><f t="shared" ref="B4:C4" si="0">SUM(B2:B3)</f><v>16.5</v></c><c r="C4" s="3"><f t="shared" si="0"/><v>0.5</v></c><c r="D4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>',
              '<dimension ref="A1:D4"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols><col min="1" max="1" width="20" customWidth="1"/></cols>',
            ),
          },
        ],
      }),
    );
    assert.deepEqual(wb.definedNames, [
      { name: 'Prices', refersTo: 'Data!$B$2:$B$3', hidden: false },
      { name: 'Local', refersTo: 'Data!$A$1', scope: 'Data', hidden: true },
    ]);
    const v = await sheetView(wb, { formulas: true });
    const cell = (ref: string) => v.rows.flatMap((r) => r.cells).find((c) => c.ref === ref)!;
    assert.equal(cell('A2').text, 'Coffee & cake');
    assert.equal(cell('B2').text, '$4.50');
    assert.equal(cell('C2').text, '2024-03-15');
    assert.equal(cell('C2').kind, 'date');
    assert.equal(cell('D2').text, 'TRUE');
    assert.equal(cell('A3').text, 'Tea pot');
    assert.equal(cell('D3').kind, 'error');
    assert.equal(cell('B4').formula, '=SUM(B2:B3)');
    assert.equal(cell('C4').formula, '=SUM(C2:C3)', 'shared formula moved one column');
    assert.equal(cell('C4').text, '50.00%');
    assert.equal(cell('D4').formula, '="a"&"b"');
    assert.deepEqual(v.layout.frozen, { rows: 1, cols: 0, topLeft: 'A2' });
    assert.equal(v.layout.columns[0].width, 20);
    const text = renderSheetView(v, true);
    assert.match(text, /^2 \| Coffee & cake \| \$4\.50 +\| 2024-03-15 \| TRUE$/m);
    assert.match(text, /Frozen: 1 row, 0 columns/);
    assert.match(text, /B4 {2}=SUM\(B2:B3\)/);
    const range = await sheetView(wb, { range: requireRange('B2:C3') });
    assert.deepEqual(range.rows.map((r) => r.cells.map((c) => c.text)), [['$4.50', '2024-03-15'], ['$12.00', '2024-03-16']]);
    await rejects(() => sheetView(wb, { sheet: 'Nope' }), 'INVALID_ARGUMENT');
  });

  it('summarises a sheet of 1,048,576 rows in bounded memory', async function () {
    this.timeout(120_000);
    const parts: Buffer[] = [];
    let batch = '';
    for (let r = 1; r <= 1_048_576; r++) {
      batch += r === 1 ? '<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c><c r="B1" t="inlineStr"><is><t>kind</t></is></c></row>' : `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>k${r % 3}</t></is></c></row>`;
      if (batch.length > 1 << 20) {
        parts.push(Buffer.from(batch));
        batch = '';
      }
    }
    parts.push(Buffer.from(batch + '</sheetData></worksheet>'));
    const head = Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    const sheet = Buffer.concat([head, ...parts]);
    parts.length = 0;
    const file = buildXlsx({ sheets: [{ name: 'Big', data: sheet }] });
    const wb = XlsxWorkbook.open(file);
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const before = process.memoryUsage().heapUsed;
    const v = await sheetView(wb);
    clearInterval(timer);
    assert.equal(v.mode, 'summary');
    assert.equal(v.rowCount, 1_048_576);
    assert.equal(v.usedRange, 'A1:B1048576');
    assert.equal(v.tail!.at(-1)!.row, 1_048_576);
    const a = v.stats!.find((s) => s.column === 'A')!;
    assert.deepEqual([a.header, a.type, a.count, a.min, a.max], ['n', 'number', 1_048_575, 2, 1_048_576]);
    assert.equal(v.stats!.find((s) => s.column === 'B')!.distinct, 4);
    const text = renderSheetView(v);
    assert.ok(text.length < 6000, `output is ${text.length} characters`);
    assert.match(text, /1048546 rows omitted|1048546 omitted/);
    // The sheet part is ~60 MB of XML; scanning it must not hold it (or its rows) at once.
    assert.ok(peak - before < 200 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1048576)} MiB`);
  });

  it('refuses a billion-laughs shared strings part and undeclared entities', async () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>';
    const wb = XlsxWorkbook.open(buildXlsx({ sharedStringsXml: lol, sheets: [{ name: 'S', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }] }));
    await rejects(() => sheetView(wb), 'XML_FORBIDDEN');
    const ent = XlsxWorkbook.open(buildXlsx({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>' }] }));
    await rejects(() => sheetView(ent), 'XML_FORBIDDEN');
    const doctypeSheet = XlsxWorkbook.open(buildXlsx({ sheets: [{ name: 'S', xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet><sheetData><row r="1"/></sheetData></worksheet>' }] }));
    await rejects(() => sheetView(doctypeSheet), 'XML_FORBIDDEN');
  });

  it('refuses a zip bomb, an encrypted workbook and other formats with clear errors', async () => {
    const bomb = buildXlsx({ sheets: [{ name: 'S', data: Buffer.concat([Buffer.from(sheetXml('').slice(0, -25)), Buffer.alloc(300 * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]) }] });
    assert.ok(bomb.length < 3 * 1024 * 1024);
    const e = await rejects(() => XlsxWorkbook.open(bomb), 'LIMIT_EXCEEDED');
    assert.match(e.message, /zip bomb/);
    // An encrypted OOXML file is an OLE compound file with an EncryptedPackage stream.
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1200);
    const enc = await rejects(() => XlsxWorkbook.open(ole), 'PASSWORD_PROTECTED');
    assert.match(enc.message, /password-protected/);
    const legacy = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(legacy);
    assert.match((await rejects(() => XlsxWorkbook.open(legacy), 'LEGACY_FORMAT')).message, /Excel workbook/);
    assert.match((await rejects(() => XlsxWorkbook.open(Buffer.from('%PDF-1.7\n')), 'NOT_A_PACKAGE')).message, /PDF document, not an Excel workbook/);
    const docx = writeZip([
      { kind: 'new', name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>') },
      { kind: 'new', name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>') },
      { kind: 'new', name: 'word/document.xml', data: Buffer.from('<w:document xmlns:w="x"/>') },
    ]);
    assert.match((await rejects(() => XlsxWorkbook.open(docx), 'NOT_A_PACKAGE')).message, /Word document, not an Excel workbook/);
    const badRow = XlsxWorkbook.open(buildXlsx({ sheets: [{ name: 'S', rows: '<row r="2000000"><c r="A1"><v>1</v></c></row>' }] }));
    await rejects(() => sheetView(badRow), 'CORRUPT');
  });
});
