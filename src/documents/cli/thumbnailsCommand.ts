// `cowork doc thumbnails FILE.pptx -o GRID.png [--slide N | --each] [--cols N] [--width PX] [--json]`:
// renders the deck with LibreOffice and poppler (the guest's inside the sandbox) into a
// contact sheet with slide numbers, hidden slides marked, or one slide at a higher
// resolution, for the agent to look at with read_file. Each sheet fits the model's image
// budget (so read_file passes it on without shrinking it); a deck that needs more room
// makes more sheets: GRID.png, GRID-2.png, ... With --each, every slide is its own image:
// OUT-1.png, OUT-2.png, ...

import * as fs from 'node:fs';
import * as path from 'node:path';
import { LibreOfficeError } from '../office/libreOffice';
import { PDFTOPPM_MISSING } from '../raster';
import { renderThumbnails, type DeckRenderer, type ThumbnailOptions } from '../render';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFileAsync, writeOutput, type DocCommand } from './docCommand';
import { MODEL_IMAGE_BUDGET } from '../../shared/imageBudget';

const BUDGET = `${MODEL_IMAGE_BUDGET.maxLongSide} px long side, ${MODEL_IMAGE_BUDGET.maxPixels / 1e6} MP`;

export const thumbnailsCommand: DocCommand = {
  name: 'thumbnails',
  summary: 'render a deck to one grid image with slide numbers (hidden slides marked), or one slide larger',
  usage: 'cowork doc thumbnails FILE.pptx -o GRID.png [--slide N | --each] [--cols N] [--width PX] [--timeout SECONDS] [--json]',
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--slide', '--cols', '--width', '--timeout'], switches: ['--json', '--each'], aliases: { '--output': '-o' } });
    const file = onlyFile(flags);
    const out = one(flags, '-o');
    if (!out) throw new UsageError('-o GRID.png is required');
    if (!/\.png$/i.test(out)) throw new UsageError('-o must name a .png file');
    const opts: ThumbnailOptions = {};
    const slide = count(flags, '--slide');
    const cols = count(flags, '--cols');
    const width = count(flags, '--width');
    const timeout = count(flags, '--timeout');
    if (slide !== undefined) opts.slide = slide;
    const each = flags.switches.has('--each');
    if (each && slide !== undefined) throw new UsageError('give --slide N or --each, not both');
    if (each) opts.each = true;
    if (cols !== undefined) opts.cols = cols;
    if (width !== undefined) {
      if (width < 64 || width > 4000) throw new UsageError('--width must be between 64 and 4000 pixels');
      if (slide !== undefined || each) opts.slideWidth = width;
      else opts.tileWidth = width;
    }
    if (timeout !== undefined) opts.timeoutMs = timeout * 1000;
    readInput(file); // a missing file or a folder is reported before anything starts
    let result: Awaited<ReturnType<DeckRenderer>>;
    try {
      const render = io.deckRenderer ?? renderThumbnails;
      result = await withFileAsync(file, () => render(file, opts));
    } catch (err) {
      if (err instanceof LibreOfficeError || (err instanceof Error && err.message === PDFTOPPM_MISSING)) {
        io.err(`cowork doc thumbnails: ${file}: ${err.message}\n`);
        if (flags.switches.has('--json')) io.out(json({ error: { code: err instanceof LibreOfficeError ? err.code : 'ENOTFOUND', message: err.message } }));
        return EXIT.failed;
      }
      throw err;
    }
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const written = result.sheets.map((s, i) => {
      const name = each ? sheetName(out, s.slides[0]!) : i === 0 ? out : sheetName(out, i + 1);
      writeOutput(name, s.png);
      return { file: name, width: s.width, height: s.height, slides: s.slides, withinBudget: s.withinBudget };
    });
    const hidden = result.slides.filter((s) => s.hidden).map((s) => s.number);
    if (flags.switches.has('--json')) {
      io.out(json({ file, slideCount: result.slides.length, hidden, images: written, ms: result.ms, ...(result.where ? { ranIn: result.where } : {}) }));
    } else {
      const lines = written.map((w) => `wrote ${homeRelative(w.file)} (${w.width}x${w.height}): ${w.slides.length === 1 ? `slide ${w.slides[0]}` : `slides ${w.slides[0]}-${w.slides[w.slides.length - 1]}`}${w.withinBudget ? '' : ` - larger than the model's image budget (${BUDGET}): read_file shrinks it`}`);
      if (!each && written.length > 1) lines.push(`${written.length} grid images, each within the model's image budget (${BUDGET}): look at every one with read_file`);
      else if (written.some((w) => !w.withinBudget)) lines.push(slide !== undefined || each ? 'a smaller --width keeps the detail read_file would shrink away' : 'fewer --cols or a smaller --width (or neither: the default layout fits) keeps the detail');
      lines.push(`${file}: ${result.slides.length} slide${result.slides.length === 1 ? '' : 's'}${hidden.length ? `, hidden: ${hidden.join(', ')}` : ''}${result.where ? ` (rendered in ${result.where})` : ''}`);
      io.out(lines.join('\n') + '\n');
    }
    return EXIT.ok;
  },
};

function count(flags: ReturnType<typeof parseFlags>, name: string): number | undefined {
  const v = one(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} needs a whole number of at least 1`);
  return n;
}

/**
 * A path under $HOME as ~/…: in the sandbox $HOME is the task's scratch folder, and
 * `read_file ~/grid.png` is how the agent opens what it rendered there.
 */
export function homeRelative(file: string): string {
  const home = (process.env.HOME ?? '').replace(/\/+$/, '');
  const abs = path.resolve(file);
  return home && abs.startsWith(home + '/') ? `~/${abs.slice(home.length + 1)}` : file;
}

/** GRID.png → GRID-2.png */
export function sheetName(out: string, n: number): string {
  const ext = path.extname(out);
  return `${out.slice(0, out.length - ext.length)}-${n}${ext}`;
}
