// A ruler drawn over a rendered page: a faint line every 50 points and a stronger one every
// 100, labelled in points from the page's top-left corner, the coordinates `cowork doc place`
// takes. With it the model can read off where a value belongs on a form without fields
// from the picture alone. Pure: a raster in, the same raster drawn on.

import { drawText, GLYPH_H, textWidth } from './bitmapFont';
import { fillRect, type Raster, type Rgb } from './raster';

const MINOR: Rgb = { r: 120, g: 170, b: 230 };
const MAJOR: Rgb = { r: 40, g: 110, b: 220 };
const LABEL_INK: Rgb = { r: 20, g: 70, b: 170 };
const LABEL_BACK: Rgb = { r: 255, g: 255, b: 255 };

/** Draws the grid; `pxPerPoint` is the image's width over the page's width in points. */
export function drawPointGrid(img: Raster, pxPerPoint: number, step = 50): void {
  if (!(pxPerPoint > 0)) throw new RangeError('pxPerPoint must be positive');
  const scale = Math.max(1, Math.round(pxPerPoint));
  for (let pt = step; pt * pxPerPoint < img.width; pt += step) {
    const x = Math.round(pt * pxPerPoint);
    blendRect(img, x, 0, 1, img.height, pt % (2 * step) === 0 ? MAJOR : MINOR, pt % (2 * step) === 0 ? 0.55 : 0.3);
  }
  for (let pt = step; pt * pxPerPoint < img.height; pt += step) {
    const y = Math.round(pt * pxPerPoint);
    blendRect(img, 0, y, img.width, 1, pt % (2 * step) === 0 ? MAJOR : MINOR, pt % (2 * step) === 0 ? 0.55 : 0.3);
  }
  // Labels on the major lines, along the top and the left edge, on a white patch.
  for (let pt = 2 * step; pt * pxPerPoint < img.width; pt += 2 * step) label(img, String(pt), Math.round(pt * pxPerPoint) + 2, 2, scale);
  for (let pt = 2 * step; pt * pxPerPoint < img.height; pt += 2 * step) label(img, String(pt), 2, Math.round(pt * pxPerPoint) + 2, scale);
}

function label(img: Raster, s: string, x: number, y: number, scale: number): void {
  fillRect(img, x - 1, y - 1, textWidth(s, scale) + 2, GLYPH_H * scale + 2, LABEL_BACK);
  drawText(img, s, x, y, scale, LABEL_INK);
}

function blendRect(img: Raster, x: number, y: number, w: number, h: number, c: Rgb, amount: number): void {
  const keep = 1 - amount;
  const x1 = Math.min(img.width, x + w);
  const y1 = Math.min(img.height, y + h);
  for (let yy = Math.max(0, y); yy < y1; yy++) {
    for (let xx = Math.max(0, x); xx < x1; xx++) {
      const i = (yy * img.width + xx) * 3;
      img.pixels[i] = Math.round(img.pixels[i]! * keep + c.r * amount);
      img.pixels[i + 1] = Math.round(img.pixels[i + 1]! * keep + c.g * amount);
      img.pixels[i + 2] = Math.round(img.pixels[i + 2]! * keep + c.b * amount);
    }
  }
}
