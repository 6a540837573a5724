// Thumbnails of a 30-slide deck: `cowork doc thumbnails` (LibreOffice → PDF with hidden
// slides, pdftoppm at tile size, the grid composed and encoded in Node), on the host and
// inside the sandbox (namespace driver, the guest's LibreOffice). Every call starts a cold
// LibreOffice with a fresh profile (the helper's rule: no profile is shared, so no warm
// instance is kept); the yardstick, run alternately in the same loop, is the bare
// `soffice --convert-to pdf` of the same deck, which every renderer built on LibreOffice
// pays. Also the per-slide images the preview uses (--each) and the reader's inventory/text.
// Writes "PPTX thumbnails" in RESULTS.md. Run: npx tsx bench/pptxThumbnails.bench.ts [--runs N]

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { runLibreOffice } from '../src/documents/office/libreOffice';
import { deckText, inventoryJson, readPptx } from '../src/documents/pptx';
import { renderThumbnails } from '../src/documents/render';
import { NamespaceDriver } from '../src/sandbox/drivers/namespace';
import { findImage } from '../src/sandbox/image/store';
import { SandboxManager } from '../src/sandbox/manager';
import { guestTools, tempDir } from '../test/support/sandboxFixture';
import { benchDeck } from './pptxBenchDeck';
import { percentile, writeResultsSection } from './results';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const med = (xs: number[]) => (xs.length ? (percentile(xs, 50) / 1000).toFixed(2) : '–');

async function main(): Promise<void> {
  const deck = await benchDeck(30);
  const folder = tempDir('pptx-bench');
  const file = join(folder, 'deck30.pptx');
  writeFileSync(file, deck);

  // Reader: inventory and text of the same deck, in process.
  const read: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const d = readPptx(readFileSync(file));
    inventoryJson(d);
    deckText(d);
    read.push(performance.now() - t0);
  }

  // Host: thumbnails grid vs the bare PDF export, alternately.
  const grid: number[] = [];
  const pdf: number[] = [];
  const parts = { export: [] as number[], raster: [] as number[], compose: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await renderThumbnails(file, { timeoutMs: 600_000 });
    grid.push(performance.now() - t0);
    parts.export.push(r.ms.export);
    parts.raster.push(r.ms.raster);
    parts.compose.push(r.ms.compose);
    const p = await runLibreOffice({ input: file, convertTo: 'pdf', scratch: tempDir('pptx-bench-lo'), timeoutMs: 600_000 });
    pdf.push(p.ms);
    console.log(`host run ${i + 1}: thumbnails ${Math.round(grid[i]!)} ms (export ${r.ms.export}, raster ${r.ms.raster}, compose ${r.ms.compose}); bare PDF ${p.ms} ms; ${r.sheets[0]!.width}x${r.sheets[0]!.height}`);
  }

  // Guest: the bundled cowork-doc.js in a namespace sandbox.
  const image = findImage();
  const guest: number[] = [];
  const guestEach: number[] = [];
  if (image) {
    const tools = guestTools();
    buildSync({ entryPoints: [join(__dirname, '../src/documents/cli/main.ts')], outfile: join(tools, 'cowork-doc.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
    const manager = new SandboxManager({ imageDir: image.dir, toolsDir: tools, driver: new NamespaceDriver(), stateRoot: tempDir('pptx-bench-state') });
    try {
      const session = await manager.openSession(folder);
      for (let i = 0; i < RUNS; i++) {
        for (const [args, into] of [[['-o', 'grid.png'], guest], [['-o', 'each/slide.png', '--each'], guestEach]] as const) {
          const t0 = performance.now();
          const r = await session.exec({ command: ['node', '/opt/cowork/cowork-doc.js', 'thumbnails', 'deck30.pptx', ...args, '--timeout', '600'], timeoutMs: 700_000 });
          if (r.exitCode !== 0) throw new Error(`guest thumbnails failed: ${r.stderr || r.stdout}`);
          into.push(performance.now() - t0);
        }
        console.log(`guest run ${i + 1}: grid ${Math.round(guest[i]!)} ms, --each ${Math.round(guestEach[i]!)} ms`);
      }
      await session.close();
    } finally {
      await manager.dispose();
    }
  }

  const ratio = grid.map((g, i) => g / pdf[i]!);
  const hostVersion = execFileSync('soffice', ['--version'], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
  const table = [
    '| what (30-slide deck) | runs | median s |',
    '|---|---|---|',
    `| host: bare \`soffice --convert-to pdf\` (${hostVersion}, yardstick) | ${RUNS} | ${med(pdf)} |`,
    `| host: \`thumbnails\` grid, cold LibreOffice | ${RUNS} | ${med(grid)} (export ${med(parts.export)}, pdftoppm ${med(parts.raster)}, grid + PNG ${med(parts.compose)}) |`,
    `| host: ratio thumbnails / bare PDF, pair by pair | ${RUNS} | ${percentile(ratio, 50).toFixed(2)}× |`,
    `| guest (namespace, ${image?.version ?? 'no image'}): grid | ${guest.length} | ${med(guest)} |`,
    `| guest: \`--each\` (the preview's 30 images, 960 px) | ${guestEach.length} | ${med(guestEach)} |`,
    `| reader: readPptx + inventory + text, in process | 20 | ${med(read)} |`,
  ].join('\n');
  console.log(table);
  writeResultsSection(
    'PPTX thumbnails',
    `A 30-slide deck (bench/pptxBenchDeck.ts: written by the engine; bullets with levels, two columns, tables, column/line/pie charts, quotes, section headers, notes on every slide; ${Math.round(deck.length / 1024)} KiB) rendered by \`renderThumbnails\` / \`cowork doc thumbnails\`. Every call starts LibreOffice cold with its own profile; no warm instance is kept (so there is no "warm" row: sharing one soffice between calls would share its profile and its crashes). Guest times are host wall clock around \`exec\` in one open session.\n\n${table}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
