// Mocha reporter for the e2e run: the usual spec output, plus the final counts written
// as JSON to $COWORK_E2E_SUMMARY so test/vscode/run.mjs can print one combined line.

import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.COWORK_E2E_SUMMARY;
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0, duration: 0 };
      const summary = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, durationMs: stats.duration ?? 0 };
      writeFileSync(file, JSON.stringify(summary) + '\n');
    });
  }
}

export = SummaryReporter;
