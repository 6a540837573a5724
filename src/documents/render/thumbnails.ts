// Thumbnails of a deck: LibreOffice Impress exports it to PDF (hidden slides included, so
// page N is slide N), pdftoppm rasterises the pages at tile size, and the tiles become one
// or more contact sheets (grid.ts) encoded as PNG here in Node. Or one slide at a higher
// resolution. Inside the sandbox this runs the guest's LibreOffice and poppler; on the host
// the host's. Node only, no other layer.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError } from '../ooxml';
import { runLibreOffice } from '../office/libreOffice';
import { fitsModelImageBudget } from '../../shared/imageBudget';
import { deckOutline, type DeckSlide } from './deckSlides';
import { composeGrid } from '../raster/grid';
import { rasterisePages } from '../raster/pdfPages';
import { encodePng } from '../raster/png';
import { planSheets, singleSlideWidth } from './sheetPlan';

export interface ThumbnailOptions {
  /** Render only this slide (1-based), at `slideWidth`. */
  slide?: number;
  /** Render every slide as its own image at `slideWidth` (default 960) instead of a grid. */
  each?: boolean;
  /** Columns of the grid; default the count that gives the widest tiles. */
  cols?: number;
  /** Tile width in pixels; default the widest (up to 480) with which a sheet fits the model's image budget. */
  tileWidth?: number;
  /** Width of a single slide's image; default the widest that fits the model's image budget (1430 px for 16:9). */
  slideWidth?: number;
  /** At most this many tiles per sheet; more slides make more sheets. Default 30, fewer when a sheet would not fit the model's image budget (sheetPlan.ts). */
  perSheet?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The LibreOffice program; default $COWORK_SOFFICE or `soffice` on PATH. */
  soffice?: string;
  pdftoppm?: string;
  /** Root for the temporary files; default $TMPDIR (the session's scratch in the guest). */
  scratch?: string;
}

export interface ThumbnailSheet {
  png: Buffer;
  width: number;
  height: number;
  /** The slide numbers on this sheet. */
  slides: number[];
  /** Within the model's image budget, so read_file passes it on as it is (src/shared/imageBudget.ts). */
  withinBudget: boolean;
}

export interface ThumbnailResult {
  slides: DeckSlide[];
  sheets: ThumbnailSheet[];
  ms: { export: number; raster: number; compose: number };
}

/** Renders a deck's thumbnails somewhere else (the host CLI: in the sandbox); `where` says where. */
export type DeckRenderer = (file: string, opts: ThumbnailOptions) => Promise<ThumbnailResult & { where?: string }>;

/** Renders `file` (a .pptx on disk). Bad decks fail with a DocumentError before LibreOffice starts. */
export async function renderThumbnails(file: string, opts: ThumbnailOptions = {}): Promise<ThumbnailResult> {
  const { slides, aspect } = deckOutline(readFileSync(file));
  if (!slides.length) throw new DocumentError('INVALID_ARGUMENT', 'the deck has no slides; there is nothing to render');
  if (opts.slide !== undefined && !(Number.isInteger(opts.slide) && opts.slide >= 1 && opts.slide <= slides.length)) {
    throw new DocumentError('INVALID_ARGUMENT', `there is no slide ${opts.slide}: the deck has ${slides.length} slide${slides.length === 1 ? '' : 's'}`);
  }
  const work = mkdtempSync(join(opts.scratch ?? process.env.TMPDIR ?? tmpdir(), 'thumbnails-'));
  try {
    const t0 = Date.now();
    const pdf = await runLibreOffice({
      input: file,
      // Hidden slides are left out of a PDF by default; with them in, page N is slide N.
      convertTo: 'pdf:impress_pdf_Export:{"ExportHiddenSlides":{"type":"boolean","value":"true"}}',
      outDir: join(work, 'pdf'),
      scratch: work,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      soffice: opts.soffice ?? process.env.COWORK_SOFFICE,
    });
    const t1 = Date.now();
    const pagesDir = mkdtempSync(join(work, 'pages-'));
    const raster = { pdf: pdf.output, outDir: pagesDir, timeoutMs: opts.timeoutMs, signal: opts.signal, pdftoppm: opts.pdftoppm };
    if (opts.slide !== undefined) {
      const pages = await rasterisePages({ ...raster, width: opts.slideWidth ?? singleSlideWidth(aspect), first: opts.slide, last: opts.slide });
      if (pages.length !== 1) throw new DocumentError('CORRUPT', `LibreOffice's PDF of the deck has no page ${opts.slide}`);
      const t2 = Date.now();
      const png = encodePng(pages[0]!.image);
      return { slides, sheets: [sheetOf(png, pages[0]!.image, [opts.slide])], ms: { export: t1 - t0, raster: t2 - t1, compose: Date.now() - t2 } };
    }
    if (opts.each) {
      const pages = await rasterisePages({ ...raster, width: opts.slideWidth ?? 960 });
      checkPages(pages.length, slides.length);
      const t2 = Date.now();
      const sheets = pages.map((p) => sheetOf(encodePng(p.image), p.image, [p.page]));
      return { slides, sheets, ms: { export: t1 - t0, raster: t2 - t1, compose: Date.now() - t2 } };
    }
    const { perSheet, cols, tileWidth } = planSheets(slides.length, aspect, { cols: opts.cols, tileWidth: opts.tileWidth, perSheet: opts.perSheet });
    const pages = await rasterisePages({ ...raster, width: tileWidth });
    checkPages(pages.length, slides.length);
    const t2 = Date.now();
    const sheets: ThumbnailSheet[] = [];
    for (let from = 0; from < slides.length; from += perSheet) {
      const part = slides.slice(from, from + perSheet);
      const img = composeGrid(part.map((s, i) => ({ number: s.number, hidden: s.hidden, image: pages[from + i]!.image })), { cols });
      sheets.push(sheetOf(encodePng(img), img, part.map((s) => s.number)));
    }
    return { slides, sheets, ms: { export: t1 - t0, raster: t2 - t1, compose: Date.now() - t2 } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sheetOf(png: Buffer, image: { width: number; height: number }, slides: number[]): ThumbnailSheet {
  return { png, width: image.width, height: image.height, slides, withinBudget: fitsModelImageBudget(image.width, image.height) };
}

function checkPages(pages: number, slides: number): void {
  if (pages !== slides) throw new DocumentError('CORRUPT', `LibreOffice exported ${pages} page${pages === 1 ? '' : 's'} for the deck's ${slides} slides`);
}
