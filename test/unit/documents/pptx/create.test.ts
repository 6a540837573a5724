// Creating decks: every slide type from a spec with the Northwind brand (colours, fonts,
// the SVG logo from docs/examples/brand-guidelines), speaker notes, a template deck's
// layouts; the engine reads them back, validate passes, and LibreOffice Impress (the
// independent reader) opens them with the expected slide count and titles, together with
// decks changed by replace and slides.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { createPptx, editSlides, readPptx, replaceText, validatePptx } from '../../../../src/documents/pptx';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { corpusDir } from '../../../support/corpus';
import { requireTool } from '../../../support/libreOffice';
import { impressMissing, loSlides } from '../../../support/loPresentation';
import { PNG_1PX } from '../../../support/pptxBuilder';
import { REPO_ROOT } from '../../../support/repoRoot';

const BRAND = path.join(REPO_ROOT, 'docs/examples/brand-guidelines');

function spec(dir: string) {
  fs.copyFileSync(path.join(BRAND, 'assets/northwind-logo.svg'), path.join(dir, 'logo.svg'));
  fs.writeFileSync(path.join(dir, 'photo.png'), PNG_1PX);
  return {
    title: 'Northwind review',
    theme: { colors: { primary: '#0B2545', accent: '#13A89E', accent2: '#F2A541', text: '#222831', background: '#FFFFFF', neutral: '#E8EEF2' }, fonts: { heading: 'Montserrat SemiBold', body: 'Source Sans 3' }, logo: 'logo.svg', logoPosition: 'bottom-right' },
    slides: [
      { type: 'title', title: 'Three themes from the field', subtitle: 'Quarterly review', notes: 'Welcome everyone.' },
      { type: 'section', title: 'Growth' },
      { type: 'bullets', title: 'Growth in every region', bullets: ['EMEA up 12%', { text: 'Germany led', level: 1 }, 'APAC flat'] },
      { type: 'twoColumn', title: 'Before and after', leftHeading: 'Before', left: ['Manual'], rightHeading: 'After', right: ['Automated'] },
      { type: 'image', title: 'The warehouse', image: 'photo.png', caption: 'Rotterdam' },
      { type: 'table', title: 'Revenue by region', columns: ['Region', 'Q1'], rows: [['EMEA', 12], ['APAC', 9]] },
      { type: 'chart', title: 'Revenue trend', chart: { type: 'bar', categories: ['Q1', 'Q2'], series: [{ name: 'EMEA', values: [12, 14] }] } },
      { type: 'chart', title: 'Mix', chart: { type: 'pie', categories: ['A', 'B'], series: [{ name: 'Share', values: [60, 40] }] } },
      { type: 'chart', title: 'Orders', chart: { type: 'line', categories: ['Jan', 'Feb'], series: [{ name: 'Orders', values: [3, 5] }] } },
      { type: 'quote', quote: 'Ship small, ship often.', attribution: 'Ops', notes: 'Pause here.' },
    ],
  };
}
const TITLES = ['Three themes from the field', 'Growth', 'Growth in every region', 'Before and after', 'The warehouse', 'Revenue by region', 'Revenue trend', 'Mix', 'Orders', ''];

describe('documents/pptx create', function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-create-'));

  it('writes every slide type with the brand theme, logo, charts and notes (CLI)', async () => {
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec(dir)));
    let out = '';
    let err = '';
    const code = await runDoc(['new', path.join(dir, 'spec.json'), '-o', path.join(dir, 'deck.pptx'), '--json'], { out: (t) => (out += t), err: (t) => (err += t) });
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out).slides, 10);
    const data = fs.readFileSync(path.join(dir, 'deck.pptx'));
    assert.deepEqual(validatePptx(data).filter((f) => f.severity === 'error'), []);
    const deck = readPptx(data);
    assert.deepEqual(deck.slides.map((s) => s.title ?? ''), TITLES);
    assert.deepEqual(deck.slides.map((s) => s.layout?.type), ['title', 'secHead', 'obj', 'twoObj', 'titleOnly', 'titleOnly', 'titleOnly', 'titleOnly', 'titleOnly', 'blank']);
    assert.equal(deck.slides[0].notes, 'Welcome everyone.');
    assert.deepEqual(deck.slides[2].shapes[1].paragraphs.map((p) => [p.text, p.level]), [['EMEA up 12%', 0], ['Germany led', 1], ['APAC flat', 0]]);
    assert.deepEqual(deck.slides[5].tables[0].rows.map((r) => r.map((c) => c.text)), [['Region', 'Q1'], ['EMEA', '12'], ['APAC', '9']]);
    assert.ok(deck.slides.every((s) => s.images.some((i) => i.target.endsWith('.png') && i.svg?.endsWith('.svg'))), 'the logo is on every slide, as a PNG with its SVG');
    const pkg = OoxmlPackage.open(data);
    const theme = pkg.bytes('ppt/theme/theme1.xml').toString();
    assert.match(theme, /<a:dk2><a:srgbClr val="0B2545"\/><\/a:dk2>/);
    assert.match(theme, /<a:majorFont><a:latin typeface="Montserrat SemiBold"\/>/);
    assert.match(pkg.bytes('ppt/charts/chart2.xml').toString(), /<c:pieChart>/);
    assert.ok(pkg.has('ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx'));
  });

  it('builds on a template deck\'s layouts and theme', async function () {
    const tpl = corpusDir('pptx') && path.join(corpusDir('pptx')!, 'table_test.pptx');
    if (!tpl || !fs.existsSync(tpl)) return this.skip();
    fs.copyFileSync(tpl, path.join(dir, 'template.pptx'));
    const data = await createPptx({ template: 'template.pptx', slides: [{ type: 'title', title: 'From the template' }, { type: 'bullets', title: 'Points', bullets: ['one', 'two'] }] }, { baseDir: dir });
    fs.writeFileSync(path.join(dir, 'templated.pptx'), data);
    const deck = readPptx(data);
    assert.deepEqual(deck.slides.map((s) => s.title), ['From the template', 'Points']);
    assert.deepEqual(deck.slides.map((s) => s.layout?.part), ['ppt/slideLayouts/slideLayout1.xml', 'ppt/slideLayouts/slideLayout2.xml']);
    assert.equal(deck.layouts.length, 11);
    assert.deepEqual(validatePptx(data).filter((f) => f.severity === 'error'), []);
  });

  it('reports spec mistakes by JSON path', async () => {
    await assert.rejects(() => createPptx({ slides: [{ type: 'chart', title: 'x', chart: { type: 'radar', categories: ['a'], series: [] } }] }), /slides\[0\]\.chart\.type: one of bar, column, line, pie/);
    await assert.rejects(() => createPptx({ slides: [{ type: 'table', title: 'x', columns: ['a', 'b'], rows: [['1']] }] }), /slides\[0\]\.rows\[0\]: a list of 2 cells/);
    await assert.rejects(() => createPptx({ slides: [{ type: 'image', image: 'nope.png' }] }, { baseDir: dir }), /slides\[0\]\.image: cannot read nope\.png \(ENOENT\)/);
    await assert.rejects(() => createPptx({ slides: [{ type: 'bulets', title: 'x' }] }), /slides\[0\]\.type: one of title, section/);
  });

  it('LibreOffice opens the created, templated, replaced and rearranged decks with the expected slides and titles', function () {
    requireTool(this, impressMissing());
    this.timeout(1_200_000);
    const made = fs.readFileSync(path.join(dir, 'deck.pptx'));
    fs.writeFileSync(path.join(dir, 'replaced.pptx'), replaceText(made, { 's3.sh2': 'Growth, region by region', 's3.sh3': ['One', { text: 'Two', level: 1 }] }).data);
    fs.writeFileSync(path.join(dir, 'rearranged.pptx'), editSlides(made, [{ op: 'duplicate', slide: 3 }, { op: 'delete', slide: 10 }, { op: 'move', slide: 2, to: 1 }]).data);
    const files = ['deck.pptx', 'replaced.pptx', 'rearranged.pptx', 'templated.pptx'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
    const [deck, replaced, rearranged, templated] = loSlides(files);
    assert.deepEqual(deck.map((s) => s.title), TITLES);
    assert.match(deck[2].text, /EMEA up 12%\nGermany led\nAPAC flat/);
    assert.match(deck[5].text, /Region\nQ1\nEMEA\n12/);
    assert.deepEqual(replaced.map((s) => s.title), [TITLES[0], TITLES[1], 'Growth, region by region', ...TITLES.slice(3)]);
    assert.match(replaced[2].text, /One\nTwo/);
    assert.deepEqual(rearranged.map((s) => s.title), ['Growth', TITLES[0], TITLES[2], TITLES[2], ...TITLES.slice(3, 8), '']);
    if (templated) assert.deepEqual(templated.map((s) => s.title), ['From the template', 'Points']);
  });
});
