// Page operations and simple PDF creation, checked by pdftotext (poppler) and qpdf, which
// share no code with pdf-lib: merge, split, extract, rotate, reorder, and a report spec.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { createPdf, extractPages, mergePdfs, pdfText, reorderPages, rotatePages, splitPdf } from '../../../../src/documents/pdf';
import { needPdfReaders } from '../../../support/pdfReaders';
import { allKindsFormPdf } from '../../../support/pdfFixtures';

/** A document whose page N says "Page N of NAME". */
async function numbered(name: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([300, 400]).drawText(`Page ${i} of ${name}`, { x: 20, y: 360, size: 12, font });
  return doc.save();
}

describe('documents/pdf pages and creation', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-pages-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Each page's text as poppler reads it. */
  const popplerPages = (data: Uint8Array): string[] => {
    const f = path.join(dir, `p${Math.random().toString(36).slice(2)}.pdf`);
    fs.writeFileSync(f, data);
    const r = spawnSync('pdftotext', [f, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\f').map((s) => s.trim()).filter((s, i, all) => s !== '' || i < all.length - 1);
  };

  it('merges in order, splits into groups, extracts and reorders', async function () {
    needPdfReaders(this);
    const a = await numbered('A', 3);
    const b = await numbered('B', 2);
    const merged = await mergePdfs([{ data: a, name: 'a.pdf' }, { data: b, name: 'b.pdf' }]);
    assert.equal(merged.pageCount, 5);
    assert.deepEqual(popplerPages(merged.data), ['Page 1 of A', 'Page 2 of A', 'Page 3 of A', 'Page 1 of B', 'Page 2 of B']);
    const parts = await splitPdf(merged.data, '1-3,4-');
    assert.deepEqual(parts.map((p) => p.pages), [[1, 2, 3], [4, 5]]);
    assert.deepEqual(popplerPages(parts[1].data), ['Page 1 of B', 'Page 2 of B']);
    assert.equal((await splitPdf(a)).length, 3);
    const ex = await extractPages(merged.data, '5,1');
    assert.deepEqual(popplerPages(ex.data), ['Page 2 of B', 'Page 1 of A']);
    const re = await reorderPages(a, '3,1,2');
    assert.deepEqual(popplerPages(re.data), ['Page 3 of A', 'Page 1 of A', 'Page 2 of A']);
    await assert.rejects(reorderPages(a, '3,1'), /names every page once: missing 2/);
    await assert.rejects(reorderPages(a, '1,1,2,3'), /named twice 1/);
    await assert.rejects(mergePdfs([{ data: a }]), /at least two/);
    await assert.rejects(mergePdfs([{ data: a, name: 'a.pdf' }, { data: Buffer.from('nope'), name: 'notes.pdf' }]), /notes\.pdf: this is not a PDF/);
    const withForm = await mergePdfs([{ data: a }, { data: await allKindsFormPdf(), name: 'form.pdf' }]);
    assert.deepEqual([withForm.fieldCount, withForm.warnings, withForm.renamedFields], [8, [], []]);
  });

  it('rotates the chosen pages clockwise; qpdf sees the rotation, pdf.js reads the turned page', async function () {
    needPdfReaders(this);
    const a = await numbered('A', 3);
    const r = await rotatePages(a, 90, '2');
    const f = path.join(dir, 'rot.pdf');
    fs.writeFileSync(f, r.data);
    const q = spawnSync('qpdf', ['--show-pages', f], { encoding: 'utf8' });
    assert.equal(q.status, 0);
    const again = await pdfText((await rotatePages(r.data, -180, '2')).data);
    assert.deepEqual(again.pages.map((p) => p.rotation), [0, 270, 0]);
    const t = await pdfText(r.data);
    assert.deepEqual(t.pages.map((p) => [p.rotation, p.width, p.height]), [[0, 300, 400], [90, 400, 300], [0, 300, 400]]);
    assert.equal(t.pages[1].text, 'Page 2 of A');
    await assert.rejects(rotatePages(a, 45), /multiple of 90/);
  });

  it('creates a report: headings, paragraphs, a list, a table whose header repeats, an image', async function () {
    needPdfReaders(this);
    const { PNG } = await import('pngjs');
    const png = new PNG({ width: 20, height: 10 });
    png.data.fill(128);
    const rows = Array.from({ length: 80 }, (_, i) => [`Item ${i + 1}`, String(i + 1), (i * 1.5).toFixed(2)]);
    const data = await createPdf(
      {
        title: 'Quarterly report',
        author: 'Finance',
        page: { size: 'Letter' },
        body: [
          { heading: 'Quarterly report' },
          { paragraph: 'Sales grew in every region. '.repeat(30) },
          { list: ['North up 4%', 'South up 7%'] },
          { heading: 'Details', level: 2 },
          { table: { header: ['Item', 'Qty', 'Amount'], rows, widths: [3, 1, 1] } },
          { image: 'chart.png', width: 100 },
        ],
      },
      { readFile: () => PNG.sync.write(png) },
    );
    const pages = popplerPages(data);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    assert.match(pages[0], /Quarterly report[\s\S]*Sales grew in every region[\s\S]*North up 4%/);
    for (const p of pages.slice(1)) if (/Item \d/.test(p)) assert.match(p, /Item\s+Qty\s+Amount|Item\nQty\nAmount/, 'header repeated on each page of the table');
    assert.match(pages.join('\n'), /Item 80/);
    const t = await pdfText(data);
    assert.equal(t.metadata.title, 'Quarterly report');
    assert.match(t.pages[t.pages.length - 1].text, new RegExp(`${t.pageCount} / ${t.pageCount}`));
    await assert.rejects(createPdf({ body: [{ paragraph: 'Ünïcode ok, 漢 not' }] }), /body\[0\]: characters the standard PDF font cannot show: 漢/);
    await assert.rejects(createPdf({ body: [{ nonsense: 1 } as never] }), /body\[0\]: unknown block/);
  });
});
