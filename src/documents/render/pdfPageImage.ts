// One page of a PDF as a PNG, for the model to look at (read_file) or a person to check:
// poppler's pdftoppm rasterises it (pdfPages.ts, the runner the thumbnails use), the
// image is encoded here in Node, and optionally a ruler in points is drawn over it
// (pointGrid.ts). The page is checked with pdf.js first, so a missing page, an encrypted
// file or a decompression bomb fails with the engine's own errors before pdftoppm starts.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError } from '../ooxml/documentError';
import { pdfPageSizes } from '../pdf/pageSizes';
import { rasterisePages } from '../raster/pdfPages';
import { encodePng } from '../raster/png';
import { drawPointGrid } from '../raster/pointGrid';

export interface PdfPageImageOptions {
  /** 1-based page number. */
  page: number;
  /** Width of the image in pixels; or `dpi`. Default: 150 dpi. */
  width?: number;
  dpi?: number;
  password?: string;
  /** Draw a ruler in points from the top-left corner (the coordinates `place` takes). */
  grid?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  pdftoppm?: string;
  /** Root for the temporary files; default $TMPDIR (the session's scratch in the guest). */
  scratch?: string;
}

export interface PdfPageImage {
  png: Buffer;
  /** Pixels. */
  width: number;
  height: number;
  page: number;
  pageCount: number;
  /** The page as shown, in points. */
  pageWidth: number;
  pageHeight: number;
  /** Pixels per point: divide pixel positions by it to get points. */
  scale: number;
}

/** The most pixels an image may have (a 4000-pixel-wide A0 page would be 30 Mpixel). */
const MAX_PIXELS = 40_000_000;

export async function renderPdfPage(data: Uint8Array, opts: PdfPageImageOptions): Promise<PdfPageImage> {
  const { pageCount, pages } = await pdfPageSizes(data, [opts.page], { password: opts.password });
  const size = pages[0]!;
  const scaleWanted = opts.width !== undefined ? opts.width / size.width : (opts.dpi ?? 150) / 72;
  if (size.width * size.height * scaleWanted * scaleWanted > MAX_PIXELS) {
    throw new DocumentError('LIMIT_EXCEEDED', `page ${opts.page} (${Math.round(size.width)}×${Math.round(size.height)} pt) would be over ${MAX_PIXELS / 1e6} Mpixel at that size; ask for a smaller --width or --dpi`);
  }
  const work = mkdtempSync(join(opts.scratch ?? process.env.TMPDIR ?? tmpdir(), 'page-'));
  try {
    const pdf = join(work, 'in.pdf');
    writeFileSync(pdf, data);
    const out = await rasterisePages({
      pdf,
      outDir: work,
      width: opts.width,
      dpi: opts.width === undefined ? (opts.dpi ?? 150) : undefined,
      first: opts.page,
      last: opts.page,
      password: opts.password,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      pdftoppm: opts.pdftoppm,
    });
    if (out.length !== 1) throw new DocumentError('CORRUPT', `pdftoppm drew no image of page ${opts.page}`);
    const image = out[0]!.image;
    const scale = image.width / size.width;
    if (opts.grid) drawPointGrid(image, scale);
    return { png: encodePng(image), width: image.width, height: image.height, page: opts.page, pageCount, pageWidth: round(size.width), pageHeight: round(size.height), scale: Math.round(scale * 10000) / 10000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
