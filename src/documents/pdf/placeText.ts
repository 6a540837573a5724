// Text written onto existing pages at given positions: how a form without fields (a
// scanned or printed form) is filled. Positions are in points from the top-left corner of
// the page as it is shown, y at the text's baseline: the coordinates `doc text --positions`
// reports for the labels and `doc render --grid` draws as a ruler. They are turned into
// the page's own space here, whatever its rotation and box origin. Every entry is checked
// before anything is drawn.

import { degrees, PDFFont, PDFPage, rgb } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';
import { codePoints, FONT_NAMES, missingChars, PlaceFonts, STANDARD } from './placeFonts';
import type { OutputEncryption } from './pdfEncryption';
import { guardPdfLib, openPdfLib, savePdf, type PdfWriteOptions } from './pdfLib';

export interface PlacedText {
  /** 1-based page number. */
  page: number;
  /** Left edge of the text, points from the left of the page as shown. */
  x: number;
  /** Baseline, points from the top of the page as shown. */
  y: number;
  text: string;
  /** Font size in points; default 10. */
  size?: number;
  /** At most this wide (points): a longer text is set smaller, down to 5 pt, or refused. */
  maxWidth?: number;
  /** A standard font (Latin only), an installed family (sans, serif, mono, cjk: embedded as a subset) or a .ttf/.otf file; default: Helvetica, or an installed font with every character of a text Helvetica cannot show. */
  font?: string;
  /** `#rrggbb`; default black. */
  color?: string;
}


export interface PlaceResult {
  data: Buffer;
  encryption?: OutputEncryption;
  placed: { page: number; x: number; y: number; size: number; text: string; font: string }[];
}

export interface PlaceOptions extends PdfWriteOptions {
  /** Reads a font file an entry names (the CLI: relative to the TEXTS.json folder); without it font files are refused. */
  readFile?: (name: string) => Uint8Array;
}

interface Checked {
  entry: PlacedText;
  font: PDFFont;
  fontName: string;
  size: number;
  color: ReturnType<typeof rgb>;
}

export async function placeText(data: Uint8Array, entries: unknown, opts: PlaceOptions = {}): Promise<PlaceResult> {
  const list = Array.isArray(entries) ? entries : (entries as { texts?: unknown })?.texts;
  if (!Array.isArray(list) || !list.length) throw new DocumentError('INVALID_ARGUMENT', 'give a JSON list of {page, x, y, text, size?} entries (or {"texts": [...]})');
  const doc = await openPdfLib(data, { password: opts.password });
  return guardPdfLib(async () => {
    const pages = doc.getPages();
    const fonts = new PlaceFonts(doc, opts.readFile);
    const problems: string[] = [];
    const checked: Checked[] = [];
    for (const [i, raw] of list.entries()) {
      const where = `entry ${i + 1}`;
      const problem = await check(raw, pages, fonts, (c) => checked.push(c));
      if (problem) problems.push(`${where}: ${problem}`);
    }
    if (problems.length) {
      const head = problems.length === 1 ? 'a text cannot be placed' : `${problems.length} texts cannot be placed`;
      throw new DocumentError('INVALID_ARGUMENT', `${head}, nothing was written:\n  ${problems.join('\n  ')}`);
    }
    for (const c of checked) draw(pages[c.entry.page - 1]!, c);
    const saved = await savePdf(doc, { encryption: opts.encryption, updateFieldAppearances: false });
    return {
      ...saved,
      placed: checked.map((c) => ({ page: c.entry.page, x: c.entry.x, y: c.entry.y, size: c.size, text: c.entry.text, font: c.fontName })),
    };
  });
}

async function check(raw: unknown, pages: PDFPage[], fonts: PlaceFonts, ok: (c: Checked) => void): Promise<string | undefined> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'not an object like {"page": 1, "x": 100, "y": 200, "text": "..."}';
  const e = raw as PlacedText;
  const known = new Set(['page', 'x', 'y', 'text', 'size', 'maxWidth', 'font', 'color']);
  const unknown = Object.keys(e).filter((k) => !known.has(k));
  if (unknown.length) return `unknown key${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} (allowed: ${[...known].join(', ')})`;
  if (!Number.isInteger(e.page) || e.page < 1 || e.page > pages.length) return `page ${JSON.stringify(e.page)} does not exist: the document has ${pages.length} page${pages.length === 1 ? '' : 's'}`;
  if (typeof e.text !== 'string' || e.text.trim() === '') return 'text must be a non-empty string';
  if (typeof e.x !== 'number' || typeof e.y !== 'number' || !Number.isFinite(e.x) || !Number.isFinite(e.y)) return 'x and y must be numbers (points from the top-left of the page)';
  const { width, height } = shownSize(pages[e.page - 1]!);
  if (e.x < 0 || e.x >= width || e.y < 0 || e.y > height) return `(${e.x}, ${e.y}) is off page ${e.page}, which is ${round(width)}×${round(height)} points`;
  let size = e.size ?? 10;
  if (typeof size !== 'number' || !(size >= 4 && size <= 144)) return 'size must be a number of points from 4 to 144';
  let font: PDFFont;
  let fontName: string;
  if (e.font === undefined) {
    const picked = await fonts.auto(e.text);
    if (typeof picked === 'string') return picked;
    ({ font, name: fontName } = picked);
  } else {
    if (typeof e.font !== 'string') return `font must be a name (${FONT_NAMES.join(', ')}) or a .ttf/.otf file`;
    const got = await fonts.get(e.font);
    if (typeof got === 'string') return got;
    font = got;
    fontName = e.font;
    const missing = missingChars(font, e.text);
    if (missing.length) {
      return `${JSON.stringify(e.text)} has characters font ${JSON.stringify(e.font)} cannot show: ${codePoints(missing)}${STANDARD[e.font as keyof typeof STANDARD] ? ' (the standard fonts show Latin only: leave font out, or use "sans", "serif", "mono" or "cjk")' : ''}`;
    }
  }
  const color = e.color ?? '#000000';
  const m = typeof color === 'string' ? /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color) : null;
  if (!m) return `color ${JSON.stringify(color)} is not #rrggbb`;
  if (e.maxWidth !== undefined) {
    if (typeof e.maxWidth !== 'number' || !(e.maxWidth > 0)) return 'maxWidth must be a positive number of points';
    const widest = Math.max(...e.text.split('\n').map((l) => font.widthOfTextAtSize(l, size)));
    if (widest > e.maxWidth) {
      size = Math.floor(((size * e.maxWidth) / widest) * 10) / 10;
      if (size < 5) return `${JSON.stringify(e.text)} does not fit in ${e.maxWidth} points even at 5 pt`;
    }
  }
  ok({ entry: e, font, fontName, size, color: rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255) });
  return undefined;
}

/** The visible box (CropBox, else MediaBox) and the clockwise rotation, normalised to 0-270. */
function pageFrame(page: PDFPage): { x: number; y: number; w: number; h: number; rotation: number } {
  const box = page.getCropBox();
  const rotation = (((page.getRotation().angle % 360) + 360) % 360) as number;
  return { x: box.x, y: box.y, w: box.width, h: box.height, rotation: Math.round(rotation / 90) * 90 % 360 };
}

function shownSize(page: PDFPage): { width: number; height: number } {
  const f = pageFrame(page);
  return f.rotation % 180 === 0 ? { width: f.w, height: f.h } : { width: f.h, height: f.w };
}

/** Shown (top-left, y down) → the page's own space, and the angle that makes text run left to right as shown. */
export function toPageSpace(page: PDFPage, x: number, y: number): { x: number; y: number; angle: number } {
  const f = pageFrame(page);
  switch (f.rotation) {
    case 90:
      return { x: f.x + y, y: f.y + x, angle: 90 };
    case 180:
      return { x: f.x + f.w - x, y: f.y + y, angle: 180 };
    case 270:
      return { x: f.x + f.w - y, y: f.y + f.h - x, angle: 270 };
    default:
      return { x: f.x + x, y: f.y + f.h - y, angle: 0 };
  }
}

function draw(page: PDFPage, c: Checked): void {
  const lineGap = c.size * 1.2;
  c.entry.text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const at = toPageSpace(page, c.entry.x, c.entry.y + i * lineGap);
    page.drawText(line, { x: at.x, y: at.y, size: c.size, font: c.font, color: c.color, rotate: degrees(at.angle) });
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
