// "Create an expense report from the receipt photos in this folder", end to end through
// the CLI as a person runs it: `cowork run` on a folder of rendered receipts (a rotated,
// noisy JPEG photo, a PNG and a one-page PDF scan), the scripted model activating the
// xlsx skill and reading every receipt with read_file (the image and document blocks
// must reach the model's request), then building expense-report.xlsx with the bundled
// engine inside the sandbox: one row per receipt, currency format, a SUMIF summary per
// category and a grand total. The workbook is then recalculated by LibreOffice (in the
// guest when its image has LibreOffice, else on the host through the same recalcXlsx):
// no error values, and LibreOffice's totals equal the sums of the amounts.

import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { calcMissing, checkFormulas, recalcXlsx, sheetView, XlsxWorkbook } from '../../../../src/documents/xlsx';
import { startModelServer, type ModelServer, type TurnInput } from '../../../model-server';
import { requireTool } from '../../../support/libreOffice';
import { REPO_ROOT } from '../../../support/repoRoot';
import { findTestImage, tempDir } from '../../../support/sandboxFixture';

const SOFFICE = path.join(REPO_ROOT, 'test/support/sofficeLocked.sh');
const RECEIPTS = [
  { file: 'receipt-cafe.jpg', vendor: 'Café Central', date: '2024-03-01', category: 'Meals', currency: 'EUR', total: '7.70', items: [['Cappuccino', '3.50'], ['Apple cake', '4.20']] },
  { file: 'train-ticket.png', vendor: 'DB Bahn', date: '2024-03-02', category: 'Travel', currency: 'EUR', total: '89.90', items: [['ICE Berlin-Hamburg', '89.90']] },
  { file: 'hotel-invoice.pdf', vendor: 'Hotel Adlon', date: '2024-03-03', category: 'Lodging', currency: 'EUR', total: '252.00', items: [['Room, 2 nights', '240.00'], ['City tax', '12.00']] },
];
const PROMPT = 'create an expense report from the receipt photos in this folder';
const SHEET = 'sh /skills/xlsx/scripts/sheet.sh';

function installLike(root: string): string {
  const dist = path.join(root, 'dist');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, logLevel: 'warning' as const };
  buildSync({ ...common, entryPoints: [path.join(REPO_ROOT, 'src/cli.ts')], outfile: path.join(dist, 'cli.js'), target: 'node20' });
  buildSync({ ...common, entryPoints: [path.join(REPO_ROOT, 'src/sandbox/guest/main.ts')], outfile: path.join(dist, 'guest-agent.js'), target: 'node18' });
  buildSync({ ...common, entryPoints: [path.join(REPO_ROOT, 'src/documents/cli/main.ts')], outfile: path.join(dist, 'cowork-doc.js'), target: 'node18' });
  fs.cpSync(path.join(REPO_ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
  for (const d of [root, dist]) fs.chmodSync(d, 0o755);
  return path.join(dist, 'cli.js');
}

function run(cli: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

/** The spec the scripted model writes after reading the receipts. */
function reportSpec() {
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

function transcript(): TurnInput[] {
  const spec = JSON.stringify(reportSpec());
  const build = `mkdir -p /tmp/report && cat > /tmp/report/spec.json <<'EOF'\n${spec}\nEOF\n${SHEET} new /tmp/report/spec.json -o /workspace/expense-report.xlsx && ${SHEET} show /workspace/expense-report.xlsx --sheet Summary --formulas`;
  return [
    { match: { systemIncludes: '<location>/skills/xlsx/SKILL.md</location>' }, reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'xlsx' } }] } },
    { match: { toolResultFor: 'act' }, reply: { content: [{ type: 'tool_use', id: 'ls', name: 'list_files', input: { path: '.' } }] } },
    { match: { toolResultFor: 'ls' }, reply: { content: [{ type: 'tool_use', id: 'r0', name: 'read_file', input: { path: RECEIPTS[0].file } }] } },
    { match: { toolResultFor: 'r0' }, reply: { content: [{ type: 'tool_use', id: 'r1', name: 'read_file', input: { path: RECEIPTS[1].file } }] } },
    { match: { toolResultFor: 'r1' }, reply: { content: [{ type: 'tool_use', id: 'r2', name: 'read_file', input: { path: RECEIPTS[2].file } }] } },
    { match: { toolResultFor: 'r2' }, reply: { content: [{ type: 'text', text: 'Three receipts: Café Central 7.70 EUR, DB Bahn 89.90 EUR, Hotel Adlon 252.00 EUR.' }, { type: 'tool_use', id: 'build', name: 'run_command', input: { command: build } }] } },
    { match: { toolResultFor: 'build' }, reply: { content: [{ type: 'tool_use', id: 'recalc', name: 'run_command', input: { command: `${SHEET} recalc /workspace/expense-report.xlsx -o /workspace/expense-report.xlsx` } }] } },
    { match: { toolResultFor: 'recalc' }, reply: { content: [{ type: 'text', text: 'expense-report.xlsx has one row per receipt, a per-category summary and a grand total of €349.60.' }] } },
  ];
}

describe('documents/xlsx: "create an expense report from the receipt photos" through the CLI, the xlsx skill and the sandbox', function () {
  // Long: on a shared machine LibreOffice waits for the machine-wide lock named by COWORK_HEAVY_LOCK.
  this.timeout(1_500_000);
  let image: string | undefined;
  let cli: string;
  let server: ModelServer | undefined;
  const dirs: string[] = [];

  before(function () {
    image = findTestImage();
    if (!image) {
      if (process.env.CI === 'true') throw new Error('CI needs the sandbox image (npm run sandbox:image)');
      return this.skip();
    }
    if (spawnSync('/usr/bin/python3', ['-c', 'import PIL'], { stdio: 'ignore' }).status !== 0) {
      if (process.env.CI === 'true') throw new Error('CI needs python3-pil to render the receipts');
      return this.skip();
    }
    const root = tempDir('xlsx-install');
    dirs.push(root);
    cli = installLike(root);
  });
  after(async () => {
    await server?.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads every receipt image and builds a recalculated report whose totals equal the sums', async function () {
    const folder = tempDir('receipts');
    const state = tempDir('receipts-state');
    const home = tempDir('receipts-home');
    dirs.push(folder, state, home);
    execFileSync('/usr/bin/python3', [path.join(REPO_ROOT, 'test/support/receiptImages.py'), folder], { input: JSON.stringify(RECEIPTS), encoding: 'utf8' });
    assert.deepEqual(fs.readdirSync(folder).sort(), RECEIPTS.map((r) => r.file).sort());

    server = await startModelServer({ transcript: transcript() });
    const r = await run(cli, ['run', PROMPT, '--folder', folder, '--yes', '--no-plan'], {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: server.url,
      COWORK_IMAGE_DIR: image!,
      COWORK_STATE_DIR: state,
      COWORK_SANDBOX_DRIVER: 'namespace',
      COWORK_HOME: home,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0, 'every scripted turn was played');
    assert.match(r.stdout, /\+ created expense-report\.xlsx/);

    // The receipts reached the model as an image (JPEG), an image (PNG) and a document (PDF).
    const blocks: { type: string; media?: string }[] = [];
    for (const req of server.messageRequests()) {
      for (const m of (req.body.messages ?? []) as { role: string; content: unknown }[]) {
        if (m.role !== 'user' || !Array.isArray(m.content)) continue;
        for (const b of m.content as { type: string; content?: unknown }[]) {
          if (b.type !== 'tool_result' || !Array.isArray(b.content)) continue;
          for (const c of b.content as { type: string; source?: { media_type?: string; data?: string } }[]) {
            if ((c.type === 'image' || c.type === 'document') && c.source?.data && c.source.data.length > 1000) blocks.push({ type: c.type, media: c.source.media_type });
          }
        }
      }
    }
    const kinds = new Set(blocks.map((b) => `${b.type} ${b.media}`));
    assert.ok(kinds.has('image image/jpeg'), [...kinds].join(', '));
    assert.ok(kinds.has('image image/png'), [...kinds].join(', '));
    assert.ok(kinds.has('document application/pdf'), [...kinds].join(', '));

    // The workbook: one row per receipt, currency formatted, SUMIF summary, grand total.
    const file = path.join(folder, 'expense-report.xlsx');
    const wb = XlsxWorkbook.open(fs.readFileSync(file));
    const view = await sheetView(wb, { sheet: 'Expenses', formulas: true });
    const rows = view.rows.slice(1, 1 + RECEIPTS.length).map((row) => row.cells.map((c) => c.text));
    assert.deepEqual(rows, RECEIPTS.map((x) => [x.date, x.vendor, x.category, `€${x.total.replace(/\B(?=(\d{3})+\.)/, ',')}`, x.currency, x.file]));
    const summary = await checkFormulas(wb);
    assert.equal(summary.cells.get('Summary')!.get('B2')!.formula, '=SUMIF(Expenses!$C$2:$C$4,A2,Expenses!$D$2:$D$4)');
    assert.equal(summary.cells.get('Summary')!.get('B5')!.formula, '=SUM(B2:B4)');
    assert.equal(summary.cells.get('Expenses')!.get('D5')!.formula, '=SUM(D2:D4)');

    // Recalculation: in the guest when its image has LibreOffice (the tool result says so),
    // otherwise on the host through the same recalcXlsx.
    const recalcResult = JSON.stringify(server.messageRequests().at(-1)!.body.messages);
    let calculated: Buffer;
    if (/no error values/.test(recalcResult)) {
      calculated = fs.readFileSync(file);
    } else {
      assert.match(recalcResult, /cannot start LibreOffice|not installed|soffice/, 'the guest without LibreOffice says so');
      requireTool(this, calcMissing());
      const res = await recalcXlsx(fs.readFileSync(file), { soffice: SOFFICE, timeoutMs: 1_200_000 });
      assert.deepEqual(res.report.errors, []);
      calculated = res.bytes;
    }
    const after = await checkFormulas(XlsxWorkbook.open(calculated));
    assert.deepEqual(after.errors, []);
    const amounts = RECEIPTS.map((x) => Number(x.total));
    const sum = amounts.reduce((a, b) => a + b, 0);
    const val = (sheet: string, ref: string) => after.cells.get(sheet)!.get(ref)!.value as number;
    assert.ok(Math.abs(val('Expenses', 'D5') - sum) < 1e-9, `Expenses total ${val('Expenses', 'D5')} = ${sum}`);
    assert.ok(Math.abs(val('Summary', 'B5') - sum) < 1e-9, `grand total ${val('Summary', 'B5')} = ${sum}`);
    assert.deepEqual(['B2', 'B3', 'B4'].map((ref) => val('Summary', ref)), amounts);
  });
});
