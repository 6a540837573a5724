// Bundles every entry point with esbuild. Development builds carry source maps;
// `--production` minifies (used by `npm run package`). Entries whose source does not
// exist yet are skipped so the build works while the tree grows.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, chmodSync, cpSync, readdirSync, rmSync } from 'node:fs';
import engineFiles from './engineFiles.cjs';
import cliBundles from './cliBundles.cjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const entries = [
  // The extension host: Node, CommonJS, `vscode` provided by the host.
  // pdf.js and pdf-lib stay out of the three bundles that run the document engine: they are
  // dist/engine-*.js, required on first use (engineFiles.cjs).
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', ...engineFiles.engineFilesOptions, external: ['vscode', ...engineFiles.engineFilesOptions.external] },
  // Headless runner: `cowork doc …` in cli.js, `cowork run …` (same core as the extension) in cli-agent.js beside it (cliBundles.cjs).
  ...cliBundles.cliBuilds('dist', '.'),
  // Decodes and shrinks images for read_file off the extension host's main thread.
  { entryPoints: ['src/agent/tools/media/imageWorker.ts'], outfile: 'dist/image-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The sidebar UI runs in the webview (a browser).
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The .docx review editor: its UI (browser) and the worker that reads and decides off the main thread.
  { entryPoints: ['webview/docx/main.ts'], outfile: 'dist/docx-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['src/views/docxEditor/docxWorker.ts'], outfile: 'dist/docx-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The spreadsheet preview (.xlsx/.xlsm/.csv/.tsv): its grid (browser) and the worker that reads the file.
  { entryPoints: ['webview/sheet/main.ts'], outfile: 'dist/sheet-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['src/views/sheetPreview/sheetWorker.ts'], outfile: 'dist/sheet-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The PDF preview: its UI with pdf.js (browser), and pdf.js's worker as a classic script the page starts from a blob: URL.
  { entryPoints: ['webview/pdf/main.ts'], outfile: 'dist/pdf-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['node_modules/pdfjs-dist/build/pdf.worker.mjs'], outfile: 'dist/pdf.worker.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // Draws an SVG to PNG in a child node started with --disable-wasm-trap-handler, where an address-space limit keeps the parent from WebAssembly (src/documents/raster/svgRaster.ts).
  { entryPoints: ['src/documents/raster/svgRasterChild.ts'], outfile: 'dist/svg-raster.js', platform: 'node', format: 'cjs', target: 'node18' },
  // The .pptx slide preview's UI (browser).
  { entryPoints: ['webview/pptx/main.ts'], outfile: 'dist/pptx-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The guest agent runs inside the sandbox on Debian trixie's Node 20.
  { entryPoints: ['src/sandbox/guest/main.ts'], outfile: 'dist/guest-agent.js', platform: 'node', format: 'cjs', target: 'node20' },
  // `cowork doc` on its own, for skills inside the sandbox (/opt/cowork/cowork-doc.js; the guest runs Node 18).
  { entryPoints: ['src/documents/cli/main.ts'], outfile: 'dist/cowork-doc.js', platform: 'node', format: 'cjs', target: 'node18', ...engineFiles.engineFilesOptions },
  // Builds the sandbox image (rootfs, kernel, initramfs) on the host.
  { entryPoints: ['src/sandbox/image/cli.ts'], outfile: 'dist/sandbox-image.js', platform: 'node', format: 'cjs', target: 'node20' },
].filter((e) => existsSync(e.entryPoints[0]));
// The engine files themselves (node18: the guest loads them too, from /opt/cowork).
entries.push(...engineFiles.engineFileBuilds('dist', process.cwd(), 'node18'));

mkdirSync('dist', { recursive: true });
// pdf.js draws the 14 standard fonts (text in a PDF that does not embed its font) from these files.
if (existsSync('node_modules/pdfjs-dist/standard_fonts')) cpSync('node_modules/pdfjs-dist/standard_fonts', 'dist/pdfjs/standard_fonts', { recursive: true });
// The engine (cowork-doc.js, cli.js, extension.js) reads CJK text in non-embedded fonts through these CMaps (1.7 MB).
if (existsSync('node_modules/pdfjs-dist/cmaps')) cpSync('node_modules/pdfjs-dist/cmaps', 'dist/pdfjs/cmaps', { recursive: true });
// The SVG renderer of new decks' PNG fallbacks (src/documents/raster/svgRaster.ts), read on first use (2.4 MB).
if (existsSync('node_modules/@resvg/resvg-wasm/index_bg.wasm')) cpSync('node_modules/@resvg/resvg-wasm/index_bg.wasm', 'dist/resvg.wasm');
// A production build must not ship maps left behind by an earlier development build.
if (production) for (const f of readdirSync('dist')) if (f.endsWith('.map')) rmSync(`dist/${f}`);
if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
