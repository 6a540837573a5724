// CSV and TSV: delimiter, encoding and header detection, typed columns, ragged rows and
// mixed encodings reported, hostile input bounded, writing, and conversion to a workbook.

import * as assert from 'node:assert/strict';
import { csvTable, csvWorkbookSpec, parseCsv, writeCsv } from '../../../../src/documents/csv';
import { DocumentError } from '../../../../src/documents/ooxml';
import { createXlsx, sheetView, XlsxWorkbook } from '../../../../src/documents/xlsx';

describe('documents/csv', () => {
  it('detects comma, semicolon with decimal commas, tab and pipe, and the header', () => {
    const comma = csvTable(Buffer.from('Date,Vendor,Amount,Paid\n2024-03-01,"Café, Central",12.50,true\n2024-03-02,DB,"1,089.90",false\n'));
    assert.equal(comma.parsed.delimiter, ',');
    assert.equal(comma.header, true);
    assert.deepEqual(comma.columns.map((c) => c.type), ['date', 'text', 'number', 'bool']);
    assert.deepEqual(comma.rows[1], ['2024-03-02', 'DB', 1089.9, false]);
    const semi = csvTable(Buffer.from('Artikel;Preis;Anteil\nKaffee;3,50;10%\nKuchen;1.234,00;5%\n'));
    assert.equal(semi.parsed.delimiter, ';');
    assert.deepEqual(semi.rows, [['Kaffee', 3.5, 0.1], ['Kuchen', 1234, 0.05]]);
    assert.deepEqual(semi.columns.map((c) => c.type), ['text', 'number', 'percent']);
    assert.equal(csvTable(Buffer.from('a\tb\n1\t2\n')).parsed.delimiter, '\t');
    assert.equal(csvTable(Buffer.from('a|b|c\nx|y|z\n1|2|3\n')).parsed.delimiter, '|');
    const noHeader = csvTable(Buffer.from('1,2\n3,4\n'));
    assert.equal(noHeader.header, false);
    assert.deepEqual(noHeader.headers, ['Column 1', 'Column 2']);
    const money = csvTable(Buffer.from('item,price\ntea,$4.50\ncake,$12.00\nzip,00123\n'));
    assert.deepEqual(money.columns.map((c) => [c.type, c.currency]), [['text', undefined], ['text', undefined]], 'a leading-zero code keeps the column text');
    const money2 = csvTable(Buffer.from('item,price\ntea,$4.50\ncake,$12.00\n'));
    assert.deepEqual(money2.columns[1], { header: 'price', type: 'currency', currency: 'USD' });
  });

  it('handles quotes, embedded line breaks, CRLF and BOMs', () => {
    const p = parseCsv('a,b\r\n"x ""quoted""","line1\nline2"\r\n');
    assert.deepEqual(p.rows, [['a', 'b'], ['x "quoted"', 'line1\nline2']]);
    const bom = csvTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nZoë\n')]));
    assert.equal(bom.decoded.encoding, 'utf-8-bom');
    assert.equal(bom.headers[0], 'name');
    const u16 = csvTable(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,n\nZoë,1\n', 'utf16le')]));
    assert.deepEqual([u16.decoded.encoding, u16.rows[0]], ['utf-16le', ['Zoë', 1]]);
  });

  it('reports mixed encodings and ragged rows clearly', () => {
    const mixed = Buffer.concat([Buffer.from('name,city\nZoë,Köln\n'), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x2c, 0x4e, 0xee, 0x6d, 0x65, 0x73, 0x0a]), Buffer.from('Ana,Porto\n')]);
    const t = csvTable(mixed);
    assert.equal(t.decoded.encoding, 'mixed');
    assert.deepEqual(t.decoded.legacyLines, [3]);
    assert.deepEqual(t.rows.map((r) => r[0]), ['Zoë', 'René', 'Ana']);
    const ragged = csvTable(Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8,9\n'));
    assert.deepEqual([ragged.parsed.width, ragged.parsed.raggedRows, ragged.parsed.raggedCount], [3, [3, 4], 2]);
    assert.deepEqual(ragged.rows[1], [4, 5, null]);
  });

  it('refuses an unclosed quote and an endless field, and caps rows', () => {
    assert.throws(() => parseCsv('a,"never closed\n1,2\n'), (e: unknown) => e instanceof DocumentError && /never closed/.test(e.message));
    assert.throws(() => parseCsv('a,' + 'x'.repeat(2_000_000) + '\n'), (e: unknown) => e instanceof DocumentError && e.code === 'LIMIT_EXCEEDED');
    const capped = parseCsv('a\n'.repeat(1000), ',', { maxRows: 10 });
    assert.deepEqual([capped.rows.length, capped.truncated], [10, true]);
  });

  it('writes CSV that parses back, and converts to a formatted workbook', async () => {
    const rows = [['name', 'note'], ['a,b', 'say "hi"'], ['multi\nline', ' padded ']];
    assert.deepEqual(parseCsv(writeCsv(rows)).rows, rows);
    const t = csvTable(Buffer.from('Date,Vendor,Amount\n2024-03-01,Cafe,12.5\n2024-03-02,Bahn,89.9\n'));
    const wb = XlsxWorkbook.open(createXlsx(csvWorkbookSpec(t)).bytes);
    const v = await sheetView(wb);
    assert.deepEqual(v.rows.map((r) => r.cells.map((c) => c.text)), [['Date', 'Vendor', 'Amount'], ['2024-03-01', 'Cafe', '12.50'], ['2024-03-02', 'Bahn', '89.90']]);
    assert.deepEqual(v.layout.frozen, { rows: 1, cols: 0, topLeft: 'A2' });
  });
});
