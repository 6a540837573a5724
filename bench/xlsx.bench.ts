// XLSX engine benchmark on a generated 100,000-row x 20-column workbook: reading it
// whole (`cowork doc show` scans every row for the column statistics) beside Debian's
// python3-openpyxl in read-only mode iterating every value, same file, same run,
// alternating; time and peak RSS of each process. Writing the same table (engine's
// createXlsx vs openpyxl write-only). Recalculating a workbook with 10,000 formulas in
// LibreOffice Calc through `recalcXlsx`.
//
//   flock "$COWORK_HEAVY_LOCK" npx tsx bench/xlsx.bench.ts [--runs 3]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createXlsx, recalcXlsx } from '../src/documents/xlsx';
import { buildDocBundles } from '../test/support/docBundles';
import { writeResultsSection } from './results';
import { benchTable, COLS, ROWS } from './xlsxBenchTable';

const PY = '/usr/bin/python3';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

/** Runs a command through python's getrusage so both tools are measured the same way: wall ms and peak RSS MiB. */
function measure(argv: string[]): { ms: number; rssMiB: number } {
  const wrapper = 'import resource, subprocess, sys, time\nt = time.monotonic()\nr = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\nms = (time.monotonic() - t) * 1000\nif r.returncode: sys.exit(r.returncode)\nprint(ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const r = spawnSync(PY, ['-c', wrapper, ...argv], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const [ms, kb] = r.stdout.trim().split(/\s+/).map(Number);
  return { ms, rssMiB: kb / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];


async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-bench-'));
  try {
    // As shipped: pdf.js and pdf-lib in engine files beside cowork-doc.js, loaded on first use.
    const cli = buildDocBundles(dir);
    const { spec, rows } = benchTable();
    const writes: number[] = [];
    let bytes: Buffer = Buffer.alloc(0);
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      bytes = createXlsx(spec).bytes;
      writes.push(performance.now() - t);
    }
    const file = join(dir, 'big.xlsx');
    writeFileSync(file, bytes);
    const json = join(dir, 'rows.json');
    writeFileSync(json, JSON.stringify(rows));
    const pyWrite = `import openpyxl, json, sys, datetime\nrows = json.load(open(sys.argv[1]))\nwb = openpyxl.Workbook(write_only=True)\nws = wb.create_sheet('Data')\nws.append(['Col%d' % (i + 1) for i in range(${COLS})])\nfor r in rows:\n    r[0] = datetime.date.fromisoformat(r[0])\n    ws.append(r)\nwb.save(sys.argv[2])`;
    const pyRead = `import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\nn = 0\nfor row in wb['Data'].iter_rows(values_only=True):\n    for v in row:\n        if v is not None: n += 1\nprint(n)`;
    const ours = ['node', cli, 'show', file, '--json'];
    const theirs = [PY, '-c', pyRead, file];
    const a: { ms: number; rssMiB: number }[] = [];
    const b: { ms: number; rssMiB: number }[] = [];
    measure(ours);
    measure(theirs);
    for (let i = 0; i < RUNS; i++) {
      a.push(measure(ours));
      b.push(measure(theirs));
    }
    const pyw = [];
    for (let i = 0; i < RUNS; i++) pyw.push(measure([PY, '-c', pyWrite, json, join(dir, 'py.xlsx')]));
    // 10,000 formulas: 5,000 rows of two inputs, a product and a running SUM.
    const fRows = Array.from({ length: 2500 }, (_v, i) => [i + 1, (i % 7) + 0.5, `=A${i + 2}*B${i + 2}`, `=SUM($C$2:C${i + 2})`, `=IF(C${i + 2}>100,"big","small")`, `=ROUND(D${i + 2}/A${i + 2},2)`]);
    const fBook = createXlsx({ sheets: [{ name: 'F', columns: ['a', 'b', 'c', 'd', 'e', 'f'].map((h) => ({ header: h })), rows: fRows }] }).bytes;
    const t0 = performance.now();
    const rec = await recalcXlsx(fBook);
    const recMs = performance.now() - t0;
    const ma = { ms: median(a.map((x) => x.ms)), rss: median(a.map((x) => x.rssMiB)) };
    const mb = { ms: median(b.map((x) => x.ms)), rss: median(b.map((x) => x.rssMiB)) };
    const body = [
      `Workbook: ${ROWS.toLocaleString('en')} rows x ${COLS} columns (dates, text, numbers), ${(bytes.length / 2 ** 20).toFixed(1)} MiB; medians of ${RUNS} alternating runs, whole processes.`,
      '',
      '| task | Cowork engine | python3-openpyxl | ratio |',
      '|---|---|---|---|',
      `| read every cell (engine: \`cowork doc show --json\`, full scan with column stats; openpyxl: read_only, iter_rows values) | ${(ma.ms / 1000).toFixed(2)} s, peak RSS ${ma.rss.toFixed(0)} MiB | ${(mb.ms / 1000).toFixed(2)} s, peak RSS ${mb.rss.toFixed(0)} MiB | ${(mb.ms / ma.ms).toFixed(2)}x faster, ${(ma.rss / mb.rss * 100).toFixed(0)}% of the memory |`,
      `| write the same table (engine: createXlsx in process; openpyxl: write_only, whole process incl. JSON load) | ${(median(writes) / 1000).toFixed(2)} s | ${(median(pyw.map((x) => x.ms)) / 1000).toFixed(2)} s | |`,
      `| recalculate 10,000 formulas (recalcXlsx: LibreOffice Calc headless, fresh profile, forced recalc, results written back) | ${(recMs / 1000).toFixed(2)} s (${rec.report.formulas} formulas, ${rec.report.errors.length} errors) | | |`,
    ].join('\n');
    console.log(body);
    writeResultsSection('XLSX engine (read, write, recalculate)', body);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
