// The workbook halves of `new`, `edit` and `validate` (byExtension.ts picks them for
// .xlsx/.xlsm/.csv): a workbook from a JSON spec (or a CSV), ops applied to a workbook
// with every untouched part kept, and the workbook checks.

import { csvWorkbookSpec } from '../csv';
import { createXlsx, editXlsx, validateXlsx } from '../xlsx';
import { EXIT, json, one, onlyFile, parseFlags, readInput, readJsonFile, specAndOutput, UsageError, withFile, withFileAsync, writeOutput } from './docCommand';
import { reportFindings } from './findingsReport';
import type { WorkbookCommand } from './byExtension';
import { CSV_EXT, readCsvTable } from './workbookInput';

export const xlsxNewCommand: WorkbookCommand = {
  name: 'new',
  workbook: 'output',
  summary: 'a workbook from a JSON spec (sheets, typed columns, formulas, tables, formats, checks) or a CSV',
  usage: 'cowork doc new SPEC.json -o OUT.xlsx [--json]   (or DATA.csv -o OUT.xlsx)\n  SPEC.json: {"sheets": [{"name", "columns": [{"header", "type", ...}], "rows": [[...]], "totals", "table", "freeze", ...}], "names": [...]}',
  run(args, io) {
    const { flags, specFile, out } = specAndOutput(args, 'OUT.xlsx');
    const spec = CSV_EXT.test(specFile) ? csvWorkbookSpec(readCsvTable(specFile)) : readJsonFile(specFile);
    const res = withFile(specFile, () => createXlsx(spec));
    writeOutput(out, res.bytes);
    if (flags.switches.has('--json')) io.out(json({ spec: specFile, output: out, bytes: res.bytes.length, sheets: res.sheets, tables: res.tables }));
    else io.out(`wrote ${out} (${res.sheets.length} sheet${res.sheets.length === 1 ? '' : 's'}: ${res.sheets.join(', ')}; formulas are calculated on open or by \`cowork doc recalc\`)\n`);
    return EXIT.ok;
  },
};

export const xlsxEditCommand: WorkbookCommand = {
  name: 'edit',
  workbook: 'file',
  summary: 'set values/formulas/formats, insert rows, add sheets, keeping every other part',
  usage: 'cowork doc edit FILE.xlsx OPS.json -o OUT [--json]\n  OPS.json: {"ops": [{"op": "set", "sheet", "cell", "value"|"formula", "numFmt"?}, {"op": "setRange", "start", "rows"}, {"op": "insertRows", "at", "count"}, {"op": "addSheet", "name", "rows"?}]}',
  run(args, io) {
    const flags = parseFlags(args, { values: ['-o'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [file, opsFile, ...extra] = flags.positional;
    if (!file || !opsFile || extra.length) throw new UsageError('give FILE and OPS.json');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT (it may be FILE)');
    const data = readInput(file);
    const ops = readJsonFile(opsFile);
    const res = withFile(file, () => editXlsx(data, ops));
    writeOutput(out, res.bytes);
    if (flags.switches.has('--json')) io.out(json({ file, output: out, applied: res.applied, touchedParts: res.touchedParts, notes: res.notes }));
    else {
      const lines = res.applied.map((a) => `  ops[${a.index}] ${a.op} ${a.summary}`);
      for (const n of res.notes) lines.push(`  note: ${n}`);
      lines.push(`wrote ${out}: ${res.applied.length} op(s); rewrote ${res.touchedParts.join(', ') || 'nothing'}; every other part copied unchanged`);
      io.out(lines.join('\n') + '\n');
    }
    return EXIT.ok;
  },
};

export const xlsxValidateCommand: WorkbookCommand = {
  name: 'validate',
  workbook: 'file',
  summary: 'package, sheet, string/style index, table and name checks; cached errors and _xlfn. prefixes',
  usage: 'cowork doc validate FILE.xlsx [--json]',
  async run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const findings = await withFileAsync(file, () => validateXlsx(data));
    return reportFindings(io, file, findings, { asJson: flags.switches.has('--json') });
  },
};
