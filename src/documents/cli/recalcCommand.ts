// `cowork doc recalc FILE [-o OUT] [--json]`: LibreOffice Calc recalculates every
// formula; prints every error value with sheet and cell, functions missing their _xlfn.
// prefix, and cached results that recalculation did not reproduce. With -o, writes the
// file with the new results cached (every other part unchanged). Exit 1 when any error
// value or missing prefix is found. LibreOffice runs where io.calcEngine says: the host
// CLI (src/cli.ts) runs it inside the sandbox guest; the guest's own cowork-doc.js runs
// the image's LibreOffice directly.

import { recalcXlsx } from '../xlsx';
import { EXIT, json, one, parseFlags, UsageError, withFileAsync, writeOutput, type DocCommand } from './docCommand';
import { openWorkbook } from './workbookInput';

export const recalcCommand: DocCommand = {
  name: 'recalc',
  summary: 'recalculate a workbook with LibreOffice Calc and report error values and formula problems by cell',
  usage: 'cowork doc recalc FILE [-o OUT] [--json] [--timeout SECONDS]',
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--timeout'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const out = one(flags, '-o');
    const timeout = one(flags, '--timeout');
    if (timeout !== undefined && !(Number(timeout) > 0)) throw new UsageError('--timeout needs a number of seconds');
    const { data } = openWorkbook(file);
    const { bytes, report } = await withFileAsync(file, () => recalcXlsx(data, { engine: io.calcEngine, ext: /\.xlsm$/i.test(file) ? 'xlsm' : 'xlsx', ...(timeout ? { timeoutMs: Number(timeout) * 1000 } : {}) }));
    if (out) writeOutput(out, bytes);
    const bad = report.errors.length + report.prefixIssues.length;
    if (flags.switches.has('--json')) {
      io.out(json({ file, ...(out ? { output: out } : {}), ok: bad === 0, ...report }));
    } else {
      const lines = [`${file}: ${report.formulas} formula${report.formulas === 1 ? '' : 's'} recalculated by ${report.engine}${report.ranIn ? ` in ${report.ranIn}` : ''} in ${(report.ms / 1000).toFixed(1)} s`];
      for (const e of report.errors) lines.push(`  error ${e.error} at ${e.sheet}!${e.cell}${e.formula ? `  ${e.formula}` : ''}`);
      for (const p of report.prefixIssues) lines.push(`  needs _xlfn. prefix (${p.functions.join(', ')}) at ${p.sheet}!${p.cell}  ${p.formula}`);
      if (report.compared) {
        lines.push(report.differences.length ? `  ${report.differences.length} of ${report.compared} cached results differ after recalculation:` : `  all ${report.compared} cached results reproduced`);
        for (const d of report.differences.slice(0, 50)) lines.push(`    ${d.sheet}!${d.cell}: cached ${JSON.stringify(d.cached)}, now ${JSON.stringify(d.recalculated)}${d.formula ? `  ${d.formula}` : ''}`);
      }
      lines.push(bad ? `${file}: ${report.errors.length} error value(s), ${report.prefixIssues.length} prefix problem(s)` : `${file}: no error values`);
      if (out) lines.push(`wrote ${out} with the recalculated results`);
      io.out(lines.join('\n') + '\n');
    }
    return bad ? EXIT.failed : EXIT.ok;
  },
};
