// PDFs made for tests with pdf-lib: known text at known places (two columns under a
// title, a receipt, a statement table), a page that is only an image (a "scan"), and a
// form with one field of every kind pdf-lib can make, a scan of real text. Each returns the bytes.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { PNG } from 'pngjs';
import { encodePng, rasterisePages } from '../../src/documents/raster';

export const LEFT_LINES = Array.from({ length: 8 }, (_, i) => `Left column sentence number ${i + 1} runs on a bit`);
export const RIGHT_LINES = Array.from({ length: 8 }, (_, i) => `Right column sentence number ${i + 1} runs on too`);

/** A title across the page, then two columns whose lines share baselines. */
export async function twoColumnPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Two columns');
  doc.setAuthor('Test Author');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('A Title Across Both Columns', { x: 180, y: 720, size: 18, font });
  LEFT_LINES.forEach((t, i) => page.drawText(t, { x: 56, y: 680 - i * 14, size: 10, font }));
  RIGHT_LINES.forEach((t, i) => page.drawText(t, { x: 326, y: 680 - i * 14, size: 10, font }));
  const p2 = doc.addPage([612, 792]);
  p2.drawText('Second page text', { x: 56, y: 700, size: 12, font });
  return doc.save();
}

export const RECEIPT_ROWS = [
  ['Item', 'Qty', 'Price'],
  ['Coffee beans 1kg', '2', '31.00'],
  ['Oat milk', '6', '12.60'],
  ['Paper filters', '1', '4.25'],
  ['Total', '', '47.85'],
];

/** A receipt: a heading, then rows of item / quantity / price at fixed columns (prices right-aligned). */
export async function receiptPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([400, 500]);
  page.drawText('Corner Shop Receipt', { x: 40, y: 460, size: 14, font });
  page.drawText('Date: 2026-11-30', { x: 40, y: 440, size: 10, font });
  RECEIPT_ROWS.forEach((row, i) => {
    const y = 400 - i * 18;
    page.drawText(row[0], { x: 40, y, size: 10, font });
    if (row[1]) page.drawText(row[1], { x: 240 - font.widthOfTextAtSize(row[1], 10), y, size: 10, font });
    page.drawText(row[2], { x: 340 - font.widthOfTextAtSize(row[2], 10), y, size: 10, font });
  });
  page.drawText('Thank you for shopping with us', { x: 40, y: 280, size: 9, font });
  return doc.save();
}

/** Page 1 has text; page 2 is only an image (what a scanner makes); page 3 is empty. */
export async function scannedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([300, 300]).drawText('Cover page', { x: 30, y: 250, size: 12, font });
  const png = new PNG({ width: 40, height: 40 });
  png.data.fill(200);
  const image = await doc.embedPng(PNG.sync.write(png));
  doc.addPage([300, 300]).drawImage(image, { x: 10, y: 10, width: 280, height: 280 });
  doc.addPage([300, 300]);
  return doc.save();
}

/** A form with text (plain, multiline, max length), checkbox, radio group, dropdown, list and a read-only and a required field. */
export async function allKindsFormPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const form = doc.getForm();
  page.drawText('Application', { x: 50, y: 740, size: 16, font });
  const name = form.createTextField('applicant.name');
  name.addToPage(page, { x: 150, y: 690, width: 200, height: 20 });
  name.enableRequired();
  const notes = form.createTextField('applicant.notes');
  notes.enableMultiline();
  notes.addToPage(page, { x: 150, y: 600, width: 300, height: 60 });
  const zip = form.createTextField('zip');
  zip.setMaxLength(5);
  zip.addToPage(page, { x: 150, y: 560, width: 80, height: 20 });
  const office = form.createTextField('office');
  office.setText('Head office');
  office.enableReadOnly();
  office.addToPage(page, { x: 300, y: 560, width: 120, height: 20 });
  const agree = form.createCheckBox('agree');
  agree.addToPage(page, { x: 150, y: 520, width: 14, height: 14 });
  const size = form.createRadioGroup('size');
  ['Small', 'Medium', 'Large'].forEach((o, i) => size.addOptionToPage(o, page, { x: 150 + i * 60, y: 480, width: 14, height: 14 }));
  const country = form.createDropdown('country');
  country.setOptions(['Canada', 'France', 'Japan']);
  country.addToPage(page, { x: 150, y: 440, width: 120, height: 20 });
  const langs = form.createOptionList('languages');
  langs.setOptions(['English', 'French', 'German', 'Japanese']);
  langs.enableMultiselect();
  langs.addToPage(page, { x: 150, y: 340, width: 120, height: 80 });
  return doc.save();
}

/** A form of `n` text fields and `n / 10` checkboxes over several pages (the bench's 100-field form). */
export async function manyFieldsFormPdf(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const form = doc.getForm();
  let page = doc.addPage([612, 792]);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 30 === 0) page = doc.addPage([612, 792]);
    const row = i % 30;
    if (i % 10 === 9) form.createCheckBox(`check${i}`).addToPage(page, { x: 60, y: 740 - row * 24, width: 14, height: 14 });
    else form.createTextField(`field${i}`).addToPage(page, { x: 60, y: 740 - row * 24, width: 240, height: 18 });
  }
  return doc.save();
}

export const STATEMENT_ROWS = Array.from({ length: 40 }, (_, i) => [`2026-10-${String((i % 28) + 1).padStart(2, '0')}`, `Payment ref ${1000 + i}`, (i % 3 === 0 ? '-' : '') + (12.5 * (i + 1)).toFixed(2), (1000 + 7.25 * i).toFixed(2)]);

/** A bank statement over two pages: a header block, then date / description / amount / balance rows, amounts right-aligned. */
export async function statementPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const right = (page: ReturnType<typeof doc.addPage>, s: string, x: number, y: number) => page.drawText(s, { x: x - font.widthOfTextAtSize(s, 9), y, size: 9, font });
  for (let p = 0; p < 2; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText('Example Bank — Statement of account', { x: 50, y: 790, size: 13, font });
    page.drawText(`Account 12-3456-789   Page ${p + 1} of 2`, { x: 50, y: 772, size: 9, font });
    ['Date', 'Description'].forEach((h, k) => page.drawText(h, { x: [50, 130][k], y: 740, size: 9, font }));
    right(page, 'Amount', 420, 740);
    right(page, 'Balance', 530, 740);
    STATEMENT_ROWS.slice(p * 20, p * 20 + 20).forEach((r, i) => {
      const y = 722 - i * 16;
      page.drawText(r[0], { x: 50, y, size: 9, font });
      page.drawText(r[1], { x: 130, y, size: 9, font });
      right(page, r[2], 420, y);
      right(page, r[3], 530, y);
    });
    page.drawText('Questions? Call us any day.', { x: 50, y: 60, size: 8, font });
  }
  return doc.save();
}

export interface LinesPdfSpec {
  /** One entry per page: its lines of text, top to bottom. */
  pages: string[][];
  /** Text fields: name, 1-based page, [x, y, width, height] in points from the bottom left, value. */
  fields?: { name: string; page: number; rect: [number, number, number, number]; value?: string }[];
}

/** Pages of text lines (Helvetica 12) and, optionally, text fields: the documents and blank forms of the agent tests. */
export async function linesPdf(spec: LinesPdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = spec.pages.map((lines) => {
    const page = doc.addPage([612, 792]);
    lines.forEach((t, i) => page.drawText(t, { x: 72, y: 720 - i * 16, size: 12, font }));
    return page;
  });
  const form = doc.getForm();
  for (const f of spec.fields ?? []) {
    const field = form.createTextField(f.name);
    if (f.value !== undefined) field.setText(f.value);
    const [x, y, width, height] = f.rect;
    field.addToPage(pages[f.page - 1]!, { x, y, width, height, font });
  }
  return doc.save();
}

/**
 * A scan: `lines` set in Helvetica 12 on a Letter page (as linesPdf does: x 72, first baseline
 * 72 pt from the top, 16 pt apart), drawn by pdftoppm at `dpi` and put back as the page's only
 * content, an image. Needs poppler's pdftoppm.
 */
export async function scannedTextPdf(lines: string[], dpi = 150): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-scan-'));
  try {
    const source = path.join(dir, 'source.pdf');
    fs.writeFileSync(source, await linesPdf({ pages: [lines] }));
    const [page] = await rasterisePages({ pdf: source, outDir: dir, dpi });
    const doc = await PDFDocument.create();
    const image = await doc.embedPng(encodePng(page!.image));
    doc.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
    return await doc.save();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Chinese text (中文文本, 24 pt, 72 pt from the left, 92 from the top) in a font that is not
 * embedded and is encoded through Adobe's predefined UniGB-UCS2-H CMap with no ToUnicode,
 * as older Acrobat and many CJK producers write it: readable only with the CMaps.
 */
export function cjkPdf(): Uint8Array {
  const content = 'BT /F1 24 Tf 72 700 Td <4E2D65876587672C> Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-250 -143 600 857] /ItalicAngle 0 /Ascent 857 /Descent -143 /CapHeight 857 /StemV 91 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
