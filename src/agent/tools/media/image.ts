// Images for the model: PNG and JPEG are decoded in pure JS (pngjs, jpeg-js),
// which also rejects corrupt files before they can poison the transcript, and
// downscaled to what the API uses anyway. GIF and WebP cannot be decoded here;
// they go as they are when within limits, or through a resizer in the sandbox.
// Limits: https://docs.claude.com/en/docs/vision (long side 1568 px, ~1.15 MP
// recommended; 8000 px hard limit) and 5 MB of base64 per image.

import { MODEL_IMAGE_BUDGET } from '../../../shared/imageBudget';
import { defaultTranscoder, type Transcoder } from './offThread';
import { fitWithin } from './resize';
import { imageSize, type MediaKind } from './sniff';
import { ImageError, MAX_DECODE_PIXELS, MAX_IMAGE_BASE64_BYTES, base64Length } from './transcode';

export { ImageError } from './transcode';

export const IMAGE_LIMITS = {
  maxLongSide: MODEL_IMAGE_BUDGET.maxLongSide,
  maxPixels: MODEL_IMAGE_BUDGET.maxPixels,
  /** The API rejects an image whose base64 is longer than this. */
  maxBase64Bytes: MAX_IMAGE_BASE64_BYTES,
  /** The API rejects images larger than this on either side. */
  apiMaxSide: 8000,
  /** We do not read image files larger than this at all. */
  maxSourceBytes: 50 * 1024 * 1024,
  /** Decoding more pixels than this would need gigabytes of memory. */
  maxDecodePixels: MAX_DECODE_PIXELS,
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

const MEDIA_TYPE: Record<Exclude<MediaKind, 'pdf'>, ImageMediaType> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** Turn image file bytes into an image block's payload, downscaled when needed. */
export async function prepareImage(
  kind: Exclude<MediaKind, 'pdf'>,
  bytes: Buffer,
  external?: ExternalResizer,
  transcoder: Transcoder = defaultTranscoder(),
): Promise<PreparedImage> {
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
    // Always decode, even when no resize is needed: a file that does not decode must not reach the API.
    const out = await transcoder({ kind, bytes, target: needsResize ? target : undefined });
    if (!needsResize || !out.bytes || !out.mediaType) return { ...base, mediaType: MEDIA_TYPE[kind], data: bytes.toString('base64'), width, height, resized: false };
    return { ...base, mediaType: out.mediaType, data: Buffer.from(out.bytes).toString('base64'), width: out.width, height: out.height, resized: true };
  }

  if (!needsResize) return { ...base, mediaType: MEDIA_TYPE[kind], data: bytes.toString('base64'), width, height, resized: false };
  const viaSandbox = external ? await external(target.width, target.height) : undefined;
  if (viaSandbox && base64Length(viaSandbox.bytes.length) <= IMAGE_LIMITS.maxBase64Bytes) {
    // Trust but verify what came back: it must decode and fit.
    const back = await transcoder({ kind: viaSandbox.mediaType === 'image/png' ? 'png' : 'jpeg', bytes: viaSandbox.bytes });
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
