// `cowork doc convert FILE -o OUT`: CSV/TSV to a formatted workbook (typed columns,
// header row styled and frozen, filter, widths), or one sheet of a workbook to CSV/TSV
// (the values as shown, like a spreadsheet's "save as CSV").

import { csvWorkbookSpec, writeCsv } from '../csv';
import { DocumentError } from '../ooxml';
import { checkSheetName, createXlsx, sheetView } from '../xlsx';
import { EXIT, json, one, parseFlags, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';
import { CSV_EXT, delimiterFlag, openWorkbook, readCsvTable, withFileAsync } from './workbookInput';

export const convertCommand: DocCommand = {
  name: 'convert',
  summary: 'CSV/TSV to a formatted workbook, or a workbook sheet to CSV/TSV',
  usage: 'cowork doc convert FILE -o OUT [--sheet NAME] [--delimiter D] [--header|--no-header] [--json]\n  data.csv -o data.xlsx | book.xlsx -o sheet.csv --sheet NAME',
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--sheet', '--delimiter'], switches: ['--json', '--header', '--no-header'], aliases: { '--output': '-o' } });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const delimiter = delimiterFlag(one(flags, '--delimiter'));
    let summary: Record<string, unknown>;
    if (CSV_EXT.test(file) && /\.xlsx$/i.test(out)) {
      const header = flags.switches.has('--header') ? true : flags.switches.has('--no-header') ? false : undefined;
      const t = readCsvTable(file, { delimiter, header });
      const sheet = one(flags, '--sheet') ?? 'Data';
      withFile(file, () => checkSheetName(sheet, []));
      const { bytes } = createXlsx(csvWorkbookSpec(t, sheet));
      writeOutput(out, bytes);
      summary = { rows: t.rows.length, columns: t.columns, encoding: t.decoded.encoding, delimiter: t.parsed.delimiter, header: t.header, raggedRows: t.parsed.raggedRows, raggedCount: t.parsed.raggedCount };
      if (!flags.switches.has('--json')) io.out(`wrote ${out}: ${t.rows.length} rows, columns ${t.columns.map((c) => `${c.header} (${c.type})`).join(', ')}${t.parsed.raggedCount ? `; ${t.parsed.raggedCount} ragged row(s) padded` : ''}${t.decoded.encoding === 'mixed' ? `; ${t.decoded.legacyLineCount} line(s) read as Windows-1252` : ''}\n`);
    } else if (/\.(xlsx|xlsm)$/i.test(file) && CSV_EXT.test(out)) {
      const { wb } = openWorkbook(file);
      const view = await withFileAsync(file, () => sheetView(wb, { sheet: one(flags, '--sheet'), maxRows: Number.MAX_SAFE_INTEGER, maxCols: 16384 }));
      const cols = view.columns;
      const rows = view.rows.map((r) => {
        const by = new Map(r.cells.map((c) => [c.ref.replace(/\d+$/, ''), c.text]));
        return cols.map((c) => by.get(c) ?? '');
      });
      writeOutput(out, Buffer.from(writeCsv(rows, delimiter ?? (/\.tsv$/i.test(out) ? '\t' : ',')), 'utf8'));
      summary = { sheet: view.sheet, rows: rows.length, columns: cols.length };
      if (!flags.switches.has('--json')) io.out(`wrote ${out}: sheet "${view.sheet}", ${rows.length} rows x ${cols.length} columns\n`);
    } else {
      throw new DocumentError('INVALID_ARGUMENT', `convert goes from .csv/.tsv to .xlsx or from .xlsx/.xlsm to .csv/.tsv, not ${file} -> ${out}`);
    }
    if (flags.switches.has('--json')) io.out(json({ file, output: out, ...summary }));
    return EXIT.ok;
  },
};
