// The stand-alone `cowork-doc.js` bundled into a test folder, as the sandbox gets it (no
// node_modules beside it). Shared by the CLI tests of the PDF commands.

import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './repoRoot';

export function buildDocCli(dir: string): string {
  const out = path.join(dir, 'cowork-doc.js');
  buildSync({ bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', entryPoints: [path.join(REPO_ROOT, 'src/documents/cli/main.ts')], outfile: out, target: 'node18' });
  return out;
}
