// Reading presentations: slide order from p:sldIdLst (not part names), text with
// levels and bullets, titles, notes, tables, images, hidden slides, inherited
// placeholder positions, and the `cowork doc text` / `inventory` commands on real files.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deckText, readPptx } from '../../../../src/documents/pptx';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { sampleDeck } from '../../../support/pptxSamples';

describe('documents/pptx read', () => {
  it('gives slides in presentation order with titles, levels, bullets, notes, tables, images and hidden flags', () => {
    const deck = readPptx(sampleDeck());
    assert.deepEqual(deck.slides.map((s) => s.title), ['Quarterly review', 'Picture', 'Three themes', 'Numbers']);
    assert.deepEqual(deck.slides.map((s) => s.part), ['ppt/slides/slide1.xml', 'ppt/slides/slide4.xml', 'ppt/slides/slide2.xml', 'ppt/slides/slide3.xml']);
    assert.deepEqual(deck.slides.map((s) => s.hidden), [false, false, false, true]);
    assert.equal(deck.slides[0].notes, 'Welcome everyone.');
    assert.equal(deck.slides[1].notes, undefined);
    const body = deck.slides[2].shapes.find((s) => s.id === 's3.sh3')!;
    assert.deepEqual(body.paragraphs, [
      // More than one run: the runs are listed, with the formatting written on them.
      { text: 'Growth in every region', level: 0, bullet: true, runs: [{ text: 'Growth', bold: true }, { text: ' in every region' }] },
      { text: 'EMEA up 12%', level: 1, bullet: true },
      { text: 'No bullet here', level: 0, bullet: false },
    ]);
    const free = deck.slides[2].shapes.find((s) => s.id === 's3.sh4')!;
    assert.deepEqual(free.paragraphs, [{ text: 'Free text', level: 0, bullet: false }]);
    assert.deepEqual(free.box, { x: 914400, y: 914400, cx: 2743200, cy: 457200 });
    // The title has no own position: it comes from the master, through the layout.
    const title = deck.slides[2].shapes.find((s) => s.id === 's3.sh2')!;
    assert.equal(title.boxFrom, 'master');
    assert.deepEqual(title.box, { x: 457200, y: 274638, cx: 8229600, cy: 1143000 });
    assert.equal(deck.slides[0].shapes[0].boxFrom, 'layout');
    assert.deepEqual(deck.slides[3].tables[0].rows.map((r) => r.map((c) => c.text)), [['Region', 'Revenue'], ['EMEA', '12']]);
    assert.equal(deck.slides[3].tables[0].rows[1][1].id, 's4.sh5.r2c2');
    assert.deepEqual(deck.slides[1].images, [{ shape: 's2.sh6', target: 'ppt/media/image1.png', external: false, contentType: 'image/png', description: 'A chart photo' }]);
    assert.deepEqual(deck.layouts.map((l) => [l.id, l.name, l.type]), [['l1', 'Title Slide', 'title'], ['l2', 'Title and Content', 'obj']]);
  });

  it('renders the text view with shape ids, titles, bullets by level and notes', () => {
    const text = deckText(readPptx(sampleDeck()));
    assert.match(text, /=== Slide 3: Three themes \(ppt\/slides\/slide2\.xml, layout "Title and Content"\) ===/);
    assert.match(text, /\[s3\.sh2\] # Three themes\n\[s3\.sh3\] - Growth in every region\n\[s3\.sh3\] {3}- EMEA up 12%\n\[s3\.sh3\] No bullet here\n\[s3\.sh4\] Free text\nNotes: Spend two minutes here\./);
    assert.match(text, /=== Slide 4: Numbers .* \[hidden\] ===\n\[s4\.sh2\] # Numbers\n\[s4\.sh5\] \| Region \| Revenue \|\n\[s4\.sh5\] \| EMEA \| 12 \|/);
    assert.match(text, /\[s2\.sh6\] !\[A chart photo\]\(ppt\/media\/image1\.png\)/);
  });

  it('cowork doc text and inventory on a .pptx, with --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-read-'));
    const file = path.join(dir, 'deck.pptx');
    fs.writeFileSync(file, sampleDeck());
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await runDoc(argv, { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    const t = await run('text', file, '--json');
    assert.equal(t.code, 0, t.err);
    const tj = JSON.parse(t.out);
    assert.deepEqual(tj.slides.map((s: { title: string }) => s.title), ['Quarterly review', 'Picture', 'Three themes', 'Numbers']);
    assert.equal(tj.slides[2].notes, 'Spend two minutes here.');
    const inv = await run('inventory', file, '--json');
    assert.equal(inv.code, 0, inv.err);
    const ij = JSON.parse(inv.out);
    const shape = ij.slides[2].shapes.find((s: { id: string }) => s.id === 's3.sh3');
    assert.equal(shape.placeholder.type, 'body');
    assert.equal(shape.text, 'Growth in every region\nEMEA up 12%\nNo bullet here');
    assert.ok(shape.box.cx > 0);
    const plain = await run('inventory', file);
    assert.match(plain.out, /s3\.sh3 +body placeholder idx 3 "body 3" @ 0\.50,1\.75 9\.00x4\.95 in "Growth in every region ¶ EMEA up 12% ¶ No bullet here"/);
    // A Word document named .pptx is refused with what it is.
    const docx = path.join(dir, 'fake.pptx');
    fs.writeFileSync(docx, Buffer.from('%PDF-1.4 nothing'));
    const bad = await run('text', docx);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /fake\.pptx: this is a PDF document, not a PowerPoint presentation \(\.pptx\)/);
  });
});
