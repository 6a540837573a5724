// Images for created documents: the format and pixel size from the file's own
// header (PNG, JPEG, GIF), and the inline <w:drawing> that shows it.

import { escapeXml } from './createRuns';

export interface ImageInfo {
  extension: 'png' | 'jpeg' | 'gif';
  contentType: string;
  widthPx: number;
  heightPx: number;
  /** dots per inch from the file when it says, else 96 */
  dpi: number;
}

/** Reads the header; undefined when the bytes are not a PNG, JPEG or GIF. */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    let dpi = 96;
    // pHYs (pixels per metre) when present, among the first chunks.
    for (let at = 8; at + 12 <= bytes.length && at < 4096; ) {
      const len = view.getUint32(at);
      const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
      if (type === 'pHYs' && len >= 9 && bytes[at + 16] === 1) dpi = Math.round(view.getUint32(at + 8) * 0.0254) || 96;
      if (type === 'IDAT') break;
      at += 12 + len;
    }
    return { extension: 'png', contentType: 'image/png', widthPx: view.getUint32(16), heightPx: view.getUint32(20), dpi };
  }
  if (bytes.length >= 10 && String.fromCharCode(...bytes.subarray(0, 4)) === 'GIF8') {
    return { extension: 'gif', contentType: 'image/gif', widthPx: view.getUint16(6, true), heightPx: view.getUint16(8, true), dpi: 96 };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let dpi = 96;
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1];
      const len = view.getUint16(at + 2);
      if (marker === 0xe0 && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'JFIF\0' && bytes[at + 11] === 1) dpi = view.getUint16(at + 12) || 96;
      // Start-of-frame markers (not DHT c4, JPG c8, DAC cc) carry height then width.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { extension: 'jpeg', contentType: 'image/jpeg', widthPx: view.getUint16(at + 7), heightPx: view.getUint16(at + 5), dpi };
      }
      at += 2 + len;
    }
  }
  return undefined;
}

const EMU_PER_MM = 36_000;
const EMU_PER_INCH = 914_400;

/** Size in EMU: as asked (keeping the aspect when only one side is given), else natural size capped at maxWidth. */
export function imageExtent(info: ImageInfo, maxWidthEmu: number, widthMm?: number, heightMm?: number): { cx: number; cy: number } {
  const aspect = info.heightPx / Math.max(1, info.widthPx);
  let cx: number;
  let cy: number;
  if (widthMm && heightMm) [cx, cy] = [widthMm * EMU_PER_MM, heightMm * EMU_PER_MM];
  else if (widthMm) [cx, cy] = [widthMm * EMU_PER_MM, widthMm * EMU_PER_MM * aspect];
  else if (heightMm) [cx, cy] = [(heightMm * EMU_PER_MM) / aspect, heightMm * EMU_PER_MM];
  else {
    cx = (info.widthPx / info.dpi) * EMU_PER_INCH;
    cy = (info.heightPx / info.dpi) * EMU_PER_INCH;
    if (cx > maxWidthEmu) [cx, cy] = [maxWidthEmu, maxWidthEmu * aspect];
  }
  return { cx: Math.round(cx), cy: Math.round(cy) };
}

/** One inline picture run referring to the image relationship `rId`. */
export function drawingXml(rId: string, docPrId: number, extent: { cx: number; cy: number }, name: string, alt: string): string {
  const { cx, cy } = extent;
  return (
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${docPrId}" name="${escapeXml(name)}" descr="${escapeXml(alt)}"/>` +
    `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:nvPicPr><pic:cNvPr id="${docPrId}" name="${escapeXml(name)}" descr="${escapeXml(alt)}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
  );
}
