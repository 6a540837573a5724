// The CPU-heavy part of image handling, synchronous and self-contained so it can
// run in a worker thread (imageWorker.ts) as well as inline: decode PNG/JPEG in
// pure JS (pngjs, jpeg-js), downscale, re-encode under the API's size limit.

import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { downscaleRGBA } from './resize';

/** The API rejects an image whose base64 is longer than this (5 MB). */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
/** Decoding more pixels than this would need gigabytes of memory. */
export const MAX_DECODE_PIXELS = 100_000_000;

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface TranscodeRequest {
  kind: 'png' | 'jpeg';
  bytes: Uint8Array;
  /** Size to scale down to; absent to only check that the image decodes. */
  target?: { width: number; height: number };
}

export interface TranscodeResult {
  width: number;
  height: number;
  /** The re-encoded image, when a target was given. */
  bytes?: Uint8Array;
  mediaType?: 'image/png' | 'image/jpeg';
}

export const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

export function decodeImage(kind: 'png' | 'jpeg', bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (kind === 'png') {
      const png = PNG.sync.read(buf);
      return { width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_DECODE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  } catch (err) {
    throw new ImageError(`the ${kind.toUpperCase()} data is corrupt or unsupported (${err instanceof Error ? err.message : String(err)})`);
  }
}

function hasTransparency(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return true;
  return false;
}

/** Flatten onto white, for JPEG which has no alpha. */
function onWhite(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3] / 255;
    out[i] = Math.round(rgba[i] * a + 255 * (1 - a));
    out[i + 1] = Math.round(rgba[i + 1] * a + 255 * (1 - a));
    out[i + 2] = Math.round(rgba[i + 2] * a + 255 * (1 - a));
    out[i + 3] = 255;
  }
  return out;
}

/** PNG when there is transparency (and it fits), otherwise JPEG at falling quality until it fits. */
function encode(rgba: Uint8Array, width: number, height: number): { bytes: Uint8Array; mediaType: 'image/png' | 'image/jpeg' } {
  if (hasTransparency(rgba)) {
    const png = new PNG({ width, height });
    png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    const bytes = PNG.sync.write(png, { colorType: 6 });
    if (base64Length(bytes.length) <= MAX_IMAGE_BASE64_BYTES) return { bytes, mediaType: 'image/png' };
    rgba = onWhite(rgba);
  }
  for (const quality of [85, 70, 50, 30]) {
    const bytes = jpeg.encode({ data: rgba, width, height }, quality).data;
    if (base64Length(bytes.length) <= MAX_IMAGE_BASE64_BYTES) return { bytes, mediaType: 'image/jpeg' };
  }
  throw new ImageError('the image could not be compressed under the 5 MB limit');
}

export function transcode(req: TranscodeRequest): TranscodeResult {
  const img = decodeImage(req.kind, req.bytes);
  if (!req.target) return { width: img.width, height: img.height };
  const { width, height } = req.target;
  const pixels = width === img.width && height === img.height ? img.data : downscaleRGBA(img.data, img.width, img.height, width, height);
  return { width, height, ...encode(pixels, width, height) };
}
