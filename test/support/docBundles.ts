// The document engine's bundles as scripts/build.mjs lays them out in dist/: cowork-doc.js
// (and cli.js with cli-agent.js when asked) with pdf.js and pdf-lib as engine files beside them, required on
// first use (scripts/engineFiles.cjs), and resvg.wasm. Tests that run the shipped layout build it here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { ENGINE_FILES, engineFileBuilds, engineFilesOptions } from '../../scripts/engineFiles.cjs';
import { cliBuilds } from '../../scripts/cliBundles.cjs';
import { REPO_ROOT } from './repoRoot';

const COMMON = { bundle: true, platform: 'node' as const, format: 'cjs' as const, logLevel: 'warning' as const, ...engineFilesOptions };

/** The engine files' names (engine-pdfjs.js, …), as they sit beside the bundles. */
export const ENGINE_FILE_NAMES = ENGINE_FILES.map((e) => e.file);

/** Builds `dir`/cowork-doc.js (Node 18, as the guest runs it) and the engine files; with `cli`, `dir`/cli.js and cli-agent.js too. Returns cowork-doc.js. */
export function buildDocBundles(dir: string, opts: { cli?: boolean } = {}): string {
  const docOut = path.join(dir, 'cowork-doc.js');
  buildSync({ ...COMMON, entryPoints: [path.join(REPO_ROOT, 'src/documents/cli/main.ts')], outfile: docOut, target: 'node18' });
  if (opts.cli) for (const b of cliBuilds(dir, REPO_ROOT)) buildSync({ ...b, logLevel: 'warning' });
  for (const b of engineFileBuilds(dir, REPO_ROOT)) buildSync({ ...b, logLevel: 'warning' });
  // The SVG renderer's WebAssembly, read on first use, and its child for processes under an address-space limit (src/documents/raster/svgRaster.ts).
  fs.copyFileSync(path.join(REPO_ROOT, 'node_modules/@resvg/resvg-wasm/index_bg.wasm'), path.join(dir, 'resvg.wasm'));
  buildSync({ bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', entryPoints: [path.join(REPO_ROOT, 'src/documents/raster/svgRasterChild.ts')], outfile: path.join(dir, 'svg-raster.js'), target: 'node18' });
  return docOut;
}
