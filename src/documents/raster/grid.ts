// Lays slide images out as one contact sheet: tiles in columns, each with its slide
// number in a band above it; a hidden slide is washed out, struck with diagonal stripes,
// framed and labelled HIDDEN, so neither a person nor the model mistakes it for a shown
// one. Pure: rasters in, raster out.

import { drawText, GLYPH_H } from './bitmapFont';
import { blit, fillRect, hatch, newRaster, strokeRect, wash, type Raster, type Rgb } from './raster';

export interface GridTile {
  /** 1-based slide number, printed on the tile. */
  number: number;
  hidden: boolean;
  image: Raster;
}

export interface GridLayout {
  cols: number;
  /** Pixels between tiles and around the sheet. */
  gap?: number;
  /** Label size: each font cell is `scale`×`scale` pixels. */
  scale?: number;
}

const BACKGROUND: Rgb = { r: 236, g: 236, b: 236 };
const INK: Rgb = { r: 32, g: 32, b: 32 };
const HIDDEN_INK: Rgb = { r: 178, g: 34, b: 34 };
const BORDER: Rgb = { r: 160, g: 160, b: 160 };

/** The sheet's size for `count` tiles of `tileW`×`tileH` pixels: what composeGrid will make. */
export function gridSize(count: number, tileW: number, tileH: number, layout: GridLayout): { width: number; height: number } {
  const cols = Math.max(1, Math.min(layout.cols, count));
  const rows = Math.ceil(count / cols);
  const gap = layout.gap ?? 16;
  const band = GLYPH_H * (layout.scale ?? 3) + 10;
  return { width: gap + cols * (tileW + 2 + gap), height: gap + rows * (band + tileH + 2 + gap) };
}

export function composeGrid(tiles: readonly GridTile[], layout: GridLayout): Raster {
  if (!tiles.length) throw new RangeError('no slides to lay out');
  const cols = Math.max(1, Math.min(layout.cols, tiles.length));
  const gap = layout.gap ?? 16;
  const scale = layout.scale ?? 3;
  const band = GLYPH_H * scale + 10;
  const cellW = Math.max(...tiles.map((t) => t.image.width)) + 2;
  const cellH = Math.max(...tiles.map((t) => t.image.height)) + 2;
  const size = gridSize(tiles.length, cellW - 2, cellH - 2, layout);
  const sheet = newRaster(size.width, size.height, BACKGROUND);
  tiles.forEach((t, i) => {
    const x = gap + (i % cols) * (cellW + gap);
    const y = gap + Math.floor(i / cols) * (band + cellH + gap);
    const label = t.hidden ? `${t.number} HIDDEN` : String(t.number);
    drawText(sheet, label, x, y + 2, scale, t.hidden ? HIDDEN_INK : INK);
    const top = y + band;
    fillRect(sheet, x, top, cellW, cellH, BORDER);
    const image = t.hidden ? marked(t.image) : t.image;
    blit(sheet, image, x + 1, top + 1);
    if (t.hidden) strokeRect(sheet, x, top, cellW, cellH, Math.max(2, scale), HIDDEN_INK);
  });
  return sheet;
}

function marked(src: Raster): Raster {
  const copy: Raster = { width: src.width, height: src.height, pixels: Uint8Array.from(src.pixels) };
  wash(copy, BACKGROUND, 0.55);
  hatch(copy, { r: 200, g: 120, b: 120 }, 24, 3);
  return copy;
}
