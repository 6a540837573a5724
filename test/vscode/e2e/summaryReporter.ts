// Mocha reporter for the e2e run: the usual spec output, plus the final counts written
// as JSON to $COWORK_E2E_SUMMARY so test/vscode/run.mjs can print one combined line.
// It also times every top-level describe including its hooks (the session start in
// `before` is most of the cost), prints them slowest first, and puts them in the JSON:
// that is where the suite's wall time goes.

import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = new Map<Mocha.Suite, number>();
    const suites: { title: string; seconds: number }[] = [];
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.parent?.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const t0 = started.get(suite);
      if (t0 !== undefined) suites.push({ title: suite.title, seconds: Math.round((Date.now() - t0) / 100) / 10 });
    });
    runner.once(EVENT_RUN_END, () => {
      if (suites.length > 0) {
        console.log('\n  time per describe (hooks included):');
        for (const s of [...suites].sort((a, b) => b.seconds - a.seconds)) console.log(`    ${s.seconds.toFixed(1).padStart(7)} s  ${s.title}`);
      }
      const file = process.env.COWORK_E2E_SUMMARY;
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0, duration: 0 };
      const summary = { passed: stats.passes, failed: stats.failures, skipped: stats.pending, durationMs: stats.duration ?? 0, suites };
      writeFileSync(file, JSON.stringify(summary) + '\n');
    });
  }
}

export = SummaryReporter;
