// `cowork doc` on PDFs, driven as a person would: the bundled stand-alone CLI (the one
// the sandbox runs, with no node_modules beside it) spawned on real and generated files.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusDir } from '../../../support/corpus';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';
import { PNG } from 'pngjs';
import { allKindsFormPdf, cjkPdf, linesPdf, receiptPdf, scannedTextPdf, twoColumnPdf } from '../../../support/pdfFixtures';
import { drawnText, needPdfReaders, popplerWords, pypdfForm, qpdfFields } from '../../../support/pdfReaders';

const REPO = path.resolve(__dirname, '../../../..');

describe('documents/cli cowork doc on PDFs', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;
  const doc = (...args: string[]) => runDocCli(cli, dir, args);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-pdf-cli-'));
    cli = buildDocCli(dir);
    fs.writeFileSync(path.join(dir, 'columns.pdf'), await twoColumnPdf());
    fs.writeFileSync(path.join(dir, 'form.pdf'), await allKindsFormPdf());
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: page markers, --pages, --layout, --json with page count and metadata', () => {
    const r = doc('text', 'columns.pdf');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', 'no warnings from pdf.js on a sound file');
    assert.match(r.out, /^=== page 1 of 2 ===\nA Title Across Both Columns\n\nLeft column sentence number 1/);
    assert.match(r.out, /=== page 2 of 2 ===\nSecond page text\n$/);
    const layout = doc('text', 'columns.pdf', '--layout', '--pages', '1');
    assert.match(layout.out, /Left column sentence number 3 runs on a bit {3,}Right column sentence number 3 runs on too/);
    assert.doesNotMatch(layout.out, /page 2/);
    const j = JSON.parse(doc('text', 'columns.pdf', '--json', '--pages=2').out);
    assert.equal(j.pageCount, 2);
    assert.equal(j.metadata.title, 'Two columns');
    assert.deepEqual(j.pages.map((p: { number: number; text: string }) => [p.number, p.text]), [[2, 'Second page text']]);
    const info = doc('info', 'columns.pdf');
    assert.match(info.out, /^pages: 2\ntitle: Two columns\nauthor: Test Author/);
  });

  it("text runs under the sandbox's address-space limit (RLIMIT_AS 8 GiB: loading pdf.js must not start undici's WebAssembly)", () => {
    const r = spawnSync('sh', ['-c', `ulimit -v 8388608 && exec "${process.execPath}" "${cli}" text columns.pdf --pages 2`], { encoding: 'utf8', timeout: 60_000, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '=== page 2 of 2 ===\nSecond page text\n');
  });

  it('bad input: one clear line and a failing status, JSON error with --json', () => {
    fs.writeFileSync(path.join(dir, 'notes.pdf'), 'just some notes');
    const r = doc('text', 'notes.pdf');
    assert.equal(r.code, 1);
    assert.equal(r.err, 'cowork doc text: notes.pdf: this is not a PDF (no %PDF- header)\n');
    const j = doc('text', 'notes.pdf', '--json');
    assert.equal(JSON.parse(j.out).error.code, 'NOT_A_PACKAGE');
    const range = doc('text', 'columns.pdf', '--pages', '5');
    assert.equal(range.code, 1);
    assert.match(range.err, /columns\.pdf: page 5 does not exist: the document has 2 pages/);
    assert.equal(doc('text', 'missing.pdf').code, 1);
  });

  it('corpus: encrypted_new.pdf says encrypted, with_invalid_objects.pdf warns and does not crash', function () {
    const c = corpusDir('pdf');
    if (!c) return this.skip();
    const enc = doc('text', path.join(c, 'encrypted_new.pdf'));
    assert.equal(enc.code, 1);
    assert.match(enc.err, /encrypted_new\.pdf: the PDF is encrypted \(password-protected\); give the password with --password-file FILE, --password-stdin or --password PW\n$/);
    const bad = doc('text', path.join(c, 'with_invalid_objects.pdf'));
    assert.equal(bad.code, 0, bad.err);
    assert.match(bad.err, /warning: the cross-reference offset .* the file is damaged/);
    assert.match(bad.out, /=== page 1 of 1 ===\n\[no text on this page\]/);
  });

  it('fields: one line per field, --json with every property', () => {
    const r = doc('fields', 'form.pdf');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^"applicant.name" {2}text {2}p1 \[149.5, 689.5, 201, 21\] {2}\(required\)$/m);
    assert.match(r.out, /^"size" {2}radio {2}p1 .* options: "Small", "Medium", "Large"$/m);
    assert.match(r.out, /^"office" {2}text {2}p1 .* = "Head office" {2}\(read-only\)$/m);
    const j = JSON.parse(doc('fields', 'form.pdf', '--json').out);
    assert.equal(j.fields.length, 8);
    assert.deepEqual(Object.keys(j.fields[0]).slice(0, 5), ['name', 'type', 'page', 'rect', 'widgets']);
    assert.match(doc('fields', 'columns.pdf').out, /no form fields/);
  });

  it('fill: values checked (nothing written on a wrong one), filled, flattened; read back by pypdf', function () {
    needPdfReaders(this);
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ size: 'Huge' }));
    const bad = doc('fill', 'form.pdf', 'bad.json', '-o', 'out.pdf');
    assert.equal(bad.code, 1);
    assert.equal(bad.err, 'cowork doc fill: form.pdf: a value does not fit the form, nothing was written:\n  "size" (radio) "Huge" is not one of the options: "Small", "Medium", "Large"\n');
    assert.equal(fs.existsSync(path.join(dir, 'out.pdf')), false);
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ 'applicant.name': 'Ben Okafor', agree: 'yes', size: 'Large', languages: ['English'] }));
    const ok = doc('fill', 'form.pdf', 'data.json', '-o', 'out.pdf');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, 'out.pdf: 4 fields filled\n');
    const py = pypdfForm(path.join(dir, 'out.pdf'));
    assert.equal(py.fields['applicant.name'], 'Ben Okafor');
    assert.equal(py.fields.agree, 'Yes');
    assert.equal(py.fields.size, 'Large');
    const flat = doc('fill', 'form.pdf', 'data.json', '-o', 'flat.pdf', '--flatten', '--json');
    assert.equal(JSON.parse(flat.out).flattened, true);
    assert.equal(pypdfForm(path.join(dir, 'flat.pdf')).widgets, 0);
    assert.match(doc('text', 'flat.pdf').out, /Ben Okafor/);
    assert.equal(doc('fill', 'form.pdf', '-o', 'x.pdf').code, 2);
  });

  it('fill --csv: one form per row, named by a column; a bad row stops the batch before any file', function () {
    needPdfReaders(this);
    const people = [['Ana Lima', '75001', 'yes', 'Small'], ['Ben Okafor', '10115', 'no', 'Large'], ['Chen Wei', '20095', 'yes', 'Medium'], ['Dara Singh', '11011', 'x', 'Small'], ['Eve Martin', '69002', '', 'Large']];
    const csv = ['applicant.name,zip,agree,size', ...people.map((p) => p.join(','))].join('\n');
    fs.writeFileSync(path.join(dir, 'people.csv'), csv);
    const r = doc('fill', 'form.pdf', '--csv', 'people.csv', '-o', 'filled', '--name', 'applicant.name', '--json');
    assert.equal(r.code, 0, r.err);
    const written = JSON.parse(r.out).written as { row: number; output: string }[];
    assert.deepEqual(written.map((w) => path.basename(w.output)), ['form-Ana_Lima.pdf', 'form-Ben_Okafor.pdf', 'form-Chen_Wei.pdf', 'form-Dara_Singh.pdf', 'form-Eve_Martin.pdf']);
    written.forEach((w, i) => {
      const f = pypdfForm(path.join(dir, w.output)).fields;
      assert.equal(f['applicant.name'], people[i][0]);
      assert.equal(f.zip, people[i][1]);
      assert.equal(f.agree ?? 'Off', ['yes', 'x'].includes(people[i][2]) ? 'Yes' : 'Off');
      assert.equal(f.size, people[i][3]);
    });
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'applicant.name,size\nAna,Small\nBen,Huge\n');
    const bad = doc('fill', 'form.pdf', '--csv', 'bad.csv', '-o', 'badout');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /1 of 2 rows do not fit the form, no file was written:\nrow 2: a value does not fit the form:\n {2}"size" \(radio\) "Huge" is not one of the options/);
    assert.equal(fs.existsSync(path.join(dir, 'badout')), false);
  });

  it('merge, split, extract, rotate, reorder and new … -o report.pdf', () => {
    const merged = doc('merge', 'columns.pdf', 'form.pdf', 'columns.pdf', '-o', 'merged.pdf');
    assert.equal(merged.code, 0, merged.err);
    assert.equal(merged.out, 'merged.pdf: 5 pages, 8 form fields\n');
    assert.equal(merged.err, '');
    const split = doc('split', 'merged.pdf', '--pages', '1-2,3,4-', '-o', 'parts');
    assert.equal(split.code, 0, split.err);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'parts')).sort(), ['merged-p1-2.pdf', 'merged-p3.pdf', 'merged-p4-5.pdf']);
    assert.match(doc('text', 'parts/merged-p4-5.pdf').out, /=== page 1 of 2 ===\nA Title Across Both Columns/);
    assert.equal(doc('split', 'merged.pdf', '-o', 'one.pdf').code, 2, 'five files cannot go to one .pdf');
    assert.equal(doc('extract', 'merged.pdf', '--pages', '2', '-o', 'p2.pdf').out, 'p2.pdf: 1 page\n');
    assert.match(doc('text', 'p2.pdf').out, /Second page text/);
    assert.equal(doc('rotate', 'p2.pdf', '--by', '90', '-o', 'p2r.pdf').code, 0);
    assert.equal(JSON.parse(doc('text', 'p2r.pdf', '--json').out).pages[0].rotation, 90);
    assert.match(doc('reorder', 'columns.pdf', '--pages', '2,1', '-o', 'rev.pdf').out, /2 pages/);
    assert.match(doc('text', 'rev.pdf').out, /^=== page 1 of 2 ===\nSecond page text/);
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ title: 'Weekly', body: [{ heading: 'Weekly report' }, { table: { header: ['Day', 'Sales'], rows: [['Mon', 10], ['Tue', 12]] } }] }));
    const made = doc('new', 'report.json', '-o', 'report.pdf');
    assert.equal(made.code, 0, made.err);
    assert.match(doc('text', 'report.pdf').out, /Weekly report\n\nDay\tSales\nMon\t10\nTue\t12/);
  });

  it('merge keeps both copies of a form working: clashing names renamed and reported, the merged form filled, pypdf and qpdf read it', function () {
    needPdfReaders(this);
    const merged = doc('merge', 'form.pdf', 'form.pdf', '-o', 'twice.pdf');
    assert.equal(merged.code, 0, merged.err);
    const lines = merged.out.split('\n');
    assert.equal(lines[0], 'twice.pdf: 2 pages, 16 form fields');
    assert.ok(lines.includes('  renamed: field "applicant" of form.pdf is "applicant_2" (fill "applicant_2.name", "applicant_2.notes"): an earlier file has a field of that name'), merged.out);
    assert.ok(lines.includes('  renamed: field "size" of form.pdf is "size_2": an earlier file has a field of that name'), merged.out);
    const j = JSON.parse(doc('merge', 'form.pdf', 'form.pdf', '-o', 'twice.pdf', '--json').out);
    assert.deepEqual(j.renamedFields.map((f: { to: string }) => f.to), ['applicant_2', 'zip_2', 'office_2', 'agree_2', 'size_2', 'country_2', 'languages_2']);
    fs.writeFileSync(path.join(dir, 'both.json'), JSON.stringify({ 'applicant.name': 'Ana Lima', 'applicant_2.name': 'Ben Okafor', size: 'Small', size_2: 'Large', agree_2: true }));
    const filled = doc('fill', 'twice.pdf', 'both.json', '-o', 'twice-filled.pdf');
    assert.equal(filled.code, 0, filled.err);
    const py = pypdfForm(path.join(dir, 'twice-filled.pdf'));
    assert.equal(py.widgets, 2 * 10);
    assert.deepEqual([py.fields['applicant.name'], py.fields['applicant_2.name'], py.fields.size, py.fields.size_2, py.fields.agree ?? 'Off', py.fields.agree_2], ['Ana Lima', 'Ben Okafor', 'Small', 'Large', 'Off', 'Yes']);
    assert.equal(py.fields.office_2, 'Head office', 'a value the second copy had is kept');
    const q = qpdfFields(path.join(dir, 'twice-filled.pdf'));
    assert.deepEqual([...new Set(q.filter((w) => w.pageposfrom1 === 2).map((w) => w.fullname.split('.')[0]))].sort(), ['agree_2', 'applicant_2', 'country_2', 'languages_2', 'office_2', 'size_2', 'zip_2']);
    const drawn = drawnText(path.join(dir, 'twice-filled.pdf'), path.join(dir, 'twice-flat.pdf')).split('\f');
    assert.match(drawn[0]!, /Ana Lima/);
    assert.match(drawn[1]!, /Ben Okafor/);
    const split = doc('split', 'twice.pdf', '-o', 'halves');
    assert.match(split.out, /twice-p2\.pdf: page 2, 8 form fields/);
    assert.deepEqual(Object.keys(pypdfForm(path.join(dir, 'halves/twice-p2.pdf')).fields).sort().slice(0, 2), ['agree_2', 'applicant_2.name']);
  });

  it('tables: text, --csv and --json', async () => {
    fs.writeFileSync(path.join(dir, 'receipt.pdf'), await receiptPdf());
    const t = doc('tables', 'receipt.pdf');
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^=== table 1 \(page 1\) ===\n\| Item \| Qty \| Price \|\n\| Coffee beans 1kg \| 2 \| 31.00 \|/);
    assert.equal(doc('tables', 'receipt.pdf', '--csv').out, 'Item,Qty,Price\r\nCoffee beans 1kg,2,31.00\r\nOat milk,6,12.60\r\nPaper filters,1,4.25\r\nTotal,,47.85\r\n');
    assert.equal(JSON.parse(doc('tables', 'receipt.pdf', '--json').out).tables[0].columns, 3);
    assert.match(doc('tables', 'columns.pdf').out, /no tables found/);
  });

  it('render: a page as PNG at a width or dpi, with a ruler in points; bad pages and files fail clearly', function () {
    const r = doc('render', 'columns.pdf', '--page', '2', '-o', 'p2.png', '--dpi', '72', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual([j.page, j.pageCount, j.width, j.height, j.pixelsPerPoint], [2, 2, 612, 792, 1]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'p2.png')));
    assert.deepEqual([png.width, png.height], [612, 792]);
    // A page too large for the memory pdftoppm may use fails with one line, not an exhausted machine.
    const tight = spawnSync(process.execPath, [cli, 'render', 'columns.pdf', '-o', 'huge.png', '--dpi', '600'], { encoding: 'utf8', cwd: dir, env: { ...process.env, COWORK_TOOL_MEMORY_MIB: '64' } });
    assert.equal(tight.status, 1, tight.stderr);
    assert.match(tight.stderr, /^cowork doc render: columns\.pdf: pdftoppm ran out of memory \(limit 64 MiB\): the page is too large to draw at this resolution/);
    assert.equal(fs.existsSync(path.join(dir, 'huge.png')), false);
    const dark = (img: PNG, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.data[(y * img.width + x) * 4]! < 128) n++;
      return n;
    };
    assert.ok(dark(png, 0, 0, 612, 792) > 100, 'the page has ink');
    const grid = doc('render', 'columns.pdf', '-o', 'p1.png', '--width', '306', '--grid');
    assert.equal(grid.code, 0, grid.err);
    assert.match(grid.out, /^wrote p1\.png \(306x396\): page 1 of 2, 612x792 pt, 0\.5 pixels per point, ruler in points from the top-left\n$/);
    const ruled = PNG.sync.read(fs.readFileSync(path.join(dir, 'p1.png')));
    const px = (x: number, y: number) => [...ruled.data.subarray((y * ruled.width + x) * 4, (y * ruled.width + x) * 4 + 3)];
    const [r0, g0, b0] = px(100, 380); // the 200-point line, near the bottom margin
    assert.ok(b0! > r0! + 40 && b0! > g0!, `the ruler line is blue: ${[r0, g0, b0]}`);
    assert.deepEqual(px(101, 380), [255, 255, 255], 'beside it the page is white');
    const missing = doc('render', 'columns.pdf', '--page', '5', '-o', 'x.png');
    assert.equal(missing.code, 1);
    assert.equal(missing.err, 'cowork doc render: columns.pdf: there is no page 5: the document has 2 pages\n');
    assert.equal(doc('render', 'columns.pdf', '-o', 'x.png', '--width', '300', '--dpi', '100').code, 2);
    assert.equal(doc('render', 'notes.pdf', '-o', 'x.png').code, 1);
    assert.equal(fs.existsSync(path.join(dir, 'x.png')), false);
    const c = corpusDir('pdf');
    if (!c) return;
    const enc = doc('render', path.join(c, 'encrypted_new.pdf'), '-o', 'x.png');
    assert.match(enc.err, /encrypted_new\.pdf: the PDF is encrypted \(password-protected\)/);
    const form = doc('render', path.join(c, 'sample_form.pdf'), '-o', 'form.png', '--json');
    assert.equal(form.code, 0, form.err);
    assert.equal(JSON.parse(form.out).pixelsPerPoint, 2.0833, '150 dpi by default');
  });

  it('forms without fields: label positions from text --positions, values placed there, seen by pdftotext', async function () {
    needPdfReaders(this);
    fs.writeFileSync(path.join(dir, 'paper.pdf'), await linesPdf({ pages: [['Full name:', 'Date of birth:']] }));
    const pos = doc('text', 'paper.pdf', '--positions');
    assert.equal(pos.code, 0, pos.err);
    assert.match(pos.out, /^=== page 1 of 1 \(612 x 792 pt; x, y = baseline from the top-left\) ===\nx 72\.0 {2}y 72\.0 {2}w [\d.]+ {2}12pt {2}Full name:\nx 72\.0 {2}y 88\.0 /);
    const labels = JSON.parse(doc('text', 'paper.pdf', '--positions', '--json').out).pages[0].lines as { text: string; x: number; y: number; width: number }[];
    const texts = labels.map((l, i) => ({ page: 1, x: l.x + l.width + 10, y: l.y, text: ['Chen Wei', '1990-04-12'][i] }));
    fs.writeFileSync(path.join(dir, 'texts.json'), JSON.stringify(texts));
    const r = doc('place', 'paper.pdf', 'texts.json', '-o', 'paper-filled.pdf');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'paper-filled.pdf: 2 texts placed on page 1\n');
    const words = popplerWords(path.join(dir, 'paper-filled.pdf'));
    const chen = words.find((w) => w.text === 'Chen')!;
    assert.ok(Math.abs(chen.xMin - texts[0]!.x) < 0.6 && chen.yMin < 72 && chen.yMax > 72, JSON.stringify(chen));
    assert.ok(words.some((w) => w.text === '1990-04-12' && w.yMin < 88 && w.yMax > 88));
    fs.writeFileSync(path.join(dir, 'bad-texts.json'), JSON.stringify([{ page: 2, x: 1, y: 1, text: 'x' }]));
    const bad = doc('place', 'paper.pdf', 'bad-texts.json', '-o', 'never.pdf');
    assert.equal(bad.code, 1);
    assert.equal(bad.err, 'cowork doc place: paper.pdf: a text cannot be placed, nothing was written:\n  entry 1: page 2 does not exist: the document has 1 page\n');
    assert.equal(fs.existsSync(path.join(dir, 'never.pdf')), false);
    fs.writeFileSync(path.join(dir, 'broken.json'), '[{');
    assert.match(doc('place', 'paper.pdf', 'broken.json', '-o', 'never.pdf').err, /broken\.json: not valid JSON/);
    // A font file of one's own, named relative to TEXTS.json.
    const ttf = ['/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf'].find((f) => fs.existsSync(f));
    if (!ttf) return;
    fs.mkdirSync(path.join(dir, 'own/fonts'), { recursive: true });
    fs.copyFileSync(ttf, path.join(dir, 'own/fonts/mine.ttf'));
    fs.writeFileSync(path.join(dir, 'own/texts.json'), JSON.stringify([{ page: 1, x: 200, y: 72, text: 'Ирина Ωμέγα', font: 'fonts/mine.ttf' }]));
    const own = doc('place', 'paper.pdf', 'own/texts.json', '-o', 'own.pdf', '--json');
    assert.equal(own.code, 0, own.err);
    assert.equal(JSON.parse(own.out).placed[0].font, 'fonts/mine.ttf');
    assert.ok(popplerWords(path.join(dir, 'own.pdf')).some((w) => w.text === 'Ирина' && Math.abs(w.xMin - 200) < 1));
    fs.writeFileSync(path.join(dir, 'own/missing.json'), JSON.stringify([{ page: 1, x: 200, y: 72, text: 'x', font: 'nope.ttf' }]));
    assert.match(doc('place', 'paper.pdf', 'own/missing.json', '-o', 'never.pdf').err, /entry 1: font "nope\.ttf" cannot be read/);
  });

  it('CJK text through the CMaps the build puts beside the bundle (pdfjs/cmaps)', () => {
    fs.writeFileSync(path.join(dir, 'cjk.pdf'), cjkPdf());
    assert.match(doc('text', 'cjk.pdf').out, /no text on this page/, 'without the CMaps pdf.js finds nothing');
    fs.cpSync(path.join(REPO, 'node_modules/pdfjs-dist/cmaps'), path.join(dir, 'pdfjs/cmaps'), { recursive: true });
    assert.equal(doc('text', 'cjk.pdf').out, '=== page 1 of 1 ===\n中文文本\n');
  });

  it('text on a scan: OCR by default (tesseract), --no-ocr reports the scan', async function () {
    if (spawnSync('tesseract', ['--version']).error) {
      if (process.env.CI === 'true') throw new Error('tesseract is not installed (apt-get install tesseract-ocr)');
      return this.skip();
    }
    fs.writeFileSync(path.join(dir, 'scan.pdf'), await scannedTextPdf(['RECEIPT 77', 'Total 12.40']));
    const r = doc('text', 'scan.pdf');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[scanned page: text read by OCR \(tesseract, eng, mean word confidence \d+%\); check figures against the page image\]\nRECEIPT 77\nTotal 12.40/);
    assert.match(r.err, /warning: 1 page \(1\) is a scanned image: the text was read by OCR/);
    const off = doc('text', 'scan.pdf', '--no-ocr');
    assert.match(off.out, /\[no text layer: this page is a scanned image; OCR was not run\]/);
    assert.equal(doc('text', 'scan.pdf', '--ocr-lang', 'eng;rm').code, 1);
  });
});
