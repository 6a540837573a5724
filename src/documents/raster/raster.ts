// An 8-bit RGB image in memory and the few drawing operations the thumbnail grid needs
// (fill, copy, dim). Pure: no files, no processes.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface Raster {
  width: number;
  height: number;
  /** width × height × 3 bytes, row by row, no padding. */
  pixels: Uint8Array;
}

export function newRaster(width: number, height: number, fill: Rgb): Raster {
  if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) throw new RangeError(`bad raster size ${width}x${height}`);
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = fill.r;
    pixels[i + 1] = fill.g;
    pixels[i + 2] = fill.b;
  }
  return { width, height, pixels };
}

/** Fills the rectangle (clipped to the raster). */
export function fillRect(img: Raster, x: number, y: number, w: number, h: number, c: Rgb): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(img.width, x + w);
  const y1 = Math.min(img.height, y + h);
  for (let yy = y0; yy < y1; yy++) {
    let i = (yy * img.width + x0) * 3;
    for (let xx = x0; xx < x1; xx++, i += 3) {
      img.pixels[i] = c.r;
      img.pixels[i + 1] = c.g;
      img.pixels[i + 2] = c.b;
    }
  }
}

/** Copies `src` onto `dst` with its top-left corner at (x, y), clipped. */
export function blit(dst: Raster, src: Raster, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    const dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    const sx0 = Math.max(0, -x);
    const sx1 = Math.min(src.width, dst.width - x);
    if (sx1 <= sx0) continue;
    const from = (sy * src.width + sx0) * 3;
    dst.pixels.set(src.pixels.subarray(from, from + (sx1 - sx0) * 3), (dy * dst.width + x + sx0) * 3);
  }
}

/** Blends every pixel towards `c` by `amount` (0 keeps the image, 1 replaces it). */
export function wash(img: Raster, c: Rgb, amount: number): void {
  const keep = 1 - amount;
  const p = img.pixels;
  for (let i = 0; i < p.length; i += 3) {
    p[i] = Math.round(p[i]! * keep + c.r * amount);
    p[i + 1] = Math.round(p[i + 1]! * keep + c.g * amount);
    p[i + 2] = Math.round(p[i + 2]! * keep + c.b * amount);
  }
}

/** Diagonal stripes over the image (every `period` pixels, `width` wide), so a hidden slide reads as struck out. */
export function hatch(img: Raster, c: Rgb, period: number, width: number): void {
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if ((x + y) % period >= width) continue;
      const i = (y * img.width + x) * 3;
      img.pixels[i] = c.r;
      img.pixels[i + 1] = c.g;
      img.pixels[i + 2] = c.b;
    }
  }
}

/** A frame `t` pixels thick just inside the rectangle. */
export function strokeRect(img: Raster, x: number, y: number, w: number, h: number, t: number, c: Rgb): void {
  fillRect(img, x, y, w, t, c);
  fillRect(img, x, y + h - t, w, t, c);
  fillRect(img, x, y, t, h, c);
  fillRect(img, x + w - t, y, t, h, c);
}
