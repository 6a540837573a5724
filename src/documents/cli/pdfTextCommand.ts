// `cowork doc text FILE.pdf [--layout] [--pages 1-3] [--json] [--password PW | --password-file FILE | --password-stdin]`
// and `cowork doc info FILE.pdf [--json]` (page count and metadata).

import type { PdfText } from '../pdf';
import { formatPdfText, pdfInfo, pdfText } from '../pdf/onDemand';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFileAsync, type DocCommand } from './docCommand';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

export const pdfTextCommand: DocCommand = {
  name: 'text',
  summary: 'the text page by page, in reading order or --layout',
  usage: `cowork doc text FILE.pdf [--layout] [--positions] [--pages 1-3,7] [--no-ocr | --ocr-lang eng+deu] ${PASSWORD_USAGE} [--json]\n  scanned pages (no text layer) are read by OCR with tesseract unless --no-ocr`,
  async run(args, io) {
    const flags = parseFlags(args, { values: ['--pages', ...PASSWORD_VALUES, '--ocr-lang'], switches: [...PASSWORD_SWITCHES, '--json', '--layout', '--positions', '--no-ocr'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const positions = flags.switches.has('--positions');
    const lang = one(flags, '--ocr-lang');
    if (lang !== undefined && flags.switches.has('--no-ocr')) throw new UsageError('give --no-ocr or --ocr-lang, not both');
    const ocr = flags.switches.has('--no-ocr') ? false : { lang };
    const t = await withFileAsync(file, () => pdfText(data, { pages: one(flags, '--pages'), layout: flags.switches.has('--layout'), positions, ocr, password: inputPassword(flags) }));
    for (const w of t.warnings) io.err(`cowork doc text: ${file}: warning: ${w}\n`);
    if (flags.switches.has('--json')) io.out(json({ file, pageCount: t.pageCount, layout: flags.switches.has('--layout'), metadata: t.metadata, pages: t.pages, warnings: t.warnings }));
    else if (positions) io.out(formatPositions(t));
    else io.out(formatPdfText(t));
    return EXIT.ok;
  },
};

export const pdfInfoCommand: DocCommand = {
  name: 'info',
  summary: 'a PDF\'s page count and metadata (title, author, dates, form, encryption)',
  usage: `cowork doc info FILE.pdf ${PASSWORD_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, { values: PASSWORD_VALUES, switches: [...PASSWORD_SWITCHES, '--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const info = await withFileAsync(file, () => pdfInfo(data, { password: inputPassword(flags) }));
    if (flags.switches.has('--json')) io.out(json({ file, ...info }));
    else io.out([`pages: ${info.pageCount}`, ...Object.entries(info.metadata).map(([k, v]) => `${k}: ${v}`)].join('\n') + '\n');
    return EXIT.ok;
  },
};

/** One line per piece of text: where it starts (x, baseline y from the top-left, in points), its width and size. */
function formatPositions(t: PdfText): string {
  const out: string[] = [];
  for (const p of t.pages) {
    out.push(`=== page ${p.number} of ${t.pageCount} (${p.width} x ${p.height} pt; x, y = baseline from the top-left) ===`);
    if (!p.lines?.length) out.push(p.images ? '[no text layer: this page is a scanned image]' : '[no text on this page]');
    for (const l of p.lines ?? []) out.push(`x ${l.x.toFixed(1)}  y ${l.y.toFixed(1)}  w ${l.width.toFixed(1)}  ${l.size}pt  ${l.text}`);
  }
  return out.join('\n') + '\n';
}
