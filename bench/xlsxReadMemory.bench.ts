// Peak memory (and time) of reading a 100,000-row x 20-column workbook beside Debian's
// python3-openpyxl (read_only, every value) on the same file, in the same run, the two
// commands in turn (A B A B ...). Whole processes, as the kernel accounts them
// (getrusage of the finished child, through one small Python wrapper for both sides).
// The read goes through XlsxWorkbook.openFile (the zip by range, the sheet streamed).
// Rows: the whole read with the bundles as shipped (pdf.js and pdf-lib in engine files
// beside cowork-doc.js, loaded on first use); the start-up floor on a tiny workbook, as
// shipped and as one bundle with the PDF libraries inside (the layout before the split),
// and through the host CLI (`cowork doc`); and each bare runtime.
//
//   flock "$COWORK_HEAVY_LOCK" npx tsx bench/xlsxReadMemory.bench.ts [--runs 3]

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { createXlsx } from '../src/documents/xlsx';
import { buildDocBundles } from '../test/support/docBundles';
import { writeResultsSection } from './results';
import { benchTable, COLS, ROWS } from './xlsxBenchTable';

const ROOT = join(__dirname, '..');
const PY = '/usr/bin/python3';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

interface Run {
  wall: number;
  cpu: number;
  peakMiB: number;
}

const WRAPPER = [
  'import resource, subprocess, sys, time',
  't = time.monotonic()',
  'r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)',
  'wall = time.monotonic() - t',
  'if r.returncode: sys.exit(r.returncode)',
  'u = resource.getrusage(resource.RUSAGE_CHILDREN)',
  'print(wall, u.ru_utime + u.ru_stime, u.ru_maxrss)',
].join('\n');

/** One whole-process run: wall and CPU seconds, peak RSS in MiB. */
function measure(argv: string[]): Run {
  const r = spawnSync(PY, ['-c', WRAPPER, ...argv], { encoding: 'utf8', timeout: 900_000 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [wall, cpu, kb] = r.stdout.trim().split(/\s+/).map(Number);
  return { wall, cpu, peakMiB: kb / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A and B in turn after one warm-up each; the medians of each. */
function paired(a: string[], b: string[]): { a: Run; b: Run } {
  measure(a);
  measure(b);
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(measure(a));
    bs.push(measure(b));
  }
  const med = (rs: Run[]): Run => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), peakMiB: median(rs.map((r) => r.peakMiB)) });
  return { a: med(as), b: med(bs) };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-mem-bench-'));
  try {
    const shipped = join(dir, 'dist');
    mkdirSync(shipped);
    const doc = buildDocBundles(shipped, { cli: true });
    const cli = join(shipped, 'cli.js');
    // The layout before the split: one bundle with pdf.js and pdf-lib inside.
    const oneFile = join(dir, 'one-file', 'cowork-doc.js');
    buildSync({ bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', target: 'node18', entryPoints: [join(ROOT, 'src/documents/cli/main.ts')], outfile: oneFile });
    const big = join(dir, 'big.xlsx');
    writeFileSync(big, createXlsx(benchTable().spec as never).bytes);
    const tiny = join(dir, 'tiny.xlsx');
    writeFileSync(tiny, createXlsx({ sheets: [{ name: 'S', columns: [{ header: 'a' }, { header: 'b', type: 'number' }], rows: [['x', 1], ['y', 2]] }] }).bytes);
    const pyRead = join(dir, 'read.py');
    writeFileSync(pyRead, `import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\nn = 0\nfor row in wb.worksheets[0].iter_rows(values_only=True):\n    for v in row:\n        if v is not None: n += 1\nprint(n)\n`);
    const pyImport = join(dir, 'import.py');
    writeFileSync(pyImport, 'import openpyxl\n');

    const read = paired(['node', doc, 'show', big, '--json'], [PY, pyRead, big]);
    const floor = paired(['node', doc, 'show', tiny], [PY, pyRead, tiny]);
    const before = paired(['node', oneFile, 'show', tiny], ['node', doc, 'show', tiny]);
    const host = paired(['node', cli, 'doc', 'show', tiny], [PY, pyImport]);
    const bare = paired(['node', '-e', '0'], [PY, '-c', 'pass']);
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    const cell = (r: Run, withWall = true) => `${withWall ? `${r.wall.toFixed(2)} s wall, ` : ''}${r.cpu.toFixed(2)} s CPU, ${r.peakMiB.toFixed(0)} MiB`;
    const body = [
      `Workbook: ${ROWS.toLocaleString('en')} rows x ${COLS} columns (dates, text, numbers), ${(statSync(big).size / 2 ** 20).toFixed(1)} MiB. Each row: A and B in turn, ${RUNS} runs each after a warm-up, medians; whole processes (getrusage of the finished child: peak RSS, user + system CPU).`,
      '',
      '| what | A | B | A / B (peak) |',
      '|---|---|---|---|',
      `| read every cell of the big sheet: A \`cowork-doc.js show --json\` (full scan with column stats, as shipped), B openpyxl read_only iter_rows | ${cell(read.a)} | ${cell(read.b)} | ${pct(read.a.peakMiB, read.b.peakMiB)} |`,
      `| the same on a 3-row workbook (start-up floor) | ${cell(floor.a)} | ${cell(floor.b)} | ${pct(floor.a.peakMiB, floor.b.peakMiB)} |`,
      `| 3-row workbook: A one bundle with pdf.js and pdf-lib inside (before), B as shipped (engine files on demand) | ${cell(before.a)} | ${cell(before.b)} | ${pct(before.a.peakMiB, before.b.peakMiB)} |`,
      `| 3-row workbook through the host CLI: A \`cowork doc show\` (cli.js), B \`import openpyxl\` | ${cell(host.a)} | ${cell(host.b)} | ${pct(host.a.peakMiB, host.b.peakMiB)} |`,
      `| bare runtime: A \`node -e 0\`, B \`python3 -c pass\` | ${cell(bare.a, false)} | ${cell(bare.b, false)} | ${pct(bare.a.peakMiB, bare.b.peakMiB)} |`,
      '',
      `Reading the big sheet: ${(read.b.cpu / read.a.cpu).toFixed(2)}x openpyxl's speed in CPU time (${(read.b.wall / read.a.wall).toFixed(2)}x in wall time), ${pct(read.a.peakMiB, read.b.peakMiB)} of its peak memory.`,
      `What reading the big sheet adds above each side's start-up floor (the 3-row workbook): ours ${(read.a.peakMiB - floor.a.peakMiB).toFixed(0)} MiB, openpyxl's ${(read.b.peakMiB - floor.b.peakMiB).toFixed(0)} MiB.`,
      `Above each bare runtime (the plain figure less \`node -e 0\` / \`python3 -c pass\`): ours ${(read.a.peakMiB - bare.a.peakMiB).toFixed(0)} MiB, openpyxl's ${(read.b.peakMiB - bare.b.peakMiB).toFixed(0)} MiB (${pct(read.a.peakMiB - bare.a.peakMiB, read.b.peakMiB - bare.b.peakMiB)}); the plain peaks are ${read.a.peakMiB.toFixed(0)} and ${read.b.peakMiB.toFixed(0)} MiB, and Node's bare floor alone (${bare.a.peakMiB.toFixed(0)} MiB) is most of ours.`,
    ].join('\n');
    console.log(body);
    writeResultsSection('XLSX reader memory (against python3-openpyxl)', body);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
