// PDF forms: discovery of every kind of field, filling with type checks, appearances that
// other readers draw, flattening; checked by pypdf, qpdf and poppler, on a generated form
// with every kind of field and on the corpus forms.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDocumentError } from '../../../../src/documents/ooxml';
import { fillPdf, pdfFields, type FillData, type PdfField } from '../../../../src/documents/pdf';
import { corpusFiles } from '../../../support/corpus';
import { allKindsFormPdf } from '../../../support/pdfFixtures';
import { drawnText, needPdfReaders, pypdfForm, qpdfFields } from '../../../support/pdfReaders';

/** A value of the right kind for each fillable field, different from what it holds. */
function valuesFor(fields: PdfField[]): FillData {
  const out: FillData = {};
  for (const f of fields) {
    if (f.readOnly || f.type === 'signature' || f.type === 'button') continue;
    if (f.type === 'text') out[f.name] = `v ${f.name}`.slice(0, f.maxLength ?? 1000);
    else if (f.type === 'checkbox') out[f.name] = !f.value;
    else if (f.type === 'radio' || f.type === 'dropdown') out[f.name] = f.options![f.options!.length - 1];
    else if (f.type === 'list') out[f.name] = [f.options![f.options!.length - 1]];
  }
  return out;
}

/** What pypdf should read back for a value we filled. */
function expectedPypdf(f: PdfField, v: FillData[string]): unknown {
  if (f.type === 'checkbox') return v ? (f.widgets[0].onValue ?? 'Yes') : 'Off';
  if (f.type === 'list') return (v as string[]).length === 1 ? (v as string[])[0] : v;
  return v;
}

describe('documents/pdf forms', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-forms-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('discovers every kind of field with its page, rectangle, options, value and flags', async () => {
    const fields = await pdfFields(await allKindsFormPdf());
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    assert.deepEqual(fields.map((f) => [f.name, f.type]), [
      ['applicant.name', 'text'], ['applicant.notes', 'text'], ['zip', 'text'], ['office', 'text'],
      ['agree', 'checkbox'], ['size', 'radio'], ['country', 'dropdown'], ['languages', 'list'],
    ]);
    assert.equal(by['applicant.name'].required, true);
    // pdf-lib widens a widget by half its 1-point border on each side.
    assert.deepEqual(by['applicant.name'].rect, [149.5, 689.5, 201, 21]);
    assert.equal(by['applicant.name'].page, 1);
    assert.equal(by['applicant.notes'].multiline, true);
    assert.equal(by.zip.maxLength, 5);
    assert.equal(by.office.readOnly, true);
    assert.equal(by.office.value, 'Head office');
    assert.equal(by.agree.value, false);
    assert.deepEqual(by.size.options, ['Small', 'Medium', 'Large']);
    assert.equal(by.size.widgets.length, 3);
    assert.equal(by.size.value, null);
    assert.deepEqual(by.country.options, ['Canada', 'France', 'Japan']);
    assert.equal(by.languages.multiSelect, true);
    assert.deepEqual(by.languages.value, []);
  });

  it('fills with values pypdf and qpdf read back, appearances drawn, then flattens', async function () {
    needPdfReaders(this);
    const data: FillData = { 'applicant.name': 'Ana Lima', 'applicant.notes': 'Line one\nLine two', zip: '75001', agree: true, size: 'Medium', country: 'Japan', languages: ['French', 'German'] };
    const r = await fillPdf(await allKindsFormPdf(), data);
    const out = path.join(dir, 'filled.pdf');
    fs.writeFileSync(out, r.data);
    assert.deepEqual(r.filled.map((f) => f.name), Object.keys(data));
    const py = pypdfForm(out);
    assert.deepEqual(py.fields, { 'applicant.name': 'Ana Lima', 'applicant.notes': 'Line one\nLine two', zip: '75001', office: 'Head office', agree: 'Yes', size: 'Medium', country: 'Japan', languages: ['French', 'German'] });
    const q = qpdfFields(out);
    assert.equal(q.find((w) => w.fullname === 'applicant.name')!.value, 'Ana Lima');
    // The second of three radio widgets is on (pdf-lib names their states by index and maps them through /Opt).
    assert.deepEqual(q.filter((w) => w.fullname === 'size').map((w) => w.annotation.appearancestate !== '/Off'), [false, true, false]);
    assert.equal(q.find((w) => w.fullname === 'agree')!.annotation.appearancestate, '/Yes');
    // The values are in the widgets' own appearance streams, so any viewer shows them.
    const drawn = drawnText(out, path.join(dir, 'drawn.pdf'));
    for (const s of ['Ana Lima', 'Line one', 'Line two', '75001', 'Japan', 'Head office']) assert.ok(drawn.includes(s), `${s} is drawn:\n${drawn}`);
    const flat = await fillPdf(await allKindsFormPdf(), data, { flatten: true });
    const flatFile = path.join(dir, 'flat.pdf');
    fs.writeFileSync(flatFile, flat.data);
    assert.deepEqual(await pdfFields(flat.data), []);
    const pyFlat = pypdfForm(flatFile);
    assert.deepEqual(pyFlat.fields, {});
    assert.equal(pyFlat.widgets, 0);
    assert.match(drawnText(flatFile, path.join(dir, 'flat-drawn.pdf')), /Ana Lima[\s\S]*75001/);
  });

  it('a wrong value is an error naming the field (and the allowed options); nothing is filled', async () => {
    const form = await allKindsFormPdf();
    await assert.rejects(fillPdf(form, { size: 'Huge', contry: 'France', zip: '1234567', office: 'x', agree: 'perhaps', 'applicant.name': 'Zoë 𓀀' }), (err: unknown) => {
      assert.ok(isDocumentError(err));
      assert.equal(err.code, 'INVALID_ARGUMENT');
      const lines = err.message.split('\n');
      assert.equal(lines[0], '6 values do not fit the form, nothing was written:');
      assert.match(err.message, /"size" \(radio\) "Huge" is not one of the options: "Small", "Medium", "Large"/);
      assert.match(err.message, /"contry": no such field \(did you mean "country"\?\)/);
      assert.match(err.message, /"zip" \(text\) takes at most 5 characters; "1234567" has 7/);
      assert.match(err.message, /"office" \(text\) is read-only/);
      assert.match(err.message, /"agree" \(checkbox\) is a checkbox: give true or false/);
      assert.match(err.message, /"applicant.name" \(text\) "Zoë 𓀀" has characters no available font can show: 𓀀 U\+13000/);
      return true;
    });
    await assert.rejects(fillPdf(form, { country: ['Canada', 'Japan'] }), /"country" \(dropdown\) takes one option, not 2/);
    await assert.rejects(fillPdf(form, { 'applicant.name': 'two\nlines' }), /single-line field/);
  });

  describe('corpus forms (sample_form.pdf, form_to_flatten.pdf)', () => {
    const files = corpusFiles('pdf', '.pdf').filter((f) => /sample_form|form_to_flatten/.test(f));
    before(function () {
      if (files.length < 2) {
        console.log('    (no ../shared/corpus/pdf forms: skipped)');
        this.skip();
      }
    });
    it('every field is discovered with its type, as qpdf lists them', async function () {
      needPdfReaders(this);
      for (const file of files) {
        const fields = await pdfFields(fs.readFileSync(file));
        const q = qpdfFields(file);
        assert.deepEqual(new Set(fields.map((f) => f.name)), new Set(q.map((w) => w.fullname)), path.basename(file));
        for (const f of fields) {
          const w = q.find((x) => x.fullname === f.name)!;
          const qType = w.fieldtype === '/Sig' ? 'signature' : w.ischeckbox ? 'checkbox' : w.isradiobutton ? 'radio' : w.istext ? 'text' : w.ischoice ? 'choice' : 'button';
          assert.equal(f.type === 'dropdown' || f.type === 'list' ? 'choice' : f.type, qType, `${path.basename(file)} ${f.name}`);
          assert.equal(f.page, w.pageposfrom1, f.name);
        }
      }
    });
    it('every fillable field filled, read back the same by pypdf, drawn, then flattened', async function () {
      needPdfReaders(this);
      for (const file of files) {
        const name = path.basename(file, '.pdf');
        const blank = fs.readFileSync(file);
        const fields = await pdfFields(blank);
        const values = valuesFor(fields);
        assert.ok(Object.keys(values).length >= 8, `${name}: ${Object.keys(values).length} fillable fields`);
        const out = path.join(dir, `${name}-filled.pdf`);
        fs.writeFileSync(out, (await fillPdf(blank, values)).data);
        const py = pypdfForm(out);
        for (const f of fields) if (f.name in values) assert.deepEqual(py.fields[f.name], expectedPypdf(f, values[f.name]), `${name}: ${f.name}`);
        const again = Object.fromEntries((await pdfFields(fs.readFileSync(out))).map((f) => [f.name, f.value]));
        for (const [k, v] of Object.entries(values)) assert.deepEqual(again[k], v, `${name}: ${k} read back by us`);
        const drawn = drawnText(out, path.join(dir, `${name}-drawn.pdf`));
        for (const f of fields) if (f.type === 'text' && f.name in values) assert.ok(drawn.replace(/\s+/g, ' ').includes(String(values[f.name])), `${name}: ${f.name} drawn`);
        const flat = path.join(dir, `${name}-flat.pdf`);
        fs.writeFileSync(flat, (await fillPdf(blank, values, { flatten: true })).data);
        assert.equal(pypdfForm(flat).widgets, 0, `${name}: no widgets left after flattening`);
        assert.deepEqual(qpdfFields(flat), []);
      }
    });
  });
});
