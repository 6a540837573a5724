// PDF text: reading order keeps columns apart, --layout keeps them side by side, page
// selection, metadata, scans reported, and every corpus file gives text or a clear error.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDocumentError } from '../../../../src/documents/ooxml';
import { parsePageRange, pdfText } from '../../../../src/documents/pdf';
import { corpusFiles } from '../../../support/corpus';
import { cjkPdf, LEFT_LINES, receiptPdf, RIGHT_LINES, scannedPdf, twoColumnPdf } from '../../../support/pdfFixtures';

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isDocumentError(err), `not a DocumentError: ${err}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

describe('documents/pdf text', function () {
  this.timeout(60_000);

  it('reads two columns one after the other, under the title that spans them', async () => {
    const t = await pdfText(await twoColumnPdf());
    assert.equal(t.pageCount, 2);
    const lines = t.pages[0].text.split('\n').filter((l) => l !== '');
    assert.deepEqual(lines, ['A Title Across Both Columns', ...LEFT_LINES, ...RIGHT_LINES]);
    assert.equal(t.pages[1].text, 'Second page text');
    assert.equal(t.metadata.title, 'Two columns');
    assert.equal(t.metadata.author, 'Test Author');
    assert.equal(t.metadata.encrypted, false);
  });

  it('--layout keeps the columns apart on each line, at the same column every line', async () => {
    const t = await pdfText(await twoColumnPdf(), { layout: true, pages: '1' });
    assert.equal(t.pages.length, 1);
    const rows = t.pages[0].text.split('\n').filter((l) => l.includes('column sentence'));
    assert.equal(rows.length, 8);
    const starts = new Set(rows.map((r) => r.indexOf('Right column')));
    assert.equal(starts.size, 1, 'the right column starts at one character column');
    rows.forEach((r, i) => assert.match(r, new RegExp(`^${LEFT_LINES[i]} {3,}${RIGHT_LINES[i]}$`)));
  });

  it('keeps a receipt line with its amount in reading order', async () => {
    const t = await pdfText(await receiptPdf());
    assert.match(t.pages[0].text, /Coffee beans 1kg\t2\t31\.00/);
    assert.match(t.pages[0].text, /Total\t47\.85/);
  });

  it('reads CJK text in a non-embedded font through the predefined CMaps (UniGB-UCS2-H), with its position', async () => {
    const t = await pdfText(cjkPdf(), { positions: true });
    assert.equal(t.pages[0]!.text, '中文文本');
    assert.deepEqual(t.warnings, []);
    const line = t.pages[0]!.lines![0]!;
    assert.deepEqual([line.text, line.x, line.y, line.size], ['中文文本', 72, 92, 24]);
  });

  it('reports a scanned page (an image, no text layer) and an empty page', async () => {
    const t = await pdfText(await scannedPdf());
    assert.deepEqual(t.pages.map((p) => p.hasTextLayer), [true, false, false]);
    assert.equal(t.pages[1].images, 1);
    assert.equal(t.pages[2].images, 0);
    assert.ok(t.warnings.some((w) => /1 page \(2\) is a scanned image with no text layer; OCR was not run/.test(w)), t.warnings.join('\n'));
    assert.ok(t.warnings.some((w) => /1 page \(3\) has no text/.test(w)));
  });

  it('page selections: ranges, open ends, last, order kept; bad ones name the problem', async () => {
    assert.deepEqual(parsePageRange('1-3,7,9-', 10), [1, 2, 3, 7, 9, 10]);
    assert.deepEqual(parsePageRange('-2,last', 5), [1, 2, 5]);
    assert.deepEqual(parsePageRange('3,1', 5), [3, 1]);
    assert.throws(() => parsePageRange('4', 3), /page 4 does not exist: the document has 3 pages/);
    assert.throws(() => parsePageRange('1,,2', 3), /an empty part/);
    assert.throws(() => parsePageRange('x', 3), /"x" is not a page number/);
    const t = await pdfText(await twoColumnPdf(), { pages: '2' });
    assert.deepEqual(t.pages.map((p) => p.number), [2]);
  });

  it('not a PDF, empty, and cut-short files fail clearly', async () => {
    await rejects(pdfText(Buffer.from('hello, this is text')), 'NOT_A_PACKAGE', /not a PDF/);
    await rejects(pdfText(Buffer.alloc(0)), 'NOT_A_PACKAGE', /empty/);
    await rejects(pdfText(Buffer.from('%PDF-1.7\n1 0 obj\n<<')), 'CORRUPT', /damaged|could not be read/);
  });

  it('an encrypted file says so; the right password opens it, a wrong one says wrong', async function () {
    const qpdf = spawnSync('qpdf', ['--version']);
    if (qpdf.error) {
      if (process.env.CI === 'true') throw new Error('qpdf is missing (CI installs it)');
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-enc-'));
    try {
      fs.writeFileSync(path.join(dir, 'plain.pdf'), await twoColumnPdf());
      const r = spawnSync('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', path.join(dir, 'plain.pdf'), path.join(dir, 'enc.pdf')]);
      assert.equal(r.status, 0, String(r.stderr));
      const enc = fs.readFileSync(path.join(dir, 'enc.pdf'));
      await rejects(pdfText(enc), 'PASSWORD_PROTECTED', /encrypted .*--password/);
      await rejects(pdfText(enc, { password: 'nope' }), 'PASSWORD_PROTECTED', /password given is wrong/);
      const t = await pdfText(enc, { password: 'secret' });
      assert.equal(t.metadata.encrypted, true);
      assert.match(t.pages[0].text, /Left column sentence number 1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('corpus (../shared/corpus/pdf)', () => {
    const files = corpusFiles('pdf', '.pdf');
    before(function () {
      if (!files.length) {
        console.log('    (no ../shared/corpus/pdf: corpus tests skipped)');
        this.skip();
      }
    });
    it('every file gives text or a clear error', async () => {
      for (const f of files) {
        const name = path.basename(f);
        try {
          const t = await pdfText(fs.readFileSync(f));
          assert.ok(t.pageCount >= 1, name);
          assert.equal(t.pages.length, t.pageCount, name);
          if (name === 'with_invalid_objects.pdf') assert.ok(t.warnings.some((w) => /damaged/.test(w)), `${name}: ${t.warnings}`);
          else assert.ok(t.pages.some((p) => p.text.length > 10), `${name} has text`);
        } catch (err) {
          assert.ok(isDocumentError(err), `${name}: ${err}`);
          assert.equal(name, 'encrypted_new.pdf', `${name} failed: ${(err as Error).message}`);
          assert.equal(err.code, 'PASSWORD_PROTECTED');
          assert.match(err.message, /encrypted/);
        }
      }
    });
    it('the Constitution reads in order and its metadata is there', async () => {
      const f = files.find((x) => x.endsWith('us_constitution.pdf'));
      if (!f) return;
      const t = await pdfText(fs.readFileSync(f), { pages: '2' });
      assert.equal(t.pageCount, 19);
      assert.match(t.pages[0].text, /^We the People of the United States, in Order to form a\nmore perfect Union/);
      assert.equal(t.metadata.title, 'constitution_pdf2');
      assert.equal(t.metadata.created, '2003-06-13T09:29:08Z');
    });
  });
});
