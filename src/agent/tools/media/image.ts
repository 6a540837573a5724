// Images for the model: PNG and JPEG are decoded in pure JS (pngjs, jpeg-js),
// which also rejects corrupt files before they can poison the transcript, and
// downscaled to what the API uses anyway. GIF and WebP cannot be decoded here;
// they go as they are when within limits, or through a resizer in the sandbox.
// Limits: https://docs.claude.com/en/docs/vision (long side 1568 px, ~1.15 MP
// recommended; 8000 px hard limit) and 5 MB of base64 per image.

import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { downscaleRGBA, fitWithin } from './resize';
import { imageSize, type MediaKind } from './sniff';

export const IMAGE_LIMITS = {
  maxLongSide: 1568,
  maxPixels: 1_150_000,
  /** The API rejects an image whose base64 is longer than this. */
  maxBase64Bytes: 5 * 1024 * 1024,
  /** The API rejects images larger than this on either side. */
  apiMaxSide: 8000,
  /** We do not read image files larger than this at all. */
  maxSourceBytes: 50 * 1024 * 1024,
  /** Decoding more pixels than this would need gigabytes of memory. */
  maxDecodePixels: 100_000_000,
} as const;

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface PreparedImage {
  mediaType: ImageMediaType;
  /** Base64 image data. */
  data: string;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  resized: boolean;
  /** Anything the model should know (e.g. "sent as is: no resizer"). */
  note?: string;
}

/** A resizer outside this process (the sandbox's), for formats we cannot decode. */
export type ExternalResizer = (maxWidth: number, maxHeight: number) => Promise<{ bytes: Buffer; mediaType: 'image/jpeg' | 'image/png' } | undefined>;

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

const MEDIA_TYPE: Record<Exclude<MediaKind, 'pdf'>, ImageMediaType> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const base64Length = (n: number): number => Math.ceil(n / 3) * 4;

function decode(kind: 'png' | 'jpeg', bytes: Buffer): { width: number; height: number; data: Uint8Array } {
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: IMAGE_LIMITS.maxDecodePixels / 1e6, maxMemoryUsageInMB: 1024 });
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

function encode(rgba: Uint8Array, width: number, height: number): { bytes: Buffer; mediaType: 'image/png' | 'image/jpeg' } {
  if (hasTransparency(rgba)) {
    const png = new PNG({ width, height });
    png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
    const bytes = PNG.sync.write(png, { colorType: 6 });
    if (base64Length(bytes.length) <= IMAGE_LIMITS.maxBase64Bytes) return { bytes, mediaType: 'image/png' };
    rgba = onWhite(rgba);
  }
  for (const quality of [85, 70, 50, 30]) {
    const bytes = jpeg.encode({ data: rgba, width, height }, quality).data;
    if (base64Length(bytes.length) <= IMAGE_LIMITS.maxBase64Bytes) return { bytes: Buffer.from(bytes), mediaType: 'image/jpeg' };
  }
  throw new ImageError('the image could not be compressed under the 5 MB limit');
}

/** Turn image file bytes into an image block's payload, downscaled when needed. */
export async function prepareImage(kind: Exclude<MediaKind, 'pdf'>, bytes: Buffer, external?: ExternalResizer): Promise<PreparedImage> {
  const size = imageSize(kind, bytes);
  if (!size || size.width < 1 || size.height < 1) throw new ImageError(`the ${kind.toUpperCase()} header is corrupt or truncated`);
  const { width, height } = size;
  if (width * height > IMAGE_LIMITS.maxDecodePixels) {
    throw new ImageError(`it is ${width}x${height} pixels, too large to process (limit ${IMAGE_LIMITS.maxDecodePixels / 1e6} MP)`);
  }
  const target = fitWithin(width, height, IMAGE_LIMITS.maxLongSide, IMAGE_LIMITS.maxPixels);
  const tooBig = base64Length(bytes.length) > IMAGE_LIMITS.maxBase64Bytes;
  const needsResize = tooBig || target.width !== width || target.height !== height;
  const base = { originalWidth: width, originalHeight: height };

  if (kind === 'png' || kind === 'jpeg') {
    // Always decode: a file that does not decode must not reach the API.
    const img = decode(kind, bytes);
    if (!needsResize) return { ...base, mediaType: MEDIA_TYPE[kind], data: bytes.toString('base64'), width, height, resized: false };
    const pixels = target.width === img.width && target.height === img.height ? img.data : downscaleRGBA(img.data, img.width, img.height, target.width, target.height);
    const out = encode(pixels, target.width, target.height);
    return { ...base, mediaType: out.mediaType, data: out.bytes.toString('base64'), width: target.width, height: target.height, resized: true };
  }

  if (!needsResize) return { ...base, mediaType: MEDIA_TYPE[kind], data: bytes.toString('base64'), width, height, resized: false };
  const viaSandbox = external ? await external(target.width, target.height) : undefined;
  if (viaSandbox && base64Length(viaSandbox.bytes.length) <= IMAGE_LIMITS.maxBase64Bytes) {
    // Trust but verify what came back: it must decode and fit.
    const back = decode(viaSandbox.mediaType === 'image/png' ? 'png' : 'jpeg', viaSandbox.bytes);
    return { ...base, mediaType: viaSandbox.mediaType, data: viaSandbox.bytes.toString('base64'), width: back.width, height: back.height, resized: true };
  }
  if (!tooBig && Math.max(width, height) <= IMAGE_LIMITS.apiMaxSide) {
    return {
      ...base,
      mediaType: MEDIA_TYPE[kind],
      data: bytes.toString('base64'),
      width,
      height,
      resized: false,
      note: `sent at full size (${width}x${height}): no ${kind.toUpperCase()} resizer is available, so the API scales it down itself`,
    };
  }
  throw new ImageError(
    `it is ${width}x${height} pixels and ${(bytes.length / 1048576).toFixed(1)} MB, over the API's limits, and no ${kind.toUpperCase()} resizer is available in the sandbox. ` +
      'Convert it to a smaller PNG or JPEG with run_command if a tool (ImageMagick, ffmpeg, python3 PIL) is installed',
  );
}
