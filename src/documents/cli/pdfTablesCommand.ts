// `cowork doc tables FILE.pdf [--pages …] [--json|--csv]`: tables found from text positions.
// Text output: `=== table N (page P) ===` then rows as `| a | b |`; CSV: the tables one
// after another, each led by a `# table N, page P` line and followed by a blank line.

import { writeCsv } from '../csv';
import { pdfTables } from '../pdf/onDemand';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFileAsync, type DocCommand } from './docCommand';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

export const pdfTablesCommand: DocCommand = {
  name: 'tables',
  summary: 'tables found from the text positions of a PDF (invoices, statements, receipts)',
  usage: `cowork doc tables FILE.pdf [--pages 1-3] ${PASSWORD_USAGE} [--json|--csv]`,
  async run(args, io) {
    const flags = parseFlags(args, { values: ['--pages', ...PASSWORD_VALUES], switches: [...PASSWORD_SWITCHES, '--json', '--csv'] });
    const file = onlyFile(flags);
    if (flags.switches.has('--json') && flags.switches.has('--csv')) throw new UsageError('give --json or --csv, not both');
    const data = readInput(file);
    const r = await withFileAsync(file, () => pdfTables(data, { pages: one(flags, '--pages'), password: inputPassword(flags) }));
    for (const w of r.warnings) io.err(`cowork doc tables: ${file}: warning: ${w}\n`);
    if (flags.switches.has('--json')) io.out(json({ file, pageCount: r.pageCount, tables: r.tables, warnings: r.warnings }));
    else if (flags.switches.has('--csv')) {
      io.out(r.tables.length === 1 ? writeCsv(r.tables[0].rows) : r.tables.map((t, i) => `# table ${i + 1}, page ${t.page}\n${writeCsv(t.rows)}`).join('\n'));
    } else if (!r.tables.length) io.out(`${file}: no tables found from text positions\n`);
    else io.out(r.tables.map((t, i) => [`=== table ${i + 1} (page ${t.page}) ===`, ...t.rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')).join('\n\n') + '\n');
    return EXIT.ok;
  },
};
