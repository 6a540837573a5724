// Form fields that survive a page copy (merge, split, extract): checked by readers that
// share no code with pdf-lib (pypdf for values, qpdf for widgets per page and for the
// objects written, poppler for what the appearances draw) and by filling the result.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from '@cantoo/pdf-lib';
import { extractPages, fillPdf, mergePdfs, pdfFields, splitPdf } from '../../../../src/documents/pdf';
import { corpusDir } from '../../../support/corpus';
import { drawnText, needPdfReaders, pypdfForm, qpdfFields } from '../../../support/pdfReaders';

/** Two pages; a radio group with one button on each, a text field per page, and the form's /Helv set to `font`. */
async function twoPageForm(font: StandardFonts): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const p1 = doc.addPage([300, 300]);
  const p2 = doc.addPage([300, 300]);
  p1.drawText('first page marker', { x: 20, y: 260, size: 10 });
  p2.drawText('second page marker', { x: 20, y: 260, size: 10 });
  const form = doc.getForm();
  form.createTextField('who').addToPage(p1, { x: 20, y: 200, width: 200, height: 20 });
  form.createTextField('where').addToPage(p2, { x: 20, y: 200, width: 200, height: 20 });
  const pick = form.createRadioGroup('pick');
  pick.addOptionToPage('front', p1, { x: 20, y: 150, width: 14, height: 14 });
  pick.addOptionToPage('back', p2, { x: 20, y: 150, width: 14, height: 14 });
  // The fields take their appearance string from the form (/DA below), as many real forms do.
  for (const field of form.getFields()) {
    field.acroField.dict.delete(PDFName.of('DA'));
    for (const w of field.acroField.getWidgets()) w.dict.delete(PDFName.of('DA'));
  }
  const acro = doc.catalog.getOrCreateAcroForm().dict;
  acro.set(PDFName.of('DA'), PDFString.of('/Helv 0 Tf 0 g'));
  const fonts = doc.context.obj({});
  fonts.set(PDFName.of('Helv'), (await doc.embedFont(font)).ref);
  acro.set(PDFName.of('DR'), doc.context.obj({ Font: fonts }));
  return doc.save({ updateFieldAppearances: false });
}

describe('documents/pdf form fields carried through merge, split and extract', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-carry-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, data: Uint8Array) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };

  it("merge: each input's fields work, a clashing font name in /DR is renamed in that input's appearance strings", async function () {
    needPdfReaders(this);
    const m = await mergePdfs([{ data: await twoPageForm(StandardFonts.Helvetica), name: 'a.pdf' }, { data: await twoPageForm(StandardFonts.Courier), name: 'b.pdf' }]);
    assert.deepEqual(m.renamedFields.map((r) => `${r.file}:${r.from}>${r.to}`), ['b.pdf:who>who_2', 'b.pdf:where>where_2', 'b.pdf:pick>pick_2']);
    const out = await PDFDocument.load(m.data);
    const acro = out.catalog.getAcroForm()!.dict;
    const dr = (acro.lookup(PDFName.of('DR')) as PDFDict).lookup(PDFName.of('Font')) as PDFDict;
    const base = (name: string) => ((dr.lookup(PDFName.of(name)) as PDFDict).get(PDFName.of('BaseFont')) as PDFName).decodeText();
    assert.deepEqual([base('Helv'), base('Helv_2')], ['Helvetica', 'Courier']);
    const da = (name: string) => (out.getForm().getField(name).acroField.dict.lookup(PDFName.of('DA')) as PDFString).decodeText();
    assert.deepEqual([da('who'), da('who_2')], ['/Helv 0 Tf 0 g', '/Helv_2 0 Tf 0 g']);
    const q = qpdfFields(file('m.pdf', m.data));
    assert.deepEqual(q.map((w) => `${w.fullname}@${w.pageposfrom1}`).sort(), ['pick@1', 'pick@2', 'pick_2@3', 'pick_2@4', 'where@2', 'where_2@4', 'who@1', 'who_2@3']);
    const filled = await fillPdf(m.data, { who: 'Ana', who_2: 'Ben', pick: 'back', pick_2: 'front' });
    const f = file('mf.pdf', filled.data);
    assert.deepEqual(pypdfForm(f).fields, { who: 'Ana', where: null, pick: 'back', who_2: 'Ben', where_2: null, pick_2: 'front' });
    const pages = drawnText(f, path.join(dir, 'mf-flat.pdf')).split('\f');
    assert.match(pages[0]!, /Ana/);
    assert.match(pages[2]!, /Ben/);
  });

  it('split and extract: only the chosen pages come along, a field keeps the widgets on them, a page taken twice gets fields of its own', async function () {
    needPdfReaders(this);
    const form = await twoPageForm(StandardFonts.Helvetica);
    const [, back] = await splitPdf(form);
    const f = file('back.pdf', back!.data);
    assert.deepEqual(qpdfFields(f).map((w) => `${w.fullname}@${w.pageposfrom1}`), ['where@1', 'pick@1']);
    const objects = spawnSync('qpdf', ['--qdf', '--object-streams=disable', f, '-'], { encoding: 'latin1', maxBuffer: 1 << 26 }).stdout;
    assert.equal(objects.match(/\/Type \/Page\b/g)?.length, 1, 'the first page is not copied along with the radio group');
    assert.doesNotMatch(objects, /first page marker/);
    assert.equal(pypdfForm(f).fields.pick, null);
    const backFilled = await fillPdf(back!.data, { pick: 'back', where: 'Lyon' });
    assert.deepEqual(pypdfForm(file('back-filled.pdf', backFilled.data)).fields, { where: 'Lyon', pick: 'back' });
    await assert.rejects(fillPdf(back!.data, { who: 'x' }), /"who".*no such field/i);

    const twice = await extractPages(form, '1,1');
    assert.deepEqual(twice.renamedFields.map((r) => r.to), ['who_2', 'pick_2']);
    const t = file('twice.pdf', (await fillPdf(twice.data, { who: 'one', who_2: 'two' })).data);
    assert.deepEqual(qpdfFields(t).map((w) => `${w.fullname}@${w.pageposfrom1}=${w.value ?? ''}`), ['who@1=one', 'pick@1=', 'who_2@2=two', 'pick_2@2=']);
  });

  it('corpus sample_form.pdf merged with itself: all fields twice, its own fonts draw the filled values', async function () {
    needPdfReaders(this);
    const c = corpusDir('pdf');
    if (!c) return this.skip();
    const data = fs.readFileSync(path.join(c, 'sample_form.pdf'));
    const one = await pdfFields(data);
    const m = await mergePdfs([{ data, name: 'x.pdf' }, { data, name: 'y.pdf' }]);
    const names = (await pdfFields(m.data)).map((x) => x.name);
    assert.equal(names.length, 2 * one.length);
    assert.equal(m.renamedFields.length, one.length);
    const filled = await fillPdf(m.data, { Name_Last: 'Lima', Name_Last_2: 'Okafor', City_2: 'Lagos' });
    const f = file('sample2.pdf', filled.data);
    const py = pypdfForm(f).fields;
    assert.deepEqual([py.Name_Last, py.Name_Last_2, py.City, py.City_2], ['Lima', 'Okafor', 'Timbuktu', 'Lagos']);
    const pages = drawnText(f, path.join(dir, 'sample2-flat.pdf')).split('\f');
    assert.match(pages[0]!, /Lima/);
    assert.match(pages[1]!, /Okafor[\s\S]*Lagos|Lagos[\s\S]*Okafor/);
  });
});
