// Downscaling RGBA pixels by area averaging (a box filter over the exact source
// footprint of each output pixel). It is what shrinking photos of receipts needs:
// no aliasing, no ringing, and it is simple enough to be pure JS. Colour is
// averaged premultiplied by alpha so transparent pixels do not bleed.

/** Output size that fits the long side and pixel budget, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, maxLongSide: number, maxPixels: number): { width: number; height: number } {
  const scale = Math.min(1, maxLongSide / Math.max(width, height), Math.sqrt(maxPixels / (width * height)));
  if (scale >= 1) return { width, height };
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/** For each output index, the source indices it covers and their weights (summing to 1). */
function footprints(srcLen: number, dstLen: number): { index: Int32Array; weight: Float32Array; start: Int32Array } {
  const ratio = srcLen / dstLen;
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(dstLen + 1);
  for (let d = 0; d < dstLen; d++) {
    start[d] = index.length;
    const x0 = d * ratio;
    const x1 = Math.min(srcLen, (d + 1) * ratio);
    for (let s = Math.floor(x0); s < Math.ceil(x1); s++) {
      const w = Math.min(s + 1, x1) - Math.max(s, x0);
      if (w > 0) {
        index.push(s);
        weight.push(w / ratio);
      }
    }
  }
  start[dstLen] = index.length;
  return { index: Int32Array.from(index), weight: Float32Array.from(weight), start };
}

/** Shrink an RGBA image (4 bytes per pixel). Upscaling is not supported: dst must not exceed src. */
export function downscaleRGBA(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  if (src.length < sw * sh * 4) throw new Error(`pixel buffer too short for ${sw}x${sh}`);
  if (dw > sw || dh > sh || dw < 1 || dh < 1) throw new Error(`cannot scale ${sw}x${sh} to ${dw}x${dh}`);
  const fx = footprints(sw, dw);
  const fy = footprints(sh, dh);
  // Horizontal pass into premultiplied float rows.
  const tmp = new Float32Array(dw * sh * 4);
  for (let y = 0; y < sh; y++) {
    const row = y * sw * 4;
    for (let x = 0; x < dw; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = fx.start[x]; k < fx.start[x + 1]; k++) {
        const p = row + fx.index[k] * 4;
        const w = fx.weight[k];
        const alpha = src[p + 3] * w;
        r += src[p] * alpha;
        g += src[p + 1] * alpha;
        b += src[p + 2] * alpha;
        a += alpha;
      }
      const o = (y * dw + x) * 4;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
      tmp[o + 3] = a;
    }
  }
  // Vertical pass, then un-premultiply.
  const out = new Uint8Array(dw * dh * 4);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = fy.start[y]; k < fy.start[y + 1]; k++) {
        const p = (fy.index[k] * dw + x) * 4;
        const w = fy.weight[k];
        r += tmp[p] * w;
        g += tmp[p + 1] * w;
        b += tmp[p + 2] * w;
        a += tmp[p + 3] * w;
      }
      const o = (y * dw + x) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round(a);
    }
  }
  return out;
}
