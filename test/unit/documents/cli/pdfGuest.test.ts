// The PDF commands that need programs of the guest, run the way the agent runs them:
// `node /opt/cowork/cowork-doc.js …` inside the sandbox (namespace driver, the built image).
// `convert` turns a Word document, a workbook and a deck into PDFs with the guest's
// LibreOffice; poppler in the guest reads the text back; a file LibreOffice cannot open
// fails with one line and writes nothing. A scan is read by the guest's tesseract, a page
// drawn by its pdftoppm, CJK text read through the CMaps beside the bundle. With CI=true a missing image fails (needs.ts).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createXlsx } from '../../../../src/documents/xlsx';
import type { StagedSandboxSession } from '../../../../src/sandbox/stagedSession';
import { corpusDir } from '../../../support/corpus';
import { buildDocBundles } from '../../../support/docBundles';
import { allKindsFormPdf, cjkPdf, scannedTextPdf } from '../../../support/pdfFixtures';
import { openPptxPackage } from '../../../../src/documents/pptx';
import { decodePng } from '../../../support/pngDecode';
import { buildDocx } from '../../../support/docxBuilder';
import { REPO_ROOT } from '../../../support/repoRoot';
import { guestTools, makeFixture, requireTestImage, type Fixture } from '../../../support/sandboxFixture';

const DOC = 'node /opt/cowork/cowork-doc.js';

describe('documents: PDF commands inside the sandbox (namespace driver)', function () {
  this.timeout(900_000);
  let fx: Fixture;
  let s: StagedSandboxSession;

  before(async function () {
    const image = requireTestImage(this);
    // The engine as scripts/build.mjs bundles it for the guest, beside the guest agent (/opt/cowork):
    // cowork-doc.js with pdf.js and pdf-lib in engine files beside it, which the guest's Node requires from there.
    buildDocBundles(guestTools());
    // and pdf.js's CMaps beside it, as the build copies them into dist/pdfjs/cmaps.
    fs.cpSync(path.join(REPO_ROOT, 'node_modules/pdfjs-dist/cmaps'), path.join(guestTools(), 'pdfjs/cmaps'), { recursive: true });
    const body = ['Quarterly Report', 'Revenue grew in every region.'].map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
    const files: Record<string, Buffer> = {
      'report.docx': buildDocx({ body }),
      'budget.xlsx': createXlsx({ sheets: [{ name: 'Budget', columns: [{ header: 'Item' }, { header: 'Cost', type: 'number' }], rows: [['Rent', 1200], ['Travel', 340]] }] }).bytes,
      'broken.docx': Buffer.from('PK\u0003\u0004 this is not a whole package'),
      'scan.pdf': Buffer.from(await scannedTextPdf(['STATEMENT 2026', 'Balance 310.25'])),
      'cjk.pdf': Buffer.from(cjkPdf()),
      'greek.json': Buffer.from(JSON.stringify([{ page: 1, x: 40, y: 40, text: 'Ελένη Москва' }])),
      'chinese.json': Buffer.from(JSON.stringify([{ page: 1, x: 40, y: 40, text: '北京' }])),
      'form.pdf': Buffer.from(await allKindsFormPdf()),
      'greek-form.json': Buffer.from(JSON.stringify({ 'applicant.name': 'Ελένη Москва' })),
      'mark.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="40" height="40" fill="#D62828"/><rect x="40" width="40" height="40" fill="#1D4ED8"/></svg>'),
      'svg-deck.json': Buffer.from(JSON.stringify({ slides: [{ type: 'image', title: 'Mark', image: 'mark.svg' }] })),
    };
    const pptx = corpusDir('pptx');
    if (pptx) files['deck.pptx'] = fs.readFileSync(path.join(pptx, 'minimal.pptx'));
    fx = makeFixture(image, files);
    s = await fx.manager.openSession(fx.folder, { taskId: 'pdf-guest' });
  });
  after(async () => {
    await s?.close();
    await fx?.dispose();
  });

  it('converts a Word document and a workbook to PDF with the guest LibreOffice', async () => {
    const r = await s.exec({ command: `${DOC} convert report.docx -o report.pdf --json && ${DOC} convert budget.xlsx -o budget.pdf`, timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr + r.stdout);
    const summary = JSON.parse(r.stdout.slice(0, r.stdout.indexOf('}\n') + 1)) as { output: string; pages: number; bytes: number };
    assert.equal(summary.output, 'report.pdf');
    assert.equal(summary.pages, 1);
    assert.match(r.stdout, /wrote budget\.pdf: 1 page, \d+ bytes, in [\d.]+ s/);
    const text = await s.exec({ command: 'pdftotext report.pdf - && pdftotext -layout budget.pdf -' });
    assert.match(text.stdout, /Quarterly Report\s+Revenue grew in every region\./);
    assert.match(text.stdout, /Rent +1,200\.00\s+Travel +340\.00/);
    // New files reach the person's folder as they are written.
    for (const f of ['report.pdf', 'budget.pdf']) assert.equal(fs.readFileSync(path.join(fx.folder, f)).subarray(0, 5).toString(), '%PDF-', f);
  });

  it('converts a deck when the corpus has one', async function () {
    if (!corpusDir('pptx')) return this.skip();
    const r = await s.exec({ command: `${DOC} convert deck.pptx -o deck.pdf && pdfinfo deck.pdf`, timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Pages:\s+[1-9]/);
  });

  it("reads a scan by OCR with the guest's tesseract, draws a page with its pdftoppm, reads CJK through the CMaps", async () => {
    const r = await s.exec({ command: `${DOC} text scan.pdf && ${DOC} render scan.pdf -o scan.png --grid --json && ${DOC} text cjk.pdf`, timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /\[scanned page: text read by OCR \(tesseract, eng, mean word confidence \d+%\); check figures against the page image\]\nSTATEMENT 2026\nBalance 310\.25/);
    assert.match(r.stdout, /"width": 1275,\n {2}"height": 1650,/);
    assert.match(r.stdout, /=== page 1 of 1 ===\n中文文本\n/);
    assert.deepEqual([...fs.readFileSync(path.join(fx.folder, 'scan.png')).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });

  it("places Greek and Cyrillic with the image's Liberation Sans; CJK, with no CJK font in the image, is refused naming the package", async () => {
    const r = await s.exec({ command: `${DOC} place scan.pdf greek.json -o greek.pdf && pdftotext greek.pdf - ; ${DOC} place scan.pdf chinese.json -o chinese.pdf; echo "exit=$?"`, timeoutMs: 600_000 });
    assert.match(r.stdout, /Ελένη Москва/);
    assert.match(r.stdout, /exit=1/);
    assert.match(r.stderr, /"北京" has characters no available font can show: 北 U\+5317, 京 U\+4EAC \(install fonts-droid-fallback, or name a \.ttf\/\.otf file/);
  });

  it("fills a form with Greek and Cyrillic in the image's Liberation Sans; poppler in the guest reads it drawn", async () => {
    const r = await s.exec({ command: `${DOC} fill form.pdf greek-form.json -o greek-form.pdf --flatten && pdftotext greek-form.pdf -`, timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Ελένη Москва/);
  });

  it("a new deck's SVG picture gets its PNG fallback under the sandbox's address-space limit (drawn by svg-raster.js)", async () => {
    const r = await s.exec({ command: `ulimit -v; ${DOC} new svg-deck.json -o svg-deck.pptx`, timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^\d+\n/, 'commands run with an address-space limit');
    const pkg = openPptxPackage(fs.readFileSync(path.join(fx.folder, 'svg-deck.pptx')));
    assert.match(pkg.bytes('ppt/slides/slide1.xml').toString('utf8'), /<a:blip r:embed="rId\d+"><a:extLst><a:ext uri="\{96DAC541-7B7A-43D3-8B79-37D633B846F1\}"><asvg:svgBlip /);
    const png = decodePng(pkg.bytes('ppt/media/cowork1.png'));
    assert.deepEqual([png.width, png.height], [1024, 512]);
    assert.deepEqual([...png.rgb.subarray(0, 3)], [0xd6, 0x28, 0x28], 'the left is red');
  });

  it('a file LibreOffice cannot open fails with one line and writes nothing', async () => {
    const r = await s.exec({ command: `${DOC} convert broken.docx -o broken.pdf; echo "exit=$?"; ls broken.pdf 2>&1`, timeoutMs: 600_000 });
    assert.match(r.stdout, /exit=1/);
    assert.match(r.stderr, /broken\.docx: LibreOffice (wrote no broken\.pdf|exited with)/);
    assert.match(r.stdout, /No such file/);
  });
});
