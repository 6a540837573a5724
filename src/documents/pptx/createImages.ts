// The pictures a new deck shows (image slides, the theme's logo), read and checked before
// the deck is built. An SVG picture goes in twice, as PowerPoint wants it: a PNG drawn
// from it (raster/svgRaster.ts) is the picture's `a:blip`, and the SVG itself rides in the
// blip's `asvg:svgBlip` extension, so PowerPoint 2016+ and LibreOffice draw the SVG and a
// viewer that knows only rasters still shows the picture.

import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { imageInfo } from '../docx/createImage';
import { svgToPng } from '../raster/svgRaster';
import type { DeckSpec } from './createSpec';

export interface DeckImage {
  bytes: Buffer;
  ext: string;
  contentType: string;
  /** Pixels (for an SVG, of the PNG drawn from it), for the picture's proportions. */
  width: number;
  height: number;
  /** For an SVG: the PNG that stands in for it. */
  fallback?: Buffer;
}

/** The extension element that names an SVG beside a blip's raster (Office 2016's schema). */
export const SVG_BLIP_EXT = '{96DAC541-7B7A-43D3-8B79-37D633B846F1}';
export const SVG_BLIP_NS = 'http://schemas.microsoft.com/office/drawing/2016/SVG/main';

function isSvg(bytes: Buffer): boolean {
  return /<svg[\s>]/.test(bytes.subarray(0, 4096).toString('utf8'));
}

async function readImage(bytes: Buffer, where: string): Promise<DeckImage> {
  const info = imageInfo(bytes);
  if (info) return { bytes, ext: info.extension, contentType: info.contentType, width: info.widthPx, height: info.heightPx };
  if (!isSvg(bytes)) throw new DocumentError('INVALID_ARGUMENT', `${where} is not a PNG, JPEG, GIF or SVG image`);
  const png = await svgToPng(bytes, where);
  return { bytes, ext: 'svg', contentType: 'image/svg+xml', width: png.width, height: png.height, fallback: png.png };
}

/**
 * Every picture the spec names, by resolved path, each read once. `load` reads a file
 * (its errors name `where`); `baseDir` resolves relative names.
 */
export async function loadDeckImages(spec: DeckSpec, baseDir: string, load: (file: string, where: string) => Buffer): Promise<Map<string, DeckImage>> {
  const wanted: [string, string][] = [];
  if (spec.theme?.logo) wanted.push([spec.theme.logo, 'theme.logo']);
  spec.slides.forEach((s, i) => {
    if (s.type === 'image') wanted.push([s.image, `slides[${i}].image`]);
  });
  const out = new Map<string, DeckImage>();
  for (const [file, where] of wanted) {
    const key = path.resolve(baseDir, file);
    if (out.has(key)) continue;
    out.set(key, await readImage(load(file, where), `${where}: ${file}`));
  }
  return out;
}
