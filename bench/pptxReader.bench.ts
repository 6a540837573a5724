// The PPTX reader on the 30-slide deck of the thumbnails bench (bench/pptxBenchDeck.ts):
// whole-process time of `cowork doc inventory --json` and `cowork doc text` (the bundled
// cowork-doc.js, as the sandbox runs it), against the least a reader can do, a Python
// standard-library script printing each slide's paragraphs (bench/pptxStdlibText.py),
// run alternately in the same loop so drift hits both; the ratio is the median of the
// per-pair ratios. Also the engine in process (readPptx, inventory, text), without Node's
// start-up. Writes "PPTX reader" in RESULTS.md.
//
//   npx tsx bench/pptxReader.bench.ts [--runs 7]

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { deckText, inventoryJson, readPptx } from '../src/documents/pptx';
import { tempDir } from '../test/support/sandboxFixture';
import { benchDeck } from './pptxBenchDeck';
import { pairedWalls, type Cmd } from './pairedRuns';
import { percentile, writeResultsSection } from './results';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const PY = '/usr/bin/python3';

/** A then B, RUNS times after one warm-up each: medians and the median of the per-pair ratios A/B. */
function pair(a: Cmd, b: Cmd): { a: number; b: number; ratio: number } {
  const { as, bs } = pairedWalls(a, b, RUNS, 300_000);
  return { a: percentile(as, 50), b: percentile(bs, 50), ratio: percentile(as.map((ta, i) => ta / bs[i]!), 50) };
}

function inProcess(fn: () => void, runs = 15): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return percentile(xs, 50);
}

const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function main(): Promise<void> {
  const deck = await benchDeck(30);
  const dir = tempDir('pptx-reader-bench');
  const file = join(dir, 'deck30.pptx');
  writeFileSync(file, deck);
  const cli = join(dir, 'cowork-doc.js');
  buildSync({ entryPoints: [join(__dirname, '../src/documents/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });

  const yardstick: Cmd = { label: 'python3 stdlib text', argv: [PY, join(__dirname, 'pptxStdlibText.py'), file] };
  const inventory = pair({ label: 'cowork doc inventory --json', argv: [process.execPath, cli, 'inventory', file, '--json'] }, yardstick);
  const text = pair({ label: 'cowork doc text', argv: [process.execPath, cli, 'text', file] }, yardstick);
  const nodeStart = pair({ label: 'node -e 0', argv: [process.execPath, '-e', '0'] }, yardstick);

  const bytes = readFileSync(file);
  const read = inProcess(() => readPptx(bytes));
  const d = readPptx(bytes);
  const inv = inProcess(() => JSON.stringify(inventoryJson(d)));
  const txt = inProcess(() => deckText(d));

  const table = [
    '| task (30-slide deck, whole process) | cowork doc | python3 stdlib text (yardstick) | ratio |',
    '|---|---:|---:|---:|',
    `| \`inventory --json\` | ${s(inventory.a)} | ${s(inventory.b)} | **${inventory.ratio.toFixed(2)}×** |`,
    `| \`text\` | ${s(text.a)} | ${s(text.b)} | **${text.ratio.toFixed(2)}×** |`,
    `| \`node -e 0\` (Node's own start-up, for scale) | ${s(nodeStart.a)} | ${s(nodeStart.b)} | ${nodeStart.ratio.toFixed(2)}× |`,
  ].join('\n');
  const inproc = `In process (no start-up), median of 15: readPptx ${read.toFixed(1)} ms, inventory JSON ${inv.toFixed(1)} ms, text view ${txt.toFixed(1)} ms.`;
  console.log(table + '\n' + inproc);
  writeResultsSection(
    'PPTX reader (inventory, text)',
    `The 30-slide deck of "PPTX thumbnails" (${Math.round(bytes.length / 1024)} KiB; bench/pptxBenchDeck.ts). Whole-process wall time, median of ${RUNS} alternating runs after a warm-up; the ratio is the median of the per-pair ratios (cowork / yardstick). The yardstick, \`bench/pptxStdlibText.py\`, prints each slide's paragraphs with Python's zipfile and ElementTree: no ids, levels, bullets, table structure, notes, layouts or positions, so it is the floor any reader pays, not an equal.\n\n${table}\n\n${inproc}\n\nReproduce: \`npx tsx bench/pptxReader.bench.ts\`.`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
