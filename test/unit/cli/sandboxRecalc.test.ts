// `cowork doc recalc` on the host, as a person runs it from an install laid out like
// dist/: LibreOffice runs inside the sandbox guest (the image's own Calc), never the
// host's (COWORK_SOFFICE points nowhere here, so a host run would fail). A workbook with
// wrong cached results and a division by zero comes back with every formula
// recalculated, the error reported by cell, and -o written; the input is untouched.
// Without a sandbox image the command says so clearly and writes nothing.
// With CI=true a missing image fails the test instead of skipping it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFormulas, XlsxWorkbook } from '../../../src/documents/xlsx';
import { installLike, runInstalledCli } from '../../support/cliTask';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';
import { buildXlsx } from '../../support/xlsxBuilder';

/** Cached results that are wrong on purpose: only a real recalculation gives 60 and 20. */
const BOOK = buildXlsx({
  sheets: [
    {
      name: 'Data',
      rows:
        '<row r="1"><c r="A1"><v>10</v></c><c r="B1"><f>SUM(A1:A3)</f><v>999</v></c></row>' +
        '<row r="2"><c r="A2"><v>20</v></c><c r="B2"><f>AVERAGE(A1:A3)</f><v>1</v></c></row>' +
        '<row r="3"><c r="A3"><v>30</v></c><c r="B3"><f>B1/0</f><v>0</v></c></row>',
    },
  ],
});

interface Report {
  ok: boolean;
  engine: string;
  ranIn?: string;
  formulas: number;
  errors: { sheet: string; cell: string; error: string }[];
  differences: { cell: string; cached: unknown; recalculated: unknown }[];
  error?: { code: string; message: string };
}

describe('cli: `cowork doc recalc` runs LibreOffice inside the sandbox guest', function () {
  // LibreOffice's first start in the guest takes a while on a shared machine.
  this.timeout(600_000);
  let image: string;
  let cli: string;
  let dir: string;
  const dirs: string[] = [];
  const noHostSoffice = { COWORK_SOFFICE: '/nonexistent/soffice' };

  before(function () {
    image = requireTestImage(this);
    cli = installLike(tempDir('recalc-install'));
    dir = tempDir('recalc-folder');
    dirs.push(path.dirname(path.dirname(cli)), dir);
    fs.writeFileSync(path.join(dir, 'book.xlsx'), BOOK);
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('recalculates every formula in the guest, reports #DIV/0! by cell and writes -o', async () => {
    const file = path.join(dir, 'book.xlsx');
    const out = path.join(dir, 'recalculated.xlsx');
    const r = await runInstalledCli(cli, ['doc', 'recalc', file, '-o', out, '--json'], {
      ...noHostSoffice,
      COWORK_IMAGE_DIR: image,
      COWORK_SANDBOX_DRIVER: 'namespace',
      COWORK_STATE_DIR: tempDir('recalc-state'),
    });
    assert.equal(r.code, 1, `exit 1: an error value was found\n${r.stdout}${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.engine, 'LibreOffice Calc');
    assert.equal(report.ranIn, 'the sandbox (namespace)');
    assert.equal(report.formulas, 3);
    assert.equal(report.ok, false);
    assert.deepEqual(report.errors.map((e) => `${e.sheet}!${e.cell} ${e.error}`), ['Data!B3 #DIV/0!']);
    assert.deepEqual(report.differences.map((d) => `${d.cell} ${String(d.cached)}→${String(d.recalculated)}`).sort(), ['B1 999→60', 'B2 1→20', 'B3 0→#DIV/0!']);

    const after = await checkFormulas(XlsxWorkbook.open(fs.readFileSync(out)));
    assert.equal(after.cells.get('Data')!.get('B1')!.value, 60);
    assert.equal(after.cells.get('Data')!.get('B2')!.value, 20);
    assert.deepEqual(after.errors.map((e) => `${e.cell} ${e.error}`), ['B3 #DIV/0!']);
    assert.deepEqual(fs.readFileSync(file), BOOK, 'the input is unchanged');
  });

  it('without a sandbox image: a clear error, exit 1, nothing written', async () => {
    const file = path.join(dir, 'book.xlsx');
    const out = path.join(dir, 'never.xlsx');
    const env = { ...noHostSoffice, COWORK_IMAGE_DIR: '', COWORK_IMAGE_CACHE: tempDir('recalc-no-images') };
    const r = await runInstalledCli(cli, ['doc', 'recalc', file, '-o', out], env);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /recalc runs LibreOffice Calc inside the Cowork sandbox, and this machine has no sandbox image yet/);
    assert.match(r.stderr, /`cowork run` prepares one/);
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/, 'no stack trace');
    const json = await runInstalledCli(cli, ['doc', 'recalc', file, '--json'], env);
    assert.equal((JSON.parse(json.stdout) as Report).error?.code, 'NOT_FOUND');
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readFileSync(file), BOOK);
  });
});
