// Entry point test-electron calls inside the extension host: runs the bundled
// *.test.js files next to it with mocha and writes the counts for test/vscode/run.mjs.

import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) {
    mocha.addFile(path.join(__dirname, file));
  }
  const counts = await new Promise<{ passed: number; failed: number; skipped: number }>((resolve) => {
    const runner = mocha.run(() => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      resolve({ passed: stats.passes, failed: stats.failures, skipped: stats.pending });
    });
  });
  const resultsFile = process.env.COWORK_ELECTRON_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(counts) + '\n');
  if (counts.failed > 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
}
