// The text of one page as positioned fragments: pdf.js gives text runs with a matrix in
// PDF space (y up, origin bottom-left, page rotation not applied); here each becomes a
// box in the page as it is shown (y down from the top, rotation applied, in points),
// which is what reading order, layout and tables work from.

import type { PdfJsPage } from './pdfjs';

export interface TextFragment {
  text: string;
  /** Left edge and baseline, in points from the top-left of the page as shown. */
  x: number;
  y: number;
  width: number;
  /** Font size (the height of the text box). */
  size: number;
  /** Text that does not run left to right on the shown page (vertical or rotated). */
  rotated: boolean;
}

export interface PageText {
  width: number;
  height: number;
  fragments: TextFragment[];
  /** True when pdf.js gave more items than the limit and the rest were dropped. */
  truncated: boolean;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: number[]): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export async function pageFragments(page: PdfJsPage, maxItems: number): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ disableNormalization: false });
  const fragments: TextFragment[] = [];
  let truncated = false;
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    if (fragments.length >= maxItems) {
      truncated = true;
      break;
    }
    const m = multiply(viewport.transform as Matrix, item.transform);
    // The text's own x axis in device space: (m[0], m[1]); its height from the y axis.
    const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]) || 1;
    const rotated = Math.abs(m[1]) > Math.abs(m[0]) * 0.1 || m[0] < 0;
    const scaleX = Math.hypot(item.transform[0], item.transform[1]) || 1;
    const deviceScaleX = Math.hypot(m[0], m[1]) || 1;
    fragments.push({
      text: item.str,
      x: m[4],
      y: m[5],
      // pdf.js reports width in PDF units of the unrotated page; rotation keeps lengths.
      width: (item.width * deviceScaleX) / scaleX,
      size,
      rotated,
    });
  }
  return { width: viewport.width, height: viewport.height, fragments, truncated };
}
