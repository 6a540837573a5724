// A small PNG reader for tests (8-bit RGB/RGBA, non-interlaced, all five row filters), so
// a test can look at the pixels of an image the engine wrote without a second library.

import * as zlib from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel (alpha dropped). */
  rgb: Uint8Array;
}

export function decodePng(data: Buffer): DecodedPng {
  if (data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 3;
  const idat: Buffer[] = [];
  while (pos < data.length) {
    const len = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const body = data.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || (body[9] !== 2 && body[9] !== 6) || body[12] !== 0) throw new Error('only 8-bit RGB/RGBA non-interlaced PNGs are read');
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? cur[y * stride + i - channels]! : 0;
      const b = y > 0 ? cur[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? cur[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      if (pred === undefined) throw new Error(`bad PNG filter ${f}`);
      cur[y * stride + i] = (x + pred) & 0xff;
    }
  }
  if (channels === 3) return { width, height, rgb: cur };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < cur.length; i += 4, j += 3) rgb.set(cur.subarray(i, i + 3), j);
  return { width, height, rgb };
}

/** Pixels in the rectangle whose colour is within `tol` of `c`. */
export function countColour(img: DecodedPng, c: [number, number, number], rect = { x: 0, y: 0, w: img.width, h: img.height }, tol = 12): number {
  let n = 0;
  for (let y = rect.y; y < rect.y + rect.h; y++)
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      const i = (y * img.width + x) * 3;
      if (Math.abs(img.rgb[i]! - c[0]) <= tol && Math.abs(img.rgb[i + 1]! - c[1]) <= tol && Math.abs(img.rgb[i + 2]! - c[2]) <= tol) n++;
    }
  return n;
}
