// pdf.js and pdf-lib are 4.5 MB of the 5.4 MB document engine. They are built as files of
// their own, and the bundles that use them (cowork-doc.js, cli.js, extension.js) require
// them from beside themselves on first use, so a command that never opens a PDF
// (`cowork doc show book.xlsx`) never reads, parses or runs their code. The build
// (scripts/build.mjs) and the tests and benches that lay out dist/ as it does share this.
//
// CommonJS so that both build.mjs (plain Node) and TypeScript tests (tsx) can load it;
// plain options rather than a plugin so esbuild's buildSync can use them too.

const path = require('node:path');

/** Each library, as the source imports it, and the file it becomes beside the bundle. */
const ENGINE_FILES = [
  { module: 'pdfjs-dist/legacy/build/pdf.mjs', file: 'engine-pdfjs.js' },
  { module: 'pdfjs-dist/legacy/build/pdf.worker.mjs', file: 'engine-pdfjs-worker.js' },
  { module: '@cantoo/pdf-lib', file: 'engine-pdf-lib.js' },
  // pdf-lib's font embedder (with brotli, 2 MB), for placing text in a font file.
  { module: '@cantoo/fontkit', file: 'engine-fontkit.js' },
];

/**
 * esbuild options for a bundle that uses the engine files: each library's import becomes a
 * require of `./engine-….js` (resolved by Node beside the bundle). `import()` is made
 * `require` too (in a Promise), so the files load through Node's CommonJS loader in the
 * extension host, the CLI and the guest alike.
 */
const engineFilesOptions = {
  alias: Object.fromEntries(ENGINE_FILES.map((e) => [e.module, `./${e.file}`])),
  external: ENGINE_FILES.map((e) => `./${e.file}`),
  supported: { 'dynamic-import': false },
};

/**
 * esbuild options for the engine files in `outdir`. `root` is the repository (module
 * resolution starts there); `target` the oldest Node that loads them (the guest's).
 */
function engineFileBuilds(outdir, root, target = 'node18') {
  return ENGINE_FILES.map((e) => ({
    stdin: { contents: `module.exports = require(${JSON.stringify(e.module)});`, resolveDir: root, sourcefile: `${e.file}.entry.js` },
    outfile: path.join(outdir, e.file),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
  }));
}

module.exports = { ENGINE_FILES, engineFilesOptions, engineFileBuilds };
