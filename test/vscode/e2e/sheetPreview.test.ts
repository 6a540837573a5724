// The spreadsheet preview in a real VS Code (code-server + Playwright): workbooks from
// ../shared/corpus/xlsx and a CSV open in the read-only grid by default; the person
// sees the sheet tabs, cells as the spreadsheet formats them, the formula of the
// selected cell, merged cells across their span, a frozen header that stays while the
// sheet scrolls, and a 100,000-row sheet that shows its first screen and its last row.
// A broken file shows a clear error. Screenshots go to test-output/screenshots/.
// Run under `flock "$COWORK_HEAVY_LOCK"` on a shared machine (code-server and Chromium).

import * as assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createXlsx } from '../../../src/documents/xlsx';
import { coworkLog } from './docxReview';
import { CoworkSession, DARK_THEME, screenshotIfFailed } from './harness';
import { corpusDir } from '../../support/corpus';
import { richWorkbook } from '../../support/xlsxRichFixture';
import { SheetPreview } from './sheetPreview';
import { waitForText } from './workbench';

const BIG_ROWS = 100_000;

/** A ledger of BIG_ROWS rows (header frozen with the first column, euro amounts, a total) and a cover sheet with a merged title. */
function bigWorkbook(): Buffer {
  const rows: (string | number)[][] = [];
  for (let i = 1; i <= BIG_ROWS; i++) rows.push([`INV-${String(i).padStart(6, '0')}`, i % 7 === 0 ? 'Northwind' : 'Acme', 1000 + (i % 1000) + 0.5]);
  return createXlsx({
    sheets: [
      {
        name: 'Cover',
        cells: [
          { cell: 'A1', value: 'Quarterly ledger', bold: true },
          { cell: 'A3', value: 'Rows' },
          { cell: 'B3', value: BIG_ROWS },
        ],
        merge: ['A1:D2'],
      },
      {
        name: 'Ledger',
        columns: [
          { header: 'Invoice', type: 'text', width: 16 },
          { header: 'Customer', type: 'text', width: 14 },
          { header: 'Amount', type: 'currency', currency: 'EUR' },
        ],
        rows,
        freeze: 'B2',
      },
    ],
  }).bytes;
}

describe('spreadsheet preview', function () {
  this.timeout(300_000);
  let session: CoworkSession;

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({
      name: 'sheet',
      transcript: [],
      theme: DARK_THEME,
      files: {
        'contacts.csv': 'Name,City,Balance\nAda Lovelace,London,"1,250.00"\nGrace Hopper,"Arlington, VA",980.5\nAlan Turing,Wilmslow\n',
        'broken.xlsx': 'this is plain text, not a workbook',
      },
    });
    writeFileSync(session.workspaceFile('ledger.xlsx'), bigWorkbook());
    writeFileSync(session.workspaceFile('macros.xlsm'), richWorkbook());
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  it('opens corpus workbooks in the grid by default: sheet tabs, cells, the formula of the selected cell', async function () {
    const corpus = corpusDir('xlsx');
    if (!corpus) {
      console.log('      skipped: ../shared/corpus/xlsx is absent');
      return this.skip();
    }
    for (const f of ['SampleSS.xlsx', 'formula-eval.xlsx', 'DataValidations-49244.xlsx']) copyFileSync(path.join(corpus, f), session.workspaceFile(f));

    const sample = await SheetPreview.open(session.workbench, 'SampleSS.xlsx');
    assert.match((await session.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '', /SampleSS\.xlsx/);
    assert.deepEqual(await sample.tabs(), ['First Sheet', 'Sheet Number 2', 'Sheet3']);
    assert.equal(await sample.cellText('A1'), 'Test spreadsheet');
    assert.equal(await sample.cellText('B2'), '2nd row 2nd column');
    assert.equal(await sample.cellText('A4'), 'This one is red');
    await sample.selectSheet('Sheet Number 2');
    assert.notEqual(await sample.cellText('A1').catch(() => ''), 'Test spreadsheet', 'the second sheet shows its own cells');

    const formulas = await SheetPreview.open(session.workbench, 'formula-eval.xlsx');
    assert.deepEqual([await formulas.cellText('A1'), await formulas.cellText('B1'), await formulas.cellText('C1'), await formulas.cellText('D1')], ['1', '2.5', '3.25', '6.75']);
    await formulas.click('D1');
    assert.deepEqual(await formulas.formulaBar(), ['D1', '=SUM(A1:C1)']);
    await formulas.click('B1');
    assert.deepEqual(await formulas.formulaBar(), ['B1', '2.5'], 'a plain value shows as itself');

    // DataValidations-49244 merges E3:F3: one cell drawn across both columns.
    const merged = await SheetPreview.open(session.workbench, 'DataValidations-49244.xlsx');
    assert.equal(await merged.cellText('E3'), 'Cells Referenced in Formulae');
    assert.equal(await merged.frame.locator('.cell[data-ref="F3"]').count(), 0, 'the covered cell is not drawn');
    const { E3: e3, D3: d3 } = await merged.cellSizes(['E3', 'D3']);
    assert.ok(e3.width > d3.width * 1.5, `E3:F3 spans two columns (${e3.width} px vs ${d3.width} px)`);
    await session.workbench.screenshot('sheet-preview-corpus');
  });

  it('a 100,000-row sheet: first screen at once, frozen header and first column stay, Ctrl+End reaches the last row', async function () {
    const ledger = await SheetPreview.open(session.workbench, 'ledger.xlsx');
    assert.deepEqual(await ledger.tabs(), ['Cover', 'Ledger']);
    assert.equal(await ledger.cellText('A1'), 'Quarterly ledger');
    const { A1: title, B3: b3 } = await ledger.cellSizes(['A1', 'B3']);
    assert.ok(title.height > b3.height * 1.5 && title.width > b3.width * 3, `the merged title covers A1:D2 (${title.width}×${title.height} px vs ${b3.width}×${b3.height} px)`);
    assert.equal(await ledger.cellText('B3'), '100000');

    await ledger.selectSheet('Ledger');
    assert.match(await ledger.status(), /100,001 rows × 3 columns · frozen at B2/);
    assert.equal(await ledger.cellText('A2'), 'INV-000001');
    assert.equal(await ledger.cellText('C2'), '€1,001.50');
    assert.ok(await ledger.isFrozen('A1'), 'the header row is frozen');
    assert.ok(await ledger.isFrozen('A5'), 'the first column is frozen');

    await ledger.click('C2');
    await ledger.press('Control+End');
    await ledger.waitForCell(`C${BIG_ROWS + 1}`, '€1,000.50');
    assert.deepEqual(await ledger.formulaBar(), [`C${BIG_ROWS + 1}`, '€1,000.50']);
    assert.equal(await ledger.cellText(`A${BIG_ROWS + 1}`), `INV-${String(BIG_ROWS).padStart(6, '0')}`);
    assert.equal(await ledger.cellText('C1'), 'Amount', 'the header is still drawn at the bottom of the sheet');
    const rows = await ledger.rowNumbers();
    assert.equal(rows[0], 1, 'row 1 stays at the top');
    assert.ok(rows.includes(BIG_ROWS + 1) && !rows.includes(2), `the scrolled rows are the last ones: ${rows.slice(0, 5).join(',')}…`);
    await session.workbench.screenshot('sheet-preview-100k-bottom');
    await ledger.press('Control+Home');
    await ledger.waitForCell('A2', 'INV-000001');
    assert.match(coworkLog(session.stateDir), /sheet preview: first screen of ledger\.xlsx after \d+ ms/);
  });

  it('a macro-enabled workbook (.xlsm) opens in the grid: its tabs, values, and the formula of its total', async function () {
    const book = await SheetPreview.open(session.workbench, 'macros.xlsm');
    assert.deepEqual(await book.tabs(), ['Data', 'Summary']);
    assert.deepEqual([await book.cellText('A1'), await book.cellText('A3'), await book.cellText('B4')], ['Item', 'Coffee', '30']);
    assert.equal(await book.cellText('B5'), '60');
    await book.click('B5');
    assert.deepEqual(await book.formulaBar(), ['B5', '=SUM(B2:B4)']);
    await book.click('C6');
    assert.deepEqual(await book.formulaBar(), ['C6', '=B6*2'], 'a shared formula shows as its own cell would');
  });

  it('a CSV opens in the grid, fields as written; the text editor stays an Open With choice', async function () {
    const csv = await SheetPreview.open(session.workbench, 'contacts.csv');
    assert.deepEqual(await csv.tabs(), ['contacts']);
    assert.equal(await csv.cellText('A2'), 'Ada Lovelace');
    assert.equal(await csv.cellText('B3'), 'Arlington, VA');
    assert.equal(await csv.cellText('C2'), '1,250.00');
    assert.match(await csv.status(), /5 rows × 3 columns|4 rows × 3 columns/);
    assert.match(await csv.frame.locator('.note').innerText(), /1 row\(s\) have a different number of fields \(first: row 4\)/);
    await session.workbench.screenshot('sheet-preview-csv');

    await session.workbench.pickFromCommand('View: Reopen Editor With...', 'Text Editor');
    await waitForText(() => session.page.locator('.monaco-editor .view-lines').first().innerText(), 'Lovelace,London,', 20_000); // Monaco draws spaces as no-break spaces
  });

  it('a file that is not a workbook shows a clear error', async function () {
    const message = await SheetPreview.failure(session.workbench, 'broken.xlsx');
    assert.match(message, /broken\.xlsx cannot be shown: .*(not a zip|not an Excel|not a package|zip)/i);
  });
});
