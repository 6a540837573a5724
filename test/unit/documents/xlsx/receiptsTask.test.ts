// "Create an expense report from the receipt photos in this folder", end to end through
// the CLI as a person runs it: `cowork run` on a folder of rendered receipts (a rotated,
// noisy JPEG photo, a PNG and a one-page PDF scan), the scripted model activating the
// xlsx skill and reading every receipt with read_file (the image and document blocks
// must reach the model's request), then building expense-report.xlsx with the bundled
// engine inside the sandbox: one row per receipt, currency format, a SUMIF summary per
// category and a grand total. The workbook is recalculated by the guest's LibreOffice
// (sheet.sh recalc; the transcript's last turn needs its "no error values"), and the
// totals it cached equal the sums of the amounts. The task and fixtures are shared with
// the code-server run (test/support/receiptsTask.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFormulas, sheetView, XlsxWorkbook } from '../../../../src/documents/xlsx';
import { CliTask, mediaBlocks, toolResults } from '../../../support/cliTask';
import { needsReceiptRenderer, RECEIPTS, RECEIPTS_PROMPT, receiptsTranscript, renderReceipts, REPORT_FILE } from '../../../support/receiptsTask';

describe('documents/xlsx: "create an expense report from the receipt photos" through the CLI, the xlsx skill and the sandbox', function () {
  // Long: on a shared machine LibreOffice waits for the machine-wide lock named by COWORK_HEAVY_LOCK.
  this.timeout(1_500_000);
  const task = new CliTask('receipts');

  before(function () {
    task.install(this);
    needsReceiptRenderer(this);
  });
  after(() => task.dispose());

  it('reads every receipt image and builds a report, recalculated in the guest, whose totals equal the sums', async function () {
    const { run: r, server, folder } = await task.run(RECEIPTS_PROMPT, receiptsTranscript(), renderReceipts);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, [], toolResults(server).get('recalc'));
    assert.equal(server.remaining, 0, 'every scripted turn was played');
    assert.match(r.stdout, /\+ created expense-report\.xlsx/);

    // The receipts reached the model as an image (JPEG), an image (PNG) and a document (PDF).
    const kinds = new Set(mediaBlocks(server).filter((b) => b.length > 1000).map((b) => `${b.type} ${b.media}`));
    assert.ok(kinds.has('image image/jpeg'), [...kinds].join(', '));
    assert.ok(kinds.has('image image/png'), [...kinds].join(', '));
    assert.ok(kinds.has('document application/pdf'), [...kinds].join(', '));

    // LibreOffice ran in the guest: its report came back to the model.
    assert.match(toolResults(server).get('recalc') ?? '', /recalculated by LibreOffice Calc[\s\S]*no error values/);

    // The workbook: one row per receipt, currency formatted, SUMIF summary, grand total.
    const bytes = fs.readFileSync(path.join(folder, REPORT_FILE));
    const wb = XlsxWorkbook.open(bytes);
    const view = await sheetView(wb, { sheet: 'Expenses', formulas: true });
    const rows = view.rows.slice(1, 1 + RECEIPTS.length).map((row) => row.cells.map((c) => c.text));
    assert.deepEqual(rows, RECEIPTS.map((x) => [x.date, x.vendor, x.category, `€${x.total.replace(/\B(?=(\d{3})+\.)/, ',')}`, x.currency, x.file]));
    const after = await checkFormulas(wb);
    assert.equal(after.cells.get('Summary')!.get('B2')!.formula, '=SUMIF(Expenses!$C$2:$C$4,A2,Expenses!$D$2:$D$4)');
    assert.equal(after.cells.get('Summary')!.get('B5')!.formula, '=SUM(B2:B4)');
    assert.equal(after.cells.get('Expenses')!.get('D5')!.formula, '=SUM(D2:D4)');

    // The results LibreOffice cached: no error values, totals equal to the sums.
    assert.deepEqual(after.errors, []);
    const amounts = RECEIPTS.map((x) => Number(x.total));
    const sum = amounts.reduce((a, b) => a + b, 0);
    const val = (sheet: string, ref: string) => after.cells.get(sheet)!.get(ref)!.value as number;
    assert.ok(Math.abs(val('Expenses', 'D5') - sum) < 1e-9, `Expenses total ${val('Expenses', 'D5')} = ${sum}`);
    assert.ok(Math.abs(val('Summary', 'B5') - sum) < 1e-9, `grand total ${val('Summary', 'B5')} = ${sum}`);
    assert.deepEqual(['B2', 'B3', 'B4'].map((ref) => val('Summary', ref)), amounts);
  });
});
