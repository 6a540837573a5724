// A 5×7 pixel font for the labels on the thumbnail grid: the digits and the letters of
// "HIDDEN". Built in, so the grid needs no font files or Python in the guest. Each glyph
// is seven rows of five cells, '#' set.

import { fillRect, type Raster, type Rgb } from './raster';

const GLYPHS: Record<string, readonly string[]> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
  H: ['#   #', '#   #', '#   #', '#####', '#   #', '#   #', '#   #'],
  I: [' ### ', '  #  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  D: ['#### ', '#   #', '#   #', '#   #', '#   #', '#   #', '#### '],
  E: ['#####', '#    ', '#    ', '#### ', '#    ', '#    ', '#####'],
  N: ['#   #', '##  #', '# # #', '#  ##', '#   #', '#   #', '#   #'],
  ' ': ['     ', '     ', '     ', '     ', '     ', '     ', '     '],
};

export const GLYPH_W = 5;
export const GLYPH_H = 7;

/** Width in pixels of `s` drawn at `scale` (one blank column between glyphs). */
export function textWidth(s: string, scale: number): number {
  return s.length ? (s.length * (GLYPH_W + 1) - 1) * scale : 0;
}

/** Draws `s` with its top-left corner at (x, y); every cell is a `scale`×`scale` square. */
export function drawText(img: Raster, s: string, x: number, y: number, scale: number, c: Rgb): void {
  for (const ch of s) {
    const g = GLYPHS[ch.toUpperCase()];
    if (!g) throw new RangeError(`the label font has no glyph for ${JSON.stringify(ch)}`);
    g.forEach((row, gy) => {
      for (let gx = 0; gx < GLYPH_W; gx++) if (row[gx] === '#') fillRect(img, x + gx * scale, y + gy * scale, scale, scale, c);
    });
    x += (GLYPH_W + 1) * scale;
  }
}
