// Rasterises PDF pages with poppler's pdftoppm into PPM files (its default format), one
// per page, scaled to a width or at a resolution. Its own process group, killed on timeout or
// abort (runTool.ts), like the LibreOffice runner. Node only; runs wherever the engine runs (host, CLI, guest).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentError } from '../ooxml';
import { decodePpm } from './ppm';
import type { Raster } from './raster';
import { runTool, toolMemoryMiB } from './runTool';

export interface PageRaster {
  /** 1-based page number. */
  page: number;
  image: Raster;
  /** The PPM file it was read from (in `outDir`). */
  file: string;
}

export interface RasterCall {
  pdf: string;
  /** An empty folder for the page files. */
  outDir: string;
  /** Scale each page to this width in pixels, or give `dpi` instead. */
  width?: number;
  /** Resolution in pixels per inch (used when `width` is not given). */
  dpi?: number;
  /** The user or owner password of an encrypted PDF (pdftoppm's -upw). */
  password?: string;
  first?: number;
  last?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The program; default `pdftoppm` on PATH. */
  pdftoppm?: string;
}

export const PDFTOPPM_MISSING = 'pdftoppm is not installed (Debian: apt-get install poppler-utils)';

export async function rasterisePages(call: RasterCall): Promise<PageRaster[]> {
  const args = call.width !== undefined ? ['-scale-to-x', String(call.width), '-scale-to-y', '-1'] : ['-r', String(call.dpi ?? 150)];
  if (call.password !== undefined) args.push('-upw', call.password);
  if (call.first) args.push('-f', String(call.first));
  if (call.last) args.push('-l', String(call.last));
  args.push(call.pdf, join(call.outDir, 'page'));
  try {
    await runTool({ program: call.pdftoppm ?? 'pdftoppm', args, name: 'pdftoppm', missing: PDFTOPPM_MISSING, timeoutMs: call.timeoutMs, signal: call.signal, maxMemoryMiB: toolMemoryMiB() });
  } catch (err) {
    if (err instanceof DocumentError && err.code === 'CORRUPT') throw new DocumentError('CORRUPT', err.message.replace(/^pdftoppm failed/, 'pdftoppm could not render the PDF'));
    throw err;
  }
  // page-1.ppm … page-12.ppm, zero-padded to the page count's width.
  return readdirSync(call.outDir)
    .map((name) => ({ name, m: /^page-(\d+)\.ppm$/.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    .map((f) => ({ page: Number(f.m[1]), file: join(call.outDir, f.name), image: decodePpm(readFileSync(join(call.outDir, f.name))) }))
    .sort((a, b) => a.page - b.page);
}
