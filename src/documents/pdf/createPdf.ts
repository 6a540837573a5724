// A simple PDF from a JSON spec: headings, paragraphs, bullet lists, tables (header row
// repeated on each page) and images (PNG/JPEG), flowed onto A4 or Letter pages with
// margins, words wrapped, page numbers in the footer. Helvetica (the standard font every
// viewer has) keeps files small; text it cannot show is an error naming the block.

import { PDFDocument, PDFFont, PDFPage, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';

export type PdfBlock =
  | { heading: string; level?: 1 | 2 | 3 }
  | { paragraph: string; size?: number }
  | { list: string[] }
  | { table: { header?: string[]; rows: (string | number)[][]; widths?: number[] } }
  | { image: string; width?: number }
  | { pageBreak: true };

export interface PdfSpec {
  title?: string;
  author?: string;
  page?: { size?: 'A4' | 'Letter'; margin?: number };
  body: PdfBlock[];
}

const SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;

interface Flow {
  doc: PDFDocument;
  page: PDFPage;
  y: number;
  font: PDFFont;
  bold: PDFFont;
  margin: number;
  size: readonly [number, number];
}

function bad(i: number, why: string): DocumentError {
  return new DocumentError('INVALID_ARGUMENT', `body[${i}]: ${why}`);
}

function checkText(font: PDFFont, text: string, where: string): void {
  const q = font.encodeText('?').toString();
  const missing = [...text].filter((c) => c !== '?' && c !== '\n' && font.encodeText(c).toString() === q);
  if (missing.length) throw new DocumentError('INVALID_ARGUMENT', `${where}: characters the standard PDF font cannot show: ${[...new Set(missing)].join('')}`);
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

function newPage(f: Flow): void {
  f.page = f.doc.addPage([...f.size]);
  f.y = f.size[1] - f.margin;
}

function ensure(f: Flow, height: number): void {
  if (f.y - height < f.margin) newPage(f);
}

function drawLines(f: Flow, lines: string[], font: PDFFont, size: number, x: number, gapAfter: number): void {
  for (const l of lines) {
    ensure(f, size * 1.3);
    f.y -= size * 1.3;
    f.page.drawText(l, { x, y: f.y + size * 0.3, size, font });
  }
  f.y -= gapAfter;
}

function drawTable(f: Flow, t: { header?: string[]; rows: (string | number)[][]; widths?: number[] }, i: number): void {
  if (!Array.isArray(t?.rows)) throw bad(i, 'a table needs "rows": an array of rows');
  const cols = Math.max(t.header?.length ?? 0, ...t.rows.map((r) => r.length));
  if (!cols) throw bad(i, 'a table needs rows');
  const total = f.size[0] - 2 * f.margin;
  const weights = t.widths && t.widths.length === cols ? t.widths : Array(cols).fill(1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * total);
  const size = 9;
  const measure = (cells: (string | number)[], font: PDFFont) => {
    const wrapped = widths.map((w, k) => wrap(String(cells[k] ?? ''), font, size, w - 6));
    return { wrapped, h: Math.max(...wrapped.map((l) => l.length)) * size * 1.25 + 6 };
  };
  const draw = (wrapped: string[][], h: number, font: PDFFont, shade: boolean) => {
    let x = f.margin;
    wrapped.forEach((lines, k) => {
      f.page.drawRectangle({ x, y: f.y - h, width: widths[k], height: h, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5, color: shade ? rgb(0.92, 0.92, 0.92) : undefined });
      lines.forEach((l, n) => f.page.drawText(l, { x: x + 3, y: f.y - 3 - size - n * size * 1.25 + 1.5, size, font }));
      x += widths[k];
    });
    f.y -= h;
  };
  const header = t.header ? measure(t.header, f.bold) : undefined;
  if (header) {
    ensure(f, header.h * 2);
    draw(header.wrapped, header.h, f.bold, true);
  }
  for (const r of t.rows) {
    const m = measure(r, f.font);
    if (f.y - m.h < f.margin) {
      // A new page repeats the header row above the rows that continue there.
      newPage(f);
      if (header) draw(header.wrapped, header.h, f.bold, true);
    }
    draw(m.wrapped, m.h, f.font, false);
  }
  f.y -= 10;
}

export async function createPdf(spec: PdfSpec, opts: { readFile?: (name: string) => Uint8Array } = {}): Promise<Buffer> {
  if (!spec || !Array.isArray(spec.body)) throw new DocumentError('INVALID_ARGUMENT', 'the spec needs a "body" array of blocks');
  const doc = await PDFDocument.create();
  if (spec.title) doc.setTitle(spec.title);
  if (spec.author) doc.setAuthor(spec.author);
  doc.setCreator('Cowork');
  const sizeName = spec.page?.size ?? 'A4';
  if (!(sizeName in SIZES)) throw new DocumentError('INVALID_ARGUMENT', `page.size must be A4 or Letter, not ${JSON.stringify(sizeName)}`);
  const f: Flow = { doc, page: undefined as unknown as PDFPage, y: 0, font: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold), margin: spec.page?.margin ?? 56, size: SIZES[sizeName] };
  newPage(f);
  const width = f.size[0] - 2 * f.margin;
  for (const [i, b] of spec.body.entries()) {
    if ('heading' in b) {
      checkText(f.bold, b.heading, `body[${i}]`);
      const size = { 1: 20, 2: 15, 3: 12 }[b.level ?? 1] ?? 20;
      ensure(f, size * 3);
      f.y -= size * 0.4;
      drawLines(f, wrap(b.heading, f.bold, size, width), f.bold, size, f.margin, size * 0.4);
    } else if ('paragraph' in b) {
      checkText(f.font, b.paragraph, `body[${i}]`);
      const size = b.size ?? 10.5;
      drawLines(f, wrap(b.paragraph, f.font, size, width), f.font, size, f.margin, size * 0.6);
    } else if ('list' in b) {
      for (const item of b.list) {
        checkText(f.font, item, `body[${i}]`);
        const lines = wrap(item, f.font, 10.5, width - 14);
        ensure(f, 14);
        f.page.drawText('•', { x: f.margin + 2, y: f.y - 10.5, size: 10.5, font: f.font });
        drawLines(f, lines, f.font, 10.5, f.margin + 14, 2);
      }
      f.y -= 6;
    } else if ('table' in b) {
      for (const cell of [...(b.table.header ?? []), ...b.table.rows.flat()]) checkText(f.font, String(cell), `body[${i}]`);
      drawTable(f, b.table, i);
    } else if ('image' in b) {
      if (!opts.readFile) throw bad(i, 'images need a folder to read from');
      const bytes = opts.readFile(b.image);
      const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
      const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      if (!isPng && !isJpeg) throw bad(i, `${b.image} is not a PNG or JPEG image`);
      const img = isPng ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
      const w = Math.min(b.width ?? img.width * 0.75, width);
      const h = (img.height / img.width) * w;
      ensure(f, h + 8);
      f.page.drawImage(img, { x: f.margin, y: f.y - h, width: w, height: h });
      f.y -= h + 10;
    } else if ('pageBreak' in b) newPage(f);
    else throw bad(i, `unknown block (use heading, paragraph, list, table, image or pageBreak): ${JSON.stringify(b).slice(0, 60)}`);
  }
  const pages = doc.getPages();
  pages.forEach((p, n) => p.drawText(`${n + 1} / ${pages.length}`, { x: f.size[0] / 2 - 10, y: f.margin / 2, size: 8, font: f.font, color: rgb(0.4, 0.4, 0.4) }));
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}
