// Tables from text positions: a receipt and a two-page bank statement come back as the
// rows and cells they were drawn from; a page of prose gives no table.

import * as assert from 'node:assert/strict';
import { pdfTables } from '../../../../src/documents/pdf';
import { RECEIPT_ROWS, receiptPdf, scannedPdf, STATEMENT_ROWS, statementPdf, twoColumnPdf } from '../../../support/pdfFixtures';

describe('documents/pdf tables', function () {
  this.timeout(60_000);

  it('a receipt: item, quantity and right-aligned price columns, the total row with an empty cell', async () => {
    const r = await pdfTables(await receiptPdf());
    assert.equal(r.tables.length, 1);
    assert.deepEqual(r.tables[0].rows, RECEIPT_ROWS);
    assert.equal(r.tables[0].columns, 3);
  });

  it('a statement over two pages: one table per page, every row and cell', async () => {
    const r = await pdfTables(await statementPdf());
    assert.deepEqual(r.tables.map((t) => t.page), [1, 2]);
    assert.deepEqual(r.tables[0].rows, [['Date', 'Description', 'Amount', 'Balance'], ...STATEMENT_ROWS.slice(0, 20)]);
    assert.deepEqual(r.tables[1].rows.slice(1), STATEMENT_ROWS.slice(20));
    const only2 = await pdfTables(await statementPdf(), { pages: '2' });
    assert.deepEqual(only2.tables.map((t) => t.page), [2]);
  });

  it('prose gives no table; a scanned page says it has no text layer', async () => {
    assert.deepEqual((await pdfTables(await twoColumnPdf())).tables, [], 'two columns of prose are not a table');
    const scan = await pdfTables(await scannedPdf(), { pages: '2' });
    assert.deepEqual(scan.tables, []);
    assert.match(scan.warnings[0], /page 2 has no text layer/);
  });
});
