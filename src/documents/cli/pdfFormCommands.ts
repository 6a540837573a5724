// `cowork doc fields FILE.pdf [--json]`, `cowork doc fill FILE.pdf DATA.json -o OUT [--flatten]`
// and `cowork doc fill FILE.pdf --csv ROWS.csv -o DIR [--name COLUMN] [--flatten]`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import type { FillData, PdfField } from '../pdf';
import { batchFill, csvFillRows, fillPdf, pdfFields } from '../pdf/onDemand';
import { EXIT, json, one, parseFlags, readInput, UsageError, withFileAsync, writeOutput, type DocCommand } from './docCommand';
import { ENCRYPTION_SWITCHES, ENCRYPTION_USAGE, ENCRYPTION_VALUES, encryptionChoice, encryptionLine } from './pdfEncryptionFlags';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

function fieldLine(f: PdfField): string {
  const where = f.page ? `p${f.page} [${f.rect!.join(', ')}]` : 'not on a page';
  const value = f.value === null || f.value === '' || (Array.isArray(f.value) && !f.value.length) ? '' : ` = ${JSON.stringify(f.value)}`;
  const flags = [f.required && 'required', f.readOnly && 'read-only', f.maxLength !== undefined && `max ${f.maxLength}`, f.multiline && 'multiline', f.multiSelect && 'multi-select', f.editable && 'editable'].filter(Boolean);
  const options = f.options ? ` options: ${f.options.map((o) => JSON.stringify(o)).join(', ')}` : '';
  return `${JSON.stringify(f.name)}  ${f.type}  ${where}${value}${flags.length ? `  (${flags.join(', ')})` : ''}${options}`;
}

export const pdfFieldsCommand: DocCommand = {
  name: 'fields',
  summary: 'the form fields of a PDF: name, type, page, rectangle, options, value, flags',
  usage: `cowork doc fields FILE.pdf ${PASSWORD_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, { values: PASSWORD_VALUES, switches: [...PASSWORD_SWITCHES, '--json'] });
    const [file, ...extra] = flags.positional;
    if (!file || extra.length) throw new UsageError('give exactly one FILE.pdf');
    const data = readInput(file);
    const fields = await withFileAsync(file, () => pdfFields(data, { password: inputPassword(flags) }));
    if (flags.switches.has('--json')) io.out(json({ file, fields }));
    else io.out(fields.length ? fields.map(fieldLine).join('\n') + '\n' : `${file}: no form fields (text can still be placed at coordinates)\n`);
    return EXIT.ok;
  },
};

function readJson(file: string): FillData {
  const text = readInput(file).toString('utf8');
  try {
    return JSON.parse(text) as FillData;
  } catch (err) {
    throw new DocumentError('INVALID_ARGUMENT', `${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** A file name from a cell: letters, digits, dot, dash and underscore kept, the rest made `_`. */
function safeName(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\w.-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
}

export const pdfFillCommand: DocCommand = {
  name: 'fill',
  summary: 'fill a PDF form from JSON (or one form per CSV row), values checked, optionally flattened',
  usage: `cowork doc fill FILE.pdf DATA.json -o OUT.pdf [--flatten] ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]\ncowork doc fill FILE.pdf --csv ROWS.csv -o DIR [--name COLUMN] [--flatten] ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--csv', '--name', ...PASSWORD_VALUES, ...ENCRYPTION_VALUES], switches: [...PASSWORD_SWITCHES, '--json', '--flatten', ...ENCRYPTION_SWITCHES], aliases: { '--output': '-o' } });
    const encryption = encryptionChoice(flags);
    const out = one(flags, '-o');
    const csv = one(flags, '--csv');
    const [file, dataFile, ...extra] = flags.positional;
    if (!file || extra.length || (csv ? dataFile : !dataFile)) throw new UsageError(csv ? 'give FILE.pdf and --csv ROWS.csv' : 'give FILE.pdf and DATA.json');
    if (!out) throw new UsageError(csv ? '-o DIR is required (one PDF per row is written there)' : '-o OUT.pdf is required');
    const form = readInput(file);
    const password = inputPassword(flags);
    const flatten = flags.switches.has('--flatten');
    if (!csv) {
      const values = readJson(dataFile);
      const r = await withFileAsync(file, () => fillPdf(form, values, { flatten, password, encryption }));
      writeOutput(out, r.data);
      if (flags.switches.has('--json')) io.out(json({ file, output: out, flattened: r.flattened, filled: r.filled, encryption: r.encryption }));
      else io.out(`${out}: ${r.filled.length} field${r.filled.length === 1 ? '' : 's'} filled${flatten ? ', flattened' : ''}\n${encryptionLine(r.encryption)}`);
      return EXIT.ok;
    }
    const { header, rows } = await withFileAsync(csv, () => csvFillRows(readInput(csv)));
    const nameColumn = one(flags, '--name');
    if (nameColumn && !header.includes(nameColumn)) throw new UsageError(`--name ${nameColumn}: the CSV has no such column (columns: ${header.join(', ')})`);
    if (!rows.length) throw new DocumentError('INVALID_ARGUMENT', `${csv}: no data rows`);
    const base = path.basename(file).replace(/\.pdf$/i, '');
    // The name column may name no field of the form (a file name only): it is not filled then.
    const fieldNames = new Set((await withFileAsync(file, () => pdfFields(form, { password }))).map((f) => f.name));
    const fillRows = rows.map((r) => ({ row: r.row, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => k !== nameColumn || fieldNames.has(k))) }));
    const filled = await withFileAsync(file, () => batchFill(form, fillRows, { flatten, password, encryption }));
    fs.mkdirSync(out, { recursive: true });
    const used = new Set<string>();
    const written: { row: number; output: string }[] = [];
    for (const r of filled) {
      const label = nameColumn ? safeName(String(rows.find((x) => x.row === r.row)!.values[nameColumn] ?? '')) : '';
      let name = `${base}-${label || String(r.row).padStart(3, '0')}`;
      for (let k = 2; used.has(name); k++) name = `${base}-${label || r.row}-${k}`;
      used.add(name);
      const target = path.join(out, `${name}.pdf`);
      writeOutput(target, r.data);
      written.push({ row: r.row, output: target });
    }
    if (flags.switches.has('--json')) io.out(json({ file, csv, outputDir: out, flattened: flatten, written, encryption: filled[0]?.encryption }));
    else io.out(written.map((w) => `row ${w.row}: ${w.output}`).join('\n') + '\n' + encryptionLine(filled[0]?.encryption));
    return EXIT.ok;
  },
};
