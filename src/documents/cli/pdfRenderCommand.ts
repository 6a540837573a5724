// `cowork doc render FILE.pdf [--page N] -o PAGE.png [--width PX | --dpi N] [--grid]`: one
// page as a PNG for the agent to look at with read_file (a filled form, a scan, where text
// would go on a form without fields). Uses the renderer the slide thumbnails use.

import { DocumentError } from '../ooxml';
import { PDFTOPPM_MISSING } from '../raster';
import { renderPdfPage, type PdfPageImageOptions } from '../render';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFileAsync, writeOutput, type DocCommand } from './docCommand';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

export const pdfRenderCommand: DocCommand = {
  name: 'render',
  summary: 'draw one PDF page as a PNG (optionally with a ruler in points, for placing text)',
  usage: `cowork doc render FILE.pdf [--page N] -o PAGE.png [--width PX | --dpi N] [--grid] ${PASSWORD_USAGE} [--json]`,
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--page', '--width', '--dpi', ...PASSWORD_VALUES, '--timeout'], switches: [...PASSWORD_SWITCHES, '--json', '--grid'], aliases: { '--output': '-o' } });
    const file = onlyFile(flags);
    const out = one(flags, '-o');
    if (!out) throw new UsageError('-o PAGE.png is required');
    if (!/\.png$/i.test(out)) throw new UsageError('-o must name a .png file');
    const opts: PdfPageImageOptions = { page: whole(flags, '--page') ?? 1, grid: flags.switches.has('--grid'), password: inputPassword(flags) };
    const width = whole(flags, '--width');
    const dpi = whole(flags, '--dpi');
    if (width !== undefined && dpi !== undefined) throw new UsageError('give --width or --dpi, not both');
    if (width !== undefined && (width < 64 || width > 6000)) throw new UsageError('--width must be between 64 and 6000 pixels');
    if (dpi !== undefined && (dpi < 18 || dpi > 600)) throw new UsageError('--dpi must be between 18 and 600');
    if (width !== undefined) opts.width = width;
    if (dpi !== undefined) opts.dpi = dpi;
    const timeout = whole(flags, '--timeout');
    if (timeout !== undefined) opts.timeoutMs = timeout * 1000;
    const data = readInput(file);
    const img = await withFileAsync(file, async () => {
      try {
        return await renderPdfPage(data, opts);
      } catch (err) {
        if (err instanceof Error && err.message === PDFTOPPM_MISSING) throw new DocumentError('UNSUPPORTED', err.message);
        throw err;
      }
    });
    writeOutput(out, img.png);
    if (flags.switches.has('--json')) {
      io.out(json({ file, output: out, page: img.page, pageCount: img.pageCount, width: img.width, height: img.height, pageWidth: img.pageWidth, pageHeight: img.pageHeight, pixelsPerPoint: img.scale, grid: !!opts.grid }));
    } else {
      io.out(`wrote ${out} (${img.width}x${img.height}): page ${img.page} of ${img.pageCount}, ${img.pageWidth}x${img.pageHeight} pt, ${img.scale} pixels per point${opts.grid ? ', ruler in points from the top-left' : ''}\n`);
    }
    return EXIT.ok;
  },
};

function whole(flags: ReturnType<typeof parseFlags>, name: string): number | undefined {
  const v = one(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} needs a whole number of at least 1`);
  return n;
}
