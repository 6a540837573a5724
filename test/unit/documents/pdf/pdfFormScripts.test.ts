// Filling forms with Greek, Cyrillic and Chinese through `cowork doc fill`: each field's
// appearance is drawn in a font that has its characters (the one `doc place` picks), so
// pypdf reads the values, poppler extracts the drawn text (after qpdf turns the widgets
// into page content, and from a --flatten result directly), and the rendered page shows
// ink in the field where the empty form had none. A character no installed font has is an
// error naming the field and the character; nothing is written.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { needs } from '../../../support/needs';
import { drawnText, needPdfReaders, popplerWords, pypdfForm } from '../../../support/pdfReaders';
import { decodePng, type DecodedPng } from '../../../support/pngDecode';

const CJK_FONT = ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'];

/** A form with a one-line name, a multi-line note and a dropdown whose options are in three scripts. */
async function formPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Registration', { x: 50, y: 740, size: 16, font });
  const form = doc.getForm();
  form.createTextField('name').addToPage(page, { x: 150, y: 690, width: 250, height: 22 });
  const notes = form.createTextField('notes');
  notes.enableMultiline();
  notes.addToPage(page, { x: 150, y: 600, width: 300, height: 60 });
  // Automatic font size, as form editors write it (pdf-lib fixes the size its empty appearance got).
  notes.acroField.setDefaultAppearance('0 0 0 rg /Helvetica 0 Tf');
  const city = form.createDropdown('city');
  city.setOptions(['Paris', 'Αθήνα', 'Москва']);
  city.addToPage(page, { x: 150, y: 540, width: 150, height: 22 });
  // The options are not Latin, so the empty form is saved without Helvetica appearances.
  return doc.save({ updateFieldAppearances: false });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoc(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Dark pixels inside a rectangle given in PDF points (origin bottom-left). */
function inkIn(img: DecodedPng, perPoint: number, pageHeight: number, r: { x: number; y: number; width: number; height: number }): number {
  let n = 0;
  const [x0, x1] = [Math.floor(r.x * perPoint), Math.ceil((r.x + r.width) * perPoint)];
  const [y0, y1] = [Math.floor((pageHeight - r.y - r.height) * perPoint), Math.ceil((pageHeight - r.y) * perPoint)];
  for (let y = y0 + 2; y < y1 - 2; y++) {
    for (let x = x0 + 2; x < x1 - 2; x++) {
      const i = (y * img.width + x) * 3;
      if (img.rgb[i] + img.rgb[i + 1] + img.rgb[i + 2] < 200) n++;
    }
  }
  return n;
}

describe('documents/pdf forms filled with non-Latin text', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-form-scripts-'));
  const form = path.join(dir, 'form.pdf');
  before(async () => fs.writeFileSync(form, await formPdf()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('Greek, Cyrillic and Chinese values are stored, drawn and rendered (CLI), also flattened', async function () {
    needPdfReaders(this);
    needs(this, CJK_FONT.some((f) => fs.existsSync(f)) ? undefined : 'Droid Sans Fallback is not installed (apt-get install fonts-droid-fallback)');
    const values = { name: 'Ωμέγα Привет', notes: 'Привет, мир\nΚαλημέρα', city: 'Москва' };
    const cjk = { ...values, notes: '北京欢迎你' };
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify(values));
    fs.writeFileSync(path.join(dir, 'cjk.json'), JSON.stringify(cjk));
    const out = path.join(dir, 'filled.pdf');
    const r = await cli(['fill', form, path.join(dir, 'data.json'), '-o', out, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).filled.map((f: { name: string; value: unknown }) => [f.name, f.value]), [['name', values.name], ['notes', values.notes], ['city', 'Москва']]);
    assert.deepEqual(pypdfForm(out).fields, { name: values.name, notes: values.notes, city: 'Москва' });
    const drawn = drawnText(out, path.join(dir, 'drawn.pdf'));
    for (const s of ['Ωμέγα Привет', 'Привет, мир', 'Καλημέρα', 'Москва']) assert.ok(drawn.includes(s), `${s} is drawn:\n${drawn}`);

    // Both lines of the note are drawn inside its box (points from the page's top-left: 132-192),
    // not one line so large that the second falls below it.
    const flatOut = path.join(dir, 'flat.pdf');
    assert.equal((await cli(['fill', form, path.join(dir, 'data.json'), '-o', flatOut, '--flatten'])).code, 0);
    const words = popplerWords(flatOut);
    for (const w of ['Привет,', 'мир', 'Καλημέρα']) {
      const box = words.find((x) => x.text === w && x.yMin > 120);
      assert.ok(box && box.xMin >= 150 && box.xMax <= 450 && box.yMin >= 132 && box.yMax <= 192, `${w} inside the note's box: ${JSON.stringify(box)}`);
    }
    const cjkOut = path.join(dir, 'cjk.pdf');
    const c = await cli(['fill', form, path.join(dir, 'cjk.json'), '-o', cjkOut, '--flatten']);
    assert.equal(c.code, 0, c.err);
    // Flattened, the text is page content: pdftotext reads it without qpdf's help.
    const flat = spawnSync('pdftotext', ['-layout', cjkOut, '-'], { encoding: 'utf8' }).stdout;
    for (const s of ['Ωμέγα Привет', '北京欢迎你', 'Москва']) assert.ok(flat.includes(s), `${s} is on the page:\n${flat}`);
    assert.deepEqual(pypdfForm(cjkOut).fields, {});

    // The rendered page: ink in each field that the empty form did not have.
    const render = async (file: string, png: string) => {
      const res = await cli(['render', file, '--page', '1', '-o', png, '--dpi', '100', '--json']);
      assert.equal(res.code, 0, res.err);
      return { img: decodePng(fs.readFileSync(png)), info: JSON.parse(res.out) as { pixelsPerPoint: number; pageHeight: number } };
    };
    const empty = await render(form, path.join(dir, 'empty.png'));
    const filled = await render(out, path.join(dir, 'filled.png'));
    const rects = { name: { x: 150, y: 690, width: 250, height: 22 }, notes: { x: 150, y: 600, width: 300, height: 60 }, city: { x: 150, y: 540, width: 150, height: 22 } };
    for (const [name, rect] of Object.entries(rects)) {
      const before = inkIn(empty.img, empty.info.pixelsPerPoint, empty.info.pageHeight, rect);
      const after = inkIn(filled.img, filled.info.pixelsPerPoint, filled.info.pageHeight, rect);
      assert.ok(after > before + 60, `${name}: ${before} dark pixels empty, ${after} filled`);
    }
  });

  it('a character no installed font has is refused with the field and the character; nothing is written', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ name: 'Zoë 𓀀', city: 'Αθήνα' }));
    const never = path.join(dir, 'never.pdf');
    const r = await cli(['fill', form, path.join(dir, 'bad.json'), '-o', never]);
    assert.equal(r.code, 1);
    assert.match(r.err, /"name" \(text\) "Zoë 𓀀" has characters no available font can show: 𓀀 U\+13000/);
    assert.doesNotMatch(r.err, /\.ttf/, 'fill cannot take a font file, so it does not suggest one');
    assert.doesNotMatch(r.err, /"city"/, 'the Greek option is fine');
    assert.equal(fs.existsSync(never), false);
  });
});
