// `cowork doc show FILE [--sheet NAME] [--range A1:H40] [--formulas] [--json]`: a
// workbook's sheets, tables and names, then one sheet as a compact A1 table of the
// values a person sees (formulas on request); large sheets are summarised. For CSV/TSV:
// what was detected (encoding, delimiter, header, ragged rows) and the table.

import { csvWorkbookSpec } from '../csv';
import { createXlsx, renderOverview, renderSheetView, requireRange, sheetView, workbookOverview, XlsxWorkbook } from '../xlsx';
import { EXIT, json, one, parseFlags, UsageError, withFile, withFileAsync, type DocCommand } from './docCommand';
import { CSV_EXT, delimiterFlag, openWorkbookForReading, readCsvTable } from './workbookInput';

export const showCommand: DocCommand = {
  name: 'show',
  summary: 'show a workbook or CSV: sheets, tables, names, a range as formatted values (formulas on request)',
  usage: 'cowork doc show FILE [--sheet NAME] [--range A1:H40] [--formulas] [--json] [--delimiter D] (.xlsx, .xlsm, .csv, .tsv)',
  async run(args, io) {
    const flags = parseFlags(args, { values: ['--sheet', '--range', '--delimiter'], switches: ['--formulas', '--json'] });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const rangeArg = one(flags, '--range');
    const range = rangeArg ? withFile(file, () => requireRange(rangeArg)) : undefined;
    const formulas = flags.switches.has('--formulas');
    const asJson = flags.switches.has('--json');
    let wb: XlsxWorkbook;
    let csvInfo: string | undefined;
    let csvJson: Record<string, unknown> | undefined;
    if (CSV_EXT.test(file)) {
      const t = readCsvTable(file, { delimiter: delimiterFlag(one(flags, '--delimiter')) });
      // The table goes through the workbook writer so values show with their column's format.
      wb = XlsxWorkbook.open(createXlsx(csvWorkbookSpec(t)).bytes);
      const enc = t.decoded.encoding === 'mixed' ? `mixed (UTF-8, with ${t.decoded.legacyLineCount} line(s) read as Windows-1252: ${t.decoded.legacyLines.join(', ')})` : t.decoded.encoding;
      const delim = t.parsed.delimiter === '\t' ? 'tab' : JSON.stringify(t.parsed.delimiter);
      csvInfo =
        `CSV: encoding ${enc}, delimiter ${delim}, ${t.header ? 'header row' : 'no header row'}, ${t.rows.length} data rows, ${t.columns.length} columns` +
        (t.parsed.raggedCount ? `\nRagged: ${t.parsed.raggedCount} row(s) with other than ${t.parsed.width} fields (rows ${t.parsed.raggedRows.join(', ')}${t.parsed.raggedCount > t.parsed.raggedRows.length ? ', …' : ''}); short rows are padded with empty cells, extra fields kept` : '') +
        `\nColumns: ${t.columns.map((c) => `${c.header} (${c.type}${c.currency ? ' ' + c.currency : ''})`).join(', ')}`;
      csvJson = { encoding: t.decoded.encoding, legacyLines: t.decoded.legacyLines, delimiter: t.parsed.delimiter, header: t.header, columns: t.columns, raggedRows: t.parsed.raggedRows, raggedCount: t.parsed.raggedCount };
    } else wb = openWorkbookForReading(file);
    let overview, view;
    try {
      overview = await withFileAsync(file, () => workbookOverview(wb));
      view = await withFileAsync(file, () => sheetView(wb, { sheet: one(flags, '--sheet'), range, formulas }));
    } finally {
      wb.close();
    }
    if (asJson) {
      io.out(json({ file, ...(csvJson ? { csv: csvJson } : { workbook: overview }), view }));
    } else {
      io.out((csvInfo ?? renderOverview(overview)) + '\n\n' + renderSheetView(view, formulas) + '\n');
    }
    return EXIT.ok;
  },
};
