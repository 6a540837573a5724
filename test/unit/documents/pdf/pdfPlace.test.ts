// Text placed on pages without form fields, checked by a reader that is not ours: poppler's
// pdftotext -bbox must find each word where it was asked for (x at the left edge, the
// baseline inside the word's box), on an upright page and on one turned 90 degrees; bad
// entries are all listed and nothing is written. The positions `pdfText` reports for the
// labels are in the same coordinates, so a label's position can be used directly.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { DocumentError } from '../../../../src/documents/ooxml';
import { pdfText, placeText } from '../../../../src/documents/pdf';
import { linesPdf } from '../../../support/pdfFixtures';
import { needPdfReaders, popplerWords } from '../../../support/pdfReaders';

describe('documents/pdf placing text (forms without fields)', function () {
  this.timeout(60_000);
  let dir: string;
  let form: Uint8Array;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-pdf-place-'));
    // Page 1 upright with printed labels; page 2 turned 90 degrees clockwise (/Rotate 90), its
    // label drawn turned the other way so that it reads upright as shown, as a scanner's
    // landscape pages do.
    const doc = await PDFDocument.load(await linesPdf({ pages: [['Name:', 'City:']] }));
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const turned = doc.addPage([612, 792]);
    turned.setRotation(degrees(90));
    turned.drawText('Signed at:', { x: 100, y: 60, size: 12, font, rotate: degrees(90) });
    form = await doc.save();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('puts each text where asked on upright and rotated pages, as pdftotext -bbox reads it', async function () {
    needPdfReaders(this);
    const t = await pdfText(form, { positions: true });
    const name = t.pages[0]!.lines!.find((l) => l.text === 'Name:')!;
    assert.deepEqual([name.x, name.y, name.size], [72, 72, 12], 'labels are reported from the top-left, y at the baseline');
    const signed = t.pages[1]!.lines!.find((l) => l.text === 'Signed at:') ?? assert.fail(JSON.stringify(t.pages[1]));
    assert.equal(t.pages[1]!.width, 792, 'page 2 is shown landscape');
    const r = await placeText(form, [
      { page: 1, x: name.x + name.width + 8, y: name.y, text: 'Ana Pérez', size: 11 },
      { page: 1, x: 120, y: 88, text: 'Lyon', font: 'courier', color: '#1f3a93' },
      { page: 2, x: signed.x + signed.width + 8, y: signed.y, text: 'Porto' },
      { page: 1, x: 300, y: 400, text: 'A very long note that must shrink', size: 12, maxWidth: 100 },
    ]);
    const out = path.join(dir, 'placed.pdf');
    fs.writeFileSync(out, r.data);
    assert.ok(r.placed[3]!.size < 12, 'shrunk to fit maxWidth');
    const words = popplerWords(out);
    const at = (text: string) => words.find((w) => w.text === text) ?? assert.fail(`pdftotext did not find ${text}: ${JSON.stringify(words)}`);
    const ana = at('Ana');
    assert.ok(Math.abs(ana.xMin - (name.x + name.width + 8)) < 0.6, `x ${ana.xMin}`);
    assert.ok(ana.yMin < 72 && ana.yMax > 72 && ana.yMax < 76, `the baseline 72 is inside the word's box: ${ana.yMin}-${ana.yMax}`);
    assert.equal(at('Pérez').page, 1);
    const lyon = at('Lyon');
    assert.ok(Math.abs(lyon.xMin - 120) < 0.6 && lyon.yMin < 88 && lyon.yMax > 88, JSON.stringify(lyon));
    const signedByPoppler = at('Signed');
    assert.ok(Math.abs(signedByPoppler.xMin - signed.x) < 0.6 && signedByPoppler.yMin < signed.y && signedByPoppler.yMax > signed.y, 'pdf.js and poppler agree on the label');
    const porto = at('Porto');
    assert.equal(porto.page, 2);
    assert.ok(Math.abs(porto.xMin - (signed.x + signed.width + 8)) < 0.6 && porto.yMin < signed.y && porto.yMax > signed.y, `on the turned page, beside its label: ${JSON.stringify(porto)} ${JSON.stringify(signed)}`);
    const note = at('shrink');
    assert.ok(note.xMax <= 400.5, `maxWidth kept: ends at ${note.xMax}`);
    // Our own reader reads the same line back, left to right, on the turned page too.
    const back = await pdfText(r.data, { positions: true });
    assert.ok(back.pages[1]!.lines!.some((l) => l.text === 'Signed at: Porto' || l.text === 'Porto'), JSON.stringify(back.pages[1]!.lines));
  });

  it('checks every entry first: all problems listed, nothing drawn', async () => {
    const bad = [
      { page: 3, x: 10, y: 10, text: 'x' },
      { page: 1, x: 700, y: 10, text: 'off the page' },
      { page: 1, x: 10, y: 10, text: 'Ω omega', font: 'times' },
      { page: 1, x: 10, y: 10, text: 'x', size: 2 },
      { page: 1, x: 10, y: 10, text: '', colour: 'red' },
      { page: 1, x: 10, y: 10, text: 'x', font: 'comic-sans' },
      { page: 1, x: 10, y: 10, text: 'far too long a text for ten points of width', maxWidth: 10 },
    ];
    await assert.rejects(placeText(form, bad), (e: DocumentError) => {
      assert.equal(e.code, 'INVALID_ARGUMENT');
      const lines = e.message.split('\n');
      assert.equal(lines[0], '7 texts cannot be placed, nothing was written:');
      assert.match(lines[1]!, /entry 1: page 3 does not exist: the document has 2 pages/);
      assert.match(lines[2]!, /entry 2: \(700, 10\) is off page 1, which is 612×792 points/);
      assert.match(lines[3]!, /entry 3: "Ω omega" has characters font "times" cannot show: Ω U\+03A9 \(the standard fonts show Latin only: leave font out, or use "sans"/);
      assert.match(lines[4]!, /entry 4: size must be a number of points from 4 to 144/);
      assert.match(lines[5]!, /entry 5: unknown key colour/);
      assert.match(lines[6]!, /entry 6: font "comic-sans" is not one of helvetica, helvetica-bold, times, courier, sans, sans-bold, serif, mono, cjk \(or a \.ttf\/\.otf file\)/);
      assert.match(lines[7]!, /entry 7: .* does not fit in 10 points even at 5 pt/);
      return true;
    });
    await assert.rejects(placeText(form, { page: 1 }), /give a JSON list/);
  });

  it('Greek, Cyrillic and CJK: an installed font embedded as a subset, read back by pdftotext where it was put', async function () {
    needPdfReaders(this);
    const missing = ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'].filter((f) => !fs.existsSync(f));
    if (missing.length) {
      if (process.env.CI === 'true') throw new Error(`${missing.join(', ')} is not installed (apt-get install fonts-droid-fallback)`);
      return this.skip();
    }
    const texts = [
      { page: 1, x: 150, y: 72, text: 'Ελένη Παπαδοπούλου' },
      { page: 1, x: 150, y: 88, text: 'Москва' },
      { page: 1, x: 150, y: 120, text: '北京市朝阳区' },
      { page: 1, x: 150, y: 140, text: '東京都 渋谷区', size: 9 },
      { page: 1, x: 150, y: 160, text: 'Ωmega serif', font: 'serif' },
      { page: 2, x: 100, y: 100, text: 'Ζωή' },
    ];
    const r = await placeText(form, texts);
    assert.deepEqual(r.placed.map((p) => p.font), ['sans', 'sans', 'cjk', 'cjk', 'serif', 'sans']);
    assert.ok(r.data.length - form.length < 120_000, `only the glyphs used are embedded (the CJK font file is 4 MB): ${r.data.length - form.length} bytes added`);
    const out = path.join(dir, 'unicode.pdf');
    fs.writeFileSync(out, r.data);
    const words = popplerWords(out);
    for (const t of texts) {
      for (const [i, word] of t.text.split(' ').entries()) {
        const w = words.find((x) => x.text === word && x.page === t.page) ?? assert.fail(`pdftotext did not find ${word}: ${JSON.stringify(words.map((x) => x.text))}`);
        if (i === 0) assert.ok(Math.abs(w.xMin - t.x) < 1 && w.yMin < t.y && w.yMax > t.y - 1, `${word} at ${t.x},${t.y}: ${JSON.stringify(w)}`);
      }
    }
    await assert.rejects(placeText(form, [{ page: 1, x: 10, y: 10, text: 'smile \u{1F600}' }]), /"smile 😀" has characters no available font can show: 😀 U\+1F600/);
    await assert.rejects(placeText(form, [{ page: 1, x: 10, y: 10, text: 'Ζωή 北京' }]), /"Ζωή 北京" mixes scripts no one installed font has: "sans" lacks 北 U\+5317, 京 U\+4EAC; "cjk" lacks Ζ U\+0396, .* \(place the parts as separate entries/);
  });
});
