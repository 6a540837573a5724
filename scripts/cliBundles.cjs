// The host CLI is two bundles: dist/cli.js (the `cowork` command: `cowork doc …` and the
// dispatch) and dist/cli-agent.js (`cowork run` / `cowork undo`: the agent, the SDKs, the
// connectors), which cli.js requires from beside itself only for those commands
// (src/cli.ts). So `cowork doc show book.xlsx` reads, parses and runs no agent code and
// costs what dist/cowork-doc.js costs. The build (scripts/build.mjs) and the tests and
// benches that lay out dist/ share this.
//
// CommonJS for the same reason as engineFiles.cjs: build.mjs and TypeScript tests load it.

const path = require('node:path');
const { engineFilesOptions } = require('./engineFiles.cjs');

/**
 * esbuild options for cli.js and cli-agent.js in `outdir`; `root` is the repository.
 * `engineFiles: false` bundles pdf.js and pdf-lib inside (for tests that lay out no engine files).
 */
function cliBuilds(outdir, root, { engineFiles = true } = {}) {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', ...(engineFiles ? engineFilesOptions : {}) };
  return [
    { ...common, entryPoints: [path.join(root, 'src/cli.ts')], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
    { ...common, entryPoints: [path.join(root, 'src/cli/agentBundle.ts')], outfile: path.join(outdir, 'cli-agent.js') },
  ];
}

module.exports = { cliBuilds };
