// The receipts-to-expense-report task, shared by its CLI run (test/unit/documents/xlsx/
// receiptsTask.test.ts) and its code-server run (test/vscode/e2e/receiptsTask.test.ts):
// the receipts, the folder of rendered photos and scans, and the scripted model that
// activates the xlsx skill, reads every receipt with read_file, builds
// expense-report.xlsx with the bundled engine in the sandbox (sheet.sh new) and
// recalculates it there (sheet.sh recalc, the guest's LibreOffice).

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TurnInput } from '../model-server';
import { needs } from './needs';
import { REPO_ROOT } from './repoRoot';

export interface Receipt {
  file: string;
  vendor: string;
  date: string;
  category: string;
  currency: string;
  total: string;
  items: string[][];
}

export const RECEIPTS: Receipt[] = [
  { file: 'receipt-cafe.jpg', vendor: 'Café Central', date: '2024-03-01', category: 'Meals', currency: 'EUR', total: '7.70', items: [['Cappuccino', '3.50'], ['Apple cake', '4.20']] },
  { file: 'train-ticket.png', vendor: 'DB Bahn', date: '2024-03-02', category: 'Travel', currency: 'EUR', total: '89.90', items: [['ICE Berlin-Hamburg', '89.90']] },
  { file: 'hotel-invoice.pdf', vendor: 'Hotel Adlon', date: '2024-03-03', category: 'Lodging', currency: 'EUR', total: '252.00', items: [['Room, 2 nights', '240.00'], ['City tax', '12.00']] },
];
export const RECEIPTS_PROMPT = 'create an expense report from the receipt photos in this folder';
export const REPORT_FILE = 'expense-report.xlsx';
export const RECEIPTS_DONE = 'expense-report.xlsx has one row per receipt, a per-category summary and a grand total of €349.60.';
const SHEET = 'sh /skills/xlsx/scripts/sheet.sh';
const SYSTEM_PYTHON = '/usr/bin/python3';

/** In `before`: Debian's python3-pil draws the receipts (skips without it, fails with CI=true). */
export function needsReceiptRenderer(ctx: Mocha.Context): void {
  const ok = spawnSync(SYSTEM_PYTHON, ['-c', 'import PIL'], { stdio: 'ignore' }).status === 0;
  needs(ctx, ok ? undefined : `${SYSTEM_PYTHON} has no PIL module (apt-get install python3-pil)`);
}

/** Draws every receipt into `dir` (a rotated, noisy JPEG photo, a PNG, a one-page PDF scan). */
export function renderReceipts(dir: string): void {
  execFileSync(SYSTEM_PYTHON, [path.join(REPO_ROOT, 'test/support/receiptImages.py'), dir], { input: JSON.stringify(RECEIPTS), encoding: 'utf8' });
  const made = fs.readdirSync(dir).filter((f) => RECEIPTS.some((r) => r.file === f));
  if (made.length !== RECEIPTS.length) throw new Error(`receiptImages.py drew ${made.join(', ')}`);
}

/** The spec the scripted model writes after reading the receipts. */
export function reportSpec() {
  const n = RECEIPTS.length;
  return {
    title: 'Expense report',
    sheets: [
      {
        name: 'Expenses',
        columns: [
          { header: 'Date', type: 'date' },
          { header: 'Vendor', type: 'text' },
          { header: 'Category', type: 'text' },
          { header: 'Amount', type: 'currency', currency: 'EUR' },
          { header: 'Currency', type: 'text' },
          { header: 'Source file', type: 'text' },
        ],
        rows: RECEIPTS.map((r) => [r.date, r.vendor, r.category, Number(r.total), r.currency, r.file]),
        totals: { label: 'Total', sum: ['Amount'] },
        table: { name: 'Expenses' },
        freeze: 'A2',
      },
      {
        name: 'Summary',
        columns: [{ header: 'Category' }, { header: 'Total', type: 'currency', currency: 'EUR', formula: `=SUMIF(Expenses!$C$2:$C$${n + 1},A{row},Expenses!$D$2:$D$${n + 1})` }],
        rows: [['Meals'], ['Travel'], ['Lodging']],
        totals: { label: 'Grand total', sum: ['Total'] },
        freeze: 'A2',
      },
    ],
  };
}

/** The model's turns: activate the skill, list, read each receipt, build, recalculate, report. */
export function receiptsTranscript(): TurnInput[] {
  const spec = JSON.stringify(reportSpec());
  const out = `/workspace/${REPORT_FILE}`;
  const build = `mkdir -p /tmp/report && cat > /tmp/report/spec.json <<'EOF'\n${spec}\nEOF\n${SHEET} new /tmp/report/spec.json -o ${out} && ${SHEET} show ${out} --sheet Summary --formulas`;
  return [
    { match: { systemIncludes: '<location>/skills/xlsx/SKILL.md</location>' }, reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'xlsx' } }] } },
    { match: { toolResultFor: 'act' }, reply: { content: [{ type: 'tool_use', id: 'ls', name: 'list_files', input: { path: '.' } }] } },
    { match: { toolResultFor: 'ls' }, reply: { content: [{ type: 'tool_use', id: 'r0', name: 'read_file', input: { path: RECEIPTS[0].file } }] } },
    { match: { toolResultFor: 'r0' }, reply: { content: [{ type: 'tool_use', id: 'r1', name: 'read_file', input: { path: RECEIPTS[1].file } }] } },
    { match: { toolResultFor: 'r1' }, reply: { content: [{ type: 'tool_use', id: 'r2', name: 'read_file', input: { path: RECEIPTS[2].file } }] } },
    { match: { toolResultFor: 'r2' }, reply: { content: [{ type: 'text', text: 'Three receipts: Café Central 7.70 EUR, DB Bahn 89.90 EUR, Hotel Adlon 252.00 EUR.' }, { type: 'tool_use', id: 'build', name: 'run_command', input: { command: build } }] } },
    { match: { toolResultFor: 'build' }, reply: { content: [{ type: 'tool_use', id: 'recalc', name: 'run_command', input: { command: `${SHEET} recalc ${out} -o ${out}` } }] } },
    // Only a recalculation in the guest that found no error values gets the closing turn.
    { match: { toolResultFor: 'recalc', toolResultIncludes: 'no error values' }, reply: { content: [{ type: 'text', text: RECEIPTS_DONE }] } },
  ];
}
