// Reads the binary PPM (P6, maxval 255) pdftoppm writes by default: a header of ASCII
// numbers, then raw RGB. Cheaper than PNG to read back (no inflate, no filters), which is
// why the renderer asks pdftoppm for PPM and encodes the one grid PNG itself.

import { DocumentError } from '../ooxml';
import type { Raster } from './raster';

export function decodePpm(data: Uint8Array): Raster {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < data.length && isSpace(data[pos]!)) pos++;
      if (data[pos] !== 0x23) break; // '#' comment to the end of the line
      while (pos < data.length && data[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (pos < data.length && !isSpace(data[pos]!)) pos++;
    return Buffer.from(data.subarray(start, pos)).toString('latin1');
  };
  const magic = token();
  if (magic !== 'P6') throw new DocumentError('CORRUPT', `not a binary PPM image (starts with ${JSON.stringify(magic.slice(0, 4))})`);
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) throw new DocumentError('CORRUPT', `PPM image with bad size ${width}x${height}`);
  if (maxval !== 255) throw new DocumentError('UNSUPPORTED', `PPM image with maxval ${maxval} (only 255 is read)`);
  pos++; // the single whitespace byte before the raster
  const size = width * height * 3;
  if (data.length - pos < size) throw new DocumentError('TRUNCATED', `PPM image ${width}x${height} ends after ${data.length - pos} of ${size} bytes`);
  return { width, height, pixels: data.subarray(pos, pos + size) };
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
