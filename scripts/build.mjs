// Bundles every entry point with esbuild. Development builds carry source maps;
// `--production` minifies (used by `npm run package`). Entries whose source does not
// exist yet are skipped so the build works while the tree grows.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, chmodSync, readdirSync, rmSync } from 'node:fs';

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
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // Headless runner (`cowork run ...`), same core as the extension.
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  // Decodes and shrinks images for read_file off the extension host's main thread.
  { entryPoints: ['src/agent/tools/media/imageWorker.ts'], outfile: 'dist/image-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The sidebar UI runs in the webview (a browser).
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The .docx review editor: its UI (browser) and the worker that reads and decides off the main thread.
  { entryPoints: ['webview/docx/main.ts'], outfile: 'dist/docx-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['src/views/docxEditor/docxWorker.ts'], outfile: 'dist/docx-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The guest agent runs inside the sandbox on Debian trixie's Node 20.
  { entryPoints: ['src/sandbox/guest/main.ts'], outfile: 'dist/guest-agent.js', platform: 'node', format: 'cjs', target: 'node20' },
  // `cowork doc` on its own, for skills inside the sandbox (/opt/cowork/cowork-doc.js; the guest runs Node 18).
  { entryPoints: ['src/documents/cli/main.ts'], outfile: 'dist/cowork-doc.js', platform: 'node', format: 'cjs', target: 'node18' },
  // Builds the sandbox image (rootfs, kernel, initramfs) on the host.
  { entryPoints: ['src/sandbox/image/cli.ts'], outfile: 'dist/sandbox-image.js', platform: 'node', format: 'cjs', target: 'node20' },
].filter((e) => existsSync(e.entryPoints[0]));

mkdirSync('dist', { recursive: true });
// A production build must not ship maps left behind by an earlier development build.
if (production) for (const f of readdirSync('dist')) if (f.endsWith('.map')) rmSync(`dist/${f}`);
if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
