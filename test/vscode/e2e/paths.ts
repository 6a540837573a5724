// Where the e2e suite finds its inputs (the VSIX, code-server) and writes its artefacts.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Gitignored; screenshots, logs and per-run state live here. */
export const outputDir = process.env.COWORK_TEST_OUTPUT ?? path.join(repoRoot, 'test-output');
export const screenshotsDir = path.join(outputDir, 'screenshots');
export const runsDir = path.join(outputDir, 'e2e-runs');

/** The VSIX `npm run package` produced: $COWORK_VSIX, else cowork-<version>.vsix at the root. */
export function vsixPath(): string {
  if (process.env.COWORK_VSIX) return process.env.COWORK_VSIX;
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return path.join(repoRoot, `cowork-${pkg.version}.vsix`);
}
