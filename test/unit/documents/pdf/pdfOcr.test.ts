// Scanned pages read by OCR: a page that is only a picture of text (made by drawing a text
// PDF with pdftoppm and putting the image back as the page) comes back with its words, a
// confidence, and line positions in points near where the text was set, the coordinates
// placing text uses. Without OCR the page is still reported as a scan.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fromTsv } from '../../../../src/documents/pdf/ocr';
import { formatPdfText, pdfText } from '../../../../src/documents/pdf';
import { scannedTextPdf } from '../../../support/pdfFixtures';

const LINES = ['INVOICE 2041', 'Total due 47.85 EUR', 'Paid by card on 3 March'];

function needTesseract(ctx: Mocha.Context): void {
  const missing = spawnSync('tesseract', ['--version']).error ? 'tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)' : spawnSync('pdftoppm', ['-v']).error ? 'pdftoppm is not installed (apt-get install poppler-utils)' : undefined;
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  console.log(`    (skipped: ${missing})`);
  ctx.skip();
}

describe('documents/pdf OCR of scanned pages', function () {
  this.timeout(180_000);

  it("reads tesseract's TSV into lines with positions in points and paragraphs apart", () => {
    const head = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
    const w = (b: number, p: number, l: number, n: number, left: number, top: number, width: number, text: string, conf = 90) => `5\t1\t${b}\t${p}\t${l}\t${n}\t${left}\t${top}\t${width}\t40\t${conf}\t${text}`;
    const tsv = [head, '1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t', w(1, 1, 1, 1, 300, 260, 200, 'Total'), w(1, 1, 1, 2, 540, 262, 160, '47.85', 80), w(2, 1, 1, 1, 300, 500, 100, 'Thanks')].join('\n');
    const r = fromTsv(tsv, 300 / 72);
    assert.equal(r.text, 'Total 47.85\n\nThanks');
    assert.equal(r.words, 3);
    assert.equal(r.confidence, 87);
    assert.deepEqual(r.lines[0], { text: 'Total 47.85', x: 72, y: 72.48, width: 96, size: 9.6 });
  });

  it('a scan comes back with its words and where they are; without ocr it is reported as a scan', async function () {
    needTesseract(this);
    const scan = await scannedTextPdf(LINES);
    const plain = await pdfText(scan);
    assert.equal(plain.pages[0]!.hasTextLayer, false);
    assert.match(plain.warnings.join('\n'), /is a scanned image with no text layer; OCR was not run/);
    const t = await pdfText(scan, { ocr: true, positions: true });
    const page = t.pages[0]!;
    assert.equal(page.hasTextLayer, false, 'still no text layer: the text is from OCR');
    assert.equal(page.ocr?.engine, 'tesseract');
    assert.ok(page.ocr!.confidence > 70, `confidence ${page.ocr!.confidence}`);
    for (const line of LINES) assert.ok(page.text.includes(line), `OCR text has "${line}":\n${page.text}`);
    assert.match(t.warnings.join('\n'), /the text was read by OCR \(tesseract, eng\) and may have errors/);
    assert.match(formatPdfText(t), /^=== page 1 of 1 ===\n\[scanned page: text read by OCR \(tesseract, eng, mean word confidence \d+%\); check figures against the page image\]\nINVOICE 2041/);
    // linesPdf sets line i at x 72, baseline 72 + 16 i points from the top.
    LINES.forEach((text, i) => {
      const l = page.lines!.find((x) => x.text === text) ?? assert.fail(`no OCR line ${text}: ${JSON.stringify(page.lines)}`);
      assert.ok(Math.abs(l.x - 72) < 2 && Math.abs(l.y - (72 + 16 * i)) < 2.5, `${text} at ${l.x}, ${l.y}`);
    });
  });
});
