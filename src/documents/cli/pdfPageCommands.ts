// Page commands: `merge A.pdf B.pdf … -o OUT`, `split FILE.pdf [--pages 1-3,4-] -o OUT`,
// `extract FILE.pdf --pages … -o OUT`, `rotate FILE.pdf --by 90 [--pages …] -o OUT`,
// `reorder FILE.pdf --pages 3,1,2 -o OUT`, and `new SPEC.json -o OUT.pdf`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import type { PagesResult, PdfSpec, PdfWriteOptions } from '../pdf';
import { createPdf, extractPages, mergePdfs, reorderPages, rotatePages, splitPdf } from '../pdf/onDemand';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFileAsync, writeOutput, type DocCommand, type DocIo } from './docCommand';
import type { PdfOutputCommand } from './pdfDispatch';
import { ENCRYPTION_SWITCHES, ENCRYPTION_USAGE, ENCRYPTION_VALUES, encryptionChoice, encryptionLine } from './pdfEncryptionFlags';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

function output(flags: ReturnType<typeof parseFlags>, what = 'OUT.pdf'): string {
  const out = one(flags, '-o');
  if (!out) throw new UsageError(`-o ${what} is required`);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `OUT: 3 pages, 12 form fields`, then one line per renamed field. */
function summary(out: string, r: PagesResult): string {
  const lines = [`${out}: ${plural(r.pageCount, 'page')}${r.fieldCount ? `, ${plural(r.fieldCount, 'form field')}` : ''}`];
  for (const f of r.renamedFields) {
    const under = f.fields.length === 1 && f.fields[0] === f.to ? '' : ` (fill ${f.fields.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}${f.fields.length > 3 ? `, … ${f.fields.length} fields` : ''})`;
    lines.push(`  renamed: field "${f.from}" of ${f.file} is "${f.to}"${under}: an earlier file has a field of that name`);
  }
  return lines.join('\n') + '\n' + encryptionLine(r.encryption);
}

function report(io: DocIo, file: string, out: string, r: PagesResult, asJson: boolean): number {
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
  writeOutput(out, r.data);
  if (asJson) io.out(json({ file, output: out, pageCount: r.pageCount, fieldCount: r.fieldCount, renamedFields: r.renamedFields, encryption: r.encryption, warnings: r.warnings }));
  else io.out(summary(out, r));
  return EXIT.ok;
}

const SPEC = { values: ['-o', '--pages', ...PASSWORD_VALUES, '--by', ...ENCRYPTION_VALUES], switches: [...PASSWORD_SWITCHES, '--json', ...ENCRYPTION_SWITCHES], aliases: { '--output': '-o' } };

export const pdfMergeCommand: DocCommand = {
  name: 'merge',
  summary: 'join PDFs into one, in the order given',
  usage: `cowork doc merge A.pdf B.pdf … -o OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, SPEC);
    const out = output(flags);
    if (flags.positional.length < 2) throw new UsageError('give at least two PDFs to merge');
    const password = inputPassword(flags);
    const inputs = flags.positional.map((f) => ({ data: readInput(f), name: f, password }));
    const r = await mergePdfs(inputs, { encryption: encryptionChoice(flags) });
    return report(io, flags.positional.join(' + '), out, r, flags.switches.has('--json'));
  },
};

export const pdfSplitCommand: DocCommand = {
  name: 'split',
  summary: 'one PDF per group of pages (each part of --pages), or per page',
  usage: `cowork doc split FILE.pdf [--pages 1-3,4-6,7-] -o DIR|OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, SPEC);
    const file = onlyFile(flags);
    const out = output(flags, 'DIR');
    const data = readInput(file);
    const parts = await withFileAsync(file, () => splitPdf(data, one(flags, '--pages'), { password: inputPassword(flags), encryption: encryptionChoice(flags) }));
    const single = parts.length === 1 && /\.pdf$/i.test(out);
    if (!single && /\.pdf$/i.test(out)) throw new UsageError(`the split makes ${parts.length} files: give -o a folder, not ${out}`);
    if (!single) fs.mkdirSync(out, { recursive: true });
    const base = path.basename(file).replace(/\.pdf$/i, '');
    for (const w of new Set(parts.flatMap((p) => p.warnings))) io.err(`warning: ${w}\n`);
    const written = parts.map((p) => {
      const range = p.pages.length === 1 ? `p${p.pages[0]}` : `p${p.pages[0]}-${p.pages[p.pages.length - 1]}`;
      const target = single ? out : path.join(out, `${base}-${range}.pdf`);
      writeOutput(target, p.data);
      return { pages: p.pages, output: target, fieldCount: p.fieldCount, encryption: p.encryption };
    });
    if (flags.switches.has('--json')) io.out(json({ file, written }));
    else io.out(written.map((w) => `${w.output}: page${w.pages.length === 1 ? '' : 's'} ${w.pages.join(', ')}${w.fieldCount ? `, ${plural(w.fieldCount, 'form field')}` : ''}`).join('\n') + '\n' + encryptionLine(parts[0]?.encryption));
    return EXIT.ok;
  },
};

type Flags = ReturnType<typeof parseFlags>;
type PageOp = (data: Uint8Array, opts: PdfWriteOptions) => Promise<PagesResult>;

/**
 * A command that reads one PDF, changes its pages and writes one PDF. `prepare` checks the
 * options (UsageError for a missing one) before the file is read, and returns the change.
 */
function onePdfCommand(name: string, summary: string, usage: string, prepare: (flags: Flags) => PageOp): DocCommand {
  return {
    name,
    summary,
    usage,
    async run(args, io) {
      const flags = parseFlags(args, SPEC);
      const file = onlyFile(flags);
      const out = output(flags);
      const op = prepare(flags);
      const data = readInput(file);
      const opts = { password: inputPassword(flags), encryption: encryptionChoice(flags) };
      return report(io, file, out, await withFileAsync(file, () => op(data, opts)), flags.switches.has('--json'));
    },
  };
}

/** The value of a required option, or a usage error saying how to give it. */
function required(flags: Flags, name: string, hint: string): string {
  const v = one(flags, name);
  if (!v) throw new UsageError(hint);
  return v;
}

export const pdfExtractCommand = onePdfCommand(
  'extract',
  'the selected pages of a PDF as a new PDF, in the order given',
  `cowork doc extract FILE.pdf --pages 2,5-7 -o OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  (flags) => {
    const pages = required(flags, '--pages', '--pages is required (e.g. --pages 2,5-7)');
    return (data, opts) => extractPages(data, pages, opts);
  },
);

export const pdfRotateCommand = onePdfCommand(
  'rotate',
  'turn pages clockwise by 90, 180 or 270 degrees',
  `cowork doc rotate FILE.pdf --by 90 [--pages 1,3] -o OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  (flags) => {
    const by = Number(one(flags, '--by') ?? NaN);
    if (!Number.isFinite(by)) throw new UsageError('--by DEGREES is required (90, 180, 270, or negative for counter-clockwise)');
    return (data, opts) => rotatePages(data, by, one(flags, '--pages'), opts);
  },
);

export const pdfReorderCommand = onePdfCommand(
  'reorder',
  'every page of a PDF in a new order',
  `cowork doc reorder FILE.pdf --pages 3,1,2,4- -o OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  (flags) => {
    const pages = required(flags, '--pages', '--pages with the new order is required (e.g. --pages 3,1,2)');
    return (data, opts) => reorderPages(data, pages, opts);
  },
);

export const pdfNewCommand: PdfOutputCommand = {
  name: 'new',
  pdfOutput: true,
  summary: 'a PDF report from a JSON spec (headings, paragraphs, lists, tables, images)',
  usage: 'cowork doc new SPEC.json -o OUT.pdf [--json]',
  async run(args, io) {
    const flags = parseFlags(args, SPEC);
    const file = onlyFile(flags);
    const out = output(flags);
    let spec: PdfSpec;
    try {
      spec = JSON.parse(readInput(file).toString('utf8')) as PdfSpec;
    } catch (err) {
      if (err instanceof DocumentError) throw err;
      throw new DocumentError('INVALID_ARGUMENT', `${file}: not valid JSON (${(err as Error).message})`);
    }
    const dir = path.dirname(path.resolve(file));
    const data = await withFileAsync(file, () => createPdf(spec, { readFile: (name) => readInput(path.resolve(dir, name)) }));
    writeOutput(out, data);
    if (flags.switches.has('--json')) io.out(json({ spec: file, output: out, bytes: data.length }));
    else io.out(`${out}: written (${data.length} bytes)\n`);
    return EXIT.ok;
  },
};
