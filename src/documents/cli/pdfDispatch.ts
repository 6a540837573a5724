// PDF commands beside the office ones: a `cowork doc text` given a .pdf runs the PDF
// implementation, any other file the command that was already there. A PDF command
// with no office counterpart (fields, fill, merge, …) is simply added to the table.

import type { DocCommand } from './docCommand';

export const PDF_EXT = /\.pdf$/i;

/** The command line names a PDF input (any argument ending in .pdf that is not the -o output). */
export function namesPdf(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o' || args[i] === '--output') {
      i++;
      continue;
    }
    if (!args[i].startsWith('-') && PDF_EXT.test(args[i])) return true;
  }
  return false;
}

/** A PDF command chosen by its `-o` output being a .pdf (`new SPEC.json -o report.pdf`). */
export interface PdfOutputCommand extends DocCommand {
  pdfOutput: true;
}

function outputIsPdf(args: string[]): boolean {
  const i = args.findIndex((a) => a === '-o' || a === '--output');
  const out = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--output='))?.slice(9);
  return !!out && PDF_EXT.test(out);
}

export function withPdfCommands(table: DocCommand[], pdf: (DocCommand | PdfOutputCommand)[]): DocCommand[] {
  const out = [...table];
  for (const p of pdf) {
    const i = out.findIndex((c) => c.name === p.name);
    if (i < 0) {
      out.push(p);
      continue;
    }
    const base = out[i];
    const isPdf = 'pdfOutput' in p ? outputIsPdf : namesPdf;
    out[i] = {
      name: base.name,
      summary: `${base.summary}; for .pdf: ${p.summary}`,
      usage: `${base.usage}\n${p.usage}`,
      run: (args, io) => (isPdf(args) ? p.run(args, io) : base.run(args, io)),
    };
  }
  return out;
}
