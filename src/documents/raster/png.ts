// Writes an 8-bit RGB PNG (one IHDR, one IDAT, IEND) with node:zlib. Every row uses the
// "Up" filter, which keeps flat slide backgrounds small.

import * as zlib from 'node:zlib';
import { crc32 } from '../ooxml/crc32';
import type { Raster } from './raster';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function encodePng(img: Raster): Buffer {
  const stride = img.width * 3;
  const filtered = Buffer.alloc((stride + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    const out = y * (stride + 1);
    const row = y * stride;
    filtered[out] = 2; // Up
    for (let i = 0; i < stride; i++) {
      const above = y > 0 ? img.pixels[row - stride + i]! : 0;
      filtered[out + 1 + i] = (img.pixels[row + i]! - above) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(filtered, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, tail]);
}

/** Width and height from a PNG's IHDR, or undefined when `data` is not a PNG. */
export function pngSize(data: Uint8Array): { width: number; height: number } | undefined {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b.length < 24 || !b.subarray(0, 8).equals(SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
