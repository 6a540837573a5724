// What an SVG picture costs `cowork doc new` (its PNG fallback, drawn by resvg as
// WebAssembly: src/documents/raster/svgRaster.ts): whole-process wall time of the bundled
// cowork-doc.js building a 2-slide deck with the Northwind logo as PNG and as SVG, run
// alternately; the same SVG deck under `ulimit -v 8388608` as the sandbox runs commands
// (drawn by dist/svg-raster.js in a child node); and, in process, the first drawing
// (WebAssembly compile, fonts) and later ones. Writes "SVG picture fallbacks" in RESULTS.md.
//
//   npx tsx bench/svgFallback.bench.ts [--runs 7]

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodePng, newRaster } from '../src/documents/raster';
import { svgToPng } from '../src/documents/raster/svgRaster';
import { buildDocBundles } from '../test/support/docBundles';
import { tempDir } from '../test/support/sandboxFixture';
import { pairedWalls, wall, type Cmd } from './pairedRuns';
import { percentile, writeResultsSection } from './results';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const LOGO = join(__dirname, '../docs/examples/brand-guidelines/assets/northwind-logo.svg');

async function main(): Promise<void> {
  const svg = readFileSync(LOGO);
  let t = performance.now();
  await svgToPng(svg, 'logo');
  const first = performance.now() - t;
  const later: number[] = [];
  for (let i = 0; i < 15; i++) {
    t = performance.now();
    await svgToPng(svg, 'logo');
    later.push(performance.now() - t);
  }

  const dir = tempDir('svg-fallback-bench');
  const cli = buildDocBundles(dir);
  copyFileSync(LOGO, join(dir, 'logo.svg'));
  // A PNG of the logo's size (one colour: what it shows does not matter here).
  writeFileSync(join(dir, 'logo.png'), encodePng(newRaster(240, 64, { r: 11, g: 37, b: 69 })));
  const deck = (logo: string) => JSON.stringify({ theme: { logo }, slides: [{ type: 'title', title: 'Title' }, { type: 'bullets', title: 'Points', bullets: ['one', 'two'] }] });
  writeFileSync(join(dir, 'png.json'), deck('logo.png'));
  writeFileSync(join(dir, 'svg.json'), deck('logo.svg'));
  const cmd = (label: string, spec: string): Cmd => ({ label, argv: [process.execPath, cli, 'new', join(dir, spec), '-o', join(dir, `${spec}.pptx`)] });
  const { as: pngs, bs: svgs } = pairedWalls(cmd('PNG logo', 'png.json'), cmd('SVG logo', 'svg.json'), RUNS, 120_000);
  const limited: Cmd = { label: 'SVG logo, ulimit -v 8 GiB', argv: ['sh', '-c', `ulimit -v 8388608 && exec "${process.execPath}" "${cli}" new "${join(dir, 'svg.json')}" -o "${join(dir, 'limited.pptx')}"`] };
  wall(limited, 120_000);
  const lims = Array.from({ length: RUNS }, () => wall(limited, 120_000));

  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const table = [
    '| `cowork doc new` (2 slides, logo on each; whole process) | median |',
    '|---|---:|',
    `| logo as PNG | ${s(percentile(pngs, 50))} |`,
    `| logo as SVG (PNG fallback drawn in process) | ${s(percentile(svgs, 50))} |`,
    `| logo as SVG under \`ulimit -v 8388608\` (drawn by svg-raster.js in a child node) | ${s(percentile(lims, 50))} |`,
  ].join('\n');
  const inproc = `In process: the first drawing of the logo (1024x273 px; WebAssembly compile, font files read) ${first.toFixed(0)} ms, later ones median ${percentile(later, 50).toFixed(0)} ms.`;
  console.log(table + '\n' + inproc);
  writeResultsSection(
    'SVG picture fallbacks (cowork doc new)',
    `Median of ${RUNS} runs (PNG and SVG alternating after a warm-up each) of the bundled cowork-doc.js with resvg.wasm and svg-raster.js beside it (test/support/docBundles.ts). The SVG is docs/examples/brand-guidelines/assets/northwind-logo.svg (two lines of text: fonts are read for it); it is drawn once per deck, whatever the number of slides.\n\n${table}\n\n${inproc}\n\nReproduce: \`npx tsx bench/svgFallback.bench.ts\`.`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
