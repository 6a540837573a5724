// "Create an expense report from the receipt photos in this folder" once in a real VS Code
// (code-server + Playwright): the person types the prompt into the Cowork sidebar; the
// scripted model (the same turns as the CLI run, test/support/receiptsTask.ts) reads the
// rendered JPEG, PNG and PDF receipts, builds expense-report.xlsx with the xlsx skill in
// the sandbox and recalculates it with the guest's LibreOffice. The workbook in the folder
// is then read by an independent reader (Debian's openpyxl): one row per receipt, euro
// formats, SUMIF summary and grand total formulas, and cached totals equal to the sums.
// The task's output chip then opens it in the grid preview, the grand total shown. One task, one session: CI time is tight.
// Run under `flock "$COWORK_HEAVY_LOCK"` on a shared machine (code-server, Chromium, LibreOffice).

import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mediaBlocks } from '../../support/cliTask';
import { needs, NO_IMAGE } from '../../support/needs';
import { openpyxl, openpyxlMissing } from '../../support/openpyxl';
import { needsReceiptRenderer, RECEIPTS, RECEIPTS_DONE, RECEIPTS_PROMPT, receiptsTranscript, renderReceipts, REPORT_FILE } from '../../support/receiptsTask';
import { findTestImage } from '../../support/sandboxFixture';
import { CoworkSession, screenshotIfFailed } from './harness';
import { SheetPreview } from './sheetPreview';
import { Sidebar } from './sidebar';

interface ReadBack {
  expenses: (string | number | null)[][];
  amountFormat: string;
  formulas: Record<string, string>;
  values: Record<string, number>;
}

/** openpyxl twice: once for the formulas and formats, once for the values LibreOffice cached. */
const READ_BACK = `
wb = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)
ex, su = wb['Expenses'], wb['Summary']
out = {
  'expenses': [[c.isoformat()[:10] if hasattr(c, 'isoformat') else c for c in row] for row in cached['Expenses'].iter_rows(min_row=2, max_row=${RECEIPTS.length + 1}, values_only=True)],
  'amountFormat': ex['D2'].number_format,
  'formulas': {'Expenses!D5': ex['D5'].value, 'Summary!B2': su['B2'].value, 'Summary!B5': su['B5'].value},
  'values': {'Expenses!D5': cached['Expenses']['D5'].value, 'Summary!B2': cached['Summary']['B2'].value, 'Summary!B3': cached['Summary']['B3'].value, 'Summary!B4': cached['Summary']['B4'].value, 'Summary!B5': cached['Summary']['B5'].value},
}
print(json.dumps(out))
`;

describe('receipts task: an expense report from receipt photos, started in the sidebar', function () {
  this.timeout(420_000);
  let session: CoworkSession | undefined;

  before(async function () {
    this.timeout(240_000);
    needsReceiptRenderer(this);
    needs(this, openpyxlMissing());
    const image = findTestImage();
    needs(this, image ? undefined : NO_IMAGE);
    session = await CoworkSession.start({
      name: 'receipts',
      transcript: receiptsTranscript(),
      settings: { 'cowork.planFirst': false },
      env: { COWORK_IMAGE_DIR: image! },
    });
    renderReceipts(session.workspace);
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  it('reads the receipts, builds and recalculates expense-report.xlsx in the sandbox; openpyxl and the grid read it back', async function () {
    const s = session!;
    const sidebar = new Sidebar(s.workbench);
    await s.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(RECEIPTS_PROMPT);
    // The closing turn is played only when the guest's recalculation reported no error values.
    await sidebar.waitForText(RECEIPTS_DONE, 300_000);
    assert.deepEqual(s.model.failures, []);
    assert.equal(s.model.remaining, 0, 'every scripted turn was played');
    const kinds = new Set(mediaBlocks(s.model).filter((b) => b.length > 1000).map((b) => `${b.type} ${b.media}`));
    assert.deepEqual([...kinds].sort(), ['document application/pdf', 'image image/jpeg', 'image image/png']);

    const file = s.workspaceFile(REPORT_FILE);
    assert.ok(existsSync(file), `${REPORT_FILE} is in the folder`);
    const got = openpyxl<ReadBack>(file, READ_BACK);
    assert.deepEqual(got.expenses, RECEIPTS.map((r) => [r.date, r.vendor, r.category, Number(r.total), r.currency, r.file]));
    assert.match(got.amountFormat, /€/);
    assert.deepEqual(got.formulas, { 'Expenses!D5': '=SUM(D2:D4)', 'Summary!B2': '=SUMIF(Expenses!$C$2:$C$4,A2,Expenses!$D$2:$D$4)', 'Summary!B5': '=SUM(B2:B4)' });
    const amounts = RECEIPTS.map((r) => Number(r.total));
    const sum = amounts.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(got.values['Expenses!D5'] - sum) < 1e-9, `Expenses total ${got.values['Expenses!D5']} = ${sum}`);
    assert.ok(Math.abs(got.values['Summary!B5'] - sum) < 1e-9, `grand total ${got.values['Summary!B5']} = ${sum}`);
    assert.deepEqual(['B2', 'B3', 'B4'].map((ref) => got.values[`Summary!${ref}`]), amounts);

    // The person opens it from the task's output chip, in the grid preview, and sees the grand total.
    await sidebar.click(`Open ${REPORT_FILE}`);
    const preview = await SheetPreview.attach(s.workbench, REPORT_FILE);
    assert.match((await s.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '', new RegExp(REPORT_FILE.replace('.', '\\.')));
    await preview.selectSheet('Summary');
    await preview.waitForCell('B5', '€349.60');
    await s.workbench.screenshot('receipts-report-preview');
  });
});
