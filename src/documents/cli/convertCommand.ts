// `cowork doc convert FILE -o OUT`: CSV/TSV to a formatted workbook (typed columns,
// header row styled and frozen, filter, widths), or one sheet of a workbook to CSV/TSV
// (the values as shown, like a spreadsheet's "save as CSV"); or any office document to
// PDF through LibreOffice (pdfConvert.ts).

import { csvWorkbookSpec, writeCsv } from '../csv';
import { DocumentError } from '../ooxml';
import { checkSheetName, createXlsx, MAX_COLS, shownExtent, shownRows } from '../xlsx';
import { EXIT, json, one, parseFlags, UsageError, withFile, withFileAsync, writeOutput, writeOutputStreaming, type DocCommand } from './docCommand';
import { convertToPdf, OFFICE_TO_PDF } from './pdfConvert';
import { CSV_EXT, delimiterFlag, openWorkbookForReading, readCsvTable } from './workbookInput';

export const convertCommand: DocCommand = {
  name: 'convert',
  summary: 'CSV/TSV to a formatted workbook, a workbook sheet to CSV/TSV, or a document to PDF (LibreOffice)',
  usage: 'cowork doc convert FILE -o OUT [--sheet NAME] [--delimiter D] [--header|--no-header] [--timeout SECONDS] [--json]\n  data.csv -o data.xlsx | book.xlsx -o sheet.csv --sheet NAME | report.docx|book.xlsx|deck.pptx -o out.pdf',
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--sheet', '--delimiter', '--timeout'], switches: ['--json', '--header', '--no-header'], aliases: { '--output': '-o' } });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const delimiter = delimiterFlag(one(flags, '--delimiter'));
    let summary: Record<string, unknown>;
    if (/\.pdf$/i.test(out) && OFFICE_TO_PDF.test(file)) {
      const timeout = one(flags, '--timeout');
      if (timeout !== undefined && !(Number(timeout) > 0)) throw new UsageError('--timeout needs a number of seconds');
      const r = await convertToPdf(file, out, timeout ? Number(timeout) * 1000 : undefined);
      summary = { bytes: r.bytes, pages: r.pages, ms: r.ms };
      if (!flags.switches.has('--json')) io.out(`wrote ${out}: ${r.pages ?? 'unknown number of'} page${r.pages === 1 ? '' : 's'}, ${r.bytes} bytes, in ${(r.ms / 1000).toFixed(1)} s\n`);
    } else if (CSV_EXT.test(file) && /\.xlsx$/i.test(out)) {
      const header = flags.switches.has('--header') ? true : flags.switches.has('--no-header') ? false : undefined;
      const t = readCsvTable(file, { delimiter, header });
      const sheet = one(flags, '--sheet') ?? 'Data';
      withFile(file, () => checkSheetName(sheet, []));
      const { bytes } = createXlsx(csvWorkbookSpec(t, sheet));
      writeOutput(out, bytes);
      summary = { rows: t.rows.length, columns: t.columns, encoding: t.decoded.encoding, delimiter: t.parsed.delimiter, header: t.header, raggedRows: t.parsed.raggedRows, raggedCount: t.parsed.raggedCount };
      if (!flags.switches.has('--json')) io.out(`wrote ${out}: ${t.rows.length} rows, columns ${t.columns.map((c) => `${c.header} (${c.type})`).join(', ')}${t.parsed.raggedCount ? `; ${t.parsed.raggedCount} ragged row(s) padded` : ''}${t.decoded.encoding === 'mixed' ? `; ${t.decoded.legacyLineCount} line(s) read as Windows-1252` : ''}\n`);
    } else if (/\.(xlsx|xlsm)$/i.test(file) && CSV_EXT.test(out)) {
      // Two passes over the sheet, streamed: its extent, then the rows written as they come.
      const wb = openWorkbookForReading(file);
      const sheetName = one(flags, '--sheet');
      const d = delimiter ?? (/\.tsv$/i.test(out) ? '\t' : ',');
      let sheet = '';
      let rowsWritten = 0;
      let width = 0;
      try {
        sheet = withFile(file, () => wb.sheet(sheetName)).name;
        const { left, right } = await withFileAsync(file, () => shownExtent(wb, sheetName));
        width = Math.min(right, left + MAX_COLS - 1) - left + 1;
        await withFileAsync(file, () =>
          writeOutputStreaming(out, async (write) => {
            let batch: string[][] = [];
            for await (const r of shownRows(wb, sheetName)) {
              const fields = new Array<string>(width).fill('');
              for (const c of r.cells) if (c.col >= left && c.col < left + width) fields[c.col - left] = c.text;
              batch.push(fields);
              rowsWritten++;
              if (batch.length >= 1000) {
                write(writeCsv(batch, d));
                batch = [];
              }
            }
            if (batch.length) write(writeCsv(batch, d));
          }),
        );
      } finally {
        wb.close();
      }
      summary = { sheet, rows: rowsWritten, columns: width };
      if (!flags.switches.has('--json')) io.out(`wrote ${out}: sheet "${sheet}", ${rowsWritten} rows x ${width} columns\n`);
    } else {
      throw new DocumentError('INVALID_ARGUMENT', `convert goes from .csv/.tsv to .xlsx, from .xlsx/.xlsm to .csv/.tsv, or from an office document (.docx, .xlsx, .pptx, .odt, …) to .pdf, not ${file} -> ${out}`);
    }
    if (flags.switches.has('--json')) io.out(json({ file, output: out, ...summary }));
    return EXIT.ok;
  },
};
