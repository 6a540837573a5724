// A deck-wide {"fill": {...}} through `cowork doc replace` reaches the speaker notes, the
// layouts and the master as well as the slides: checked on the raw XML of each part, and
// by LibreOffice reading the result (the notes from its ODF conversion, the master's and
// layout's text boxes drawn on the slides of its PDF conversion). A placeholder found
// nowhere exits 1 and writes nothing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { openPptxPackage } from '../../../../src/documents/pptx';
import { impressMissing, loConvert, loNotes, odfEntry, pdfPagesText } from '../../../support/loPresentation';
import { needs } from '../../../support/needs';
import { buildPptx, placeholder, textBox } from '../../../support/pptxBuilder';
import { partsOf } from '../../../support/pptxSamples';

const footer = { x: 457200, y: 6172200, cx: 8229600, cy: 457200 };
const corner = { x: 6400800, y: 0, cx: 2743200, cy: 457200 };

function templateDeck(): Buffer {
  return buildPptx({
    slides: [
      { layout: 1, shapes: placeholder(2, 'title', ['Proposal for {{client}}']), notes: 'Presenter: {{speaker}}, for {{client}}' },
      { layout: 2, shapes: placeholder(2, 'title', ['Agenda']) + placeholder(3, 'body', ['Goals', 'Budget']), notes: 'Ask {{client}} about the dates' },
    ],
    // A footer on the master shows on every slide; a badge on the content layout on slide 2 only.
    masterShapes: textBox(10, '(c) {{company}} {{year}}', footer),
    layoutShapes: { 2: textBox(10, '{{department}} review', corner) },
  });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoc(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const xmlOf = (data: Buffer, part: string) => openPptxPackage(data).bytes(part).toString('utf8');

describe('documents/pptx deck-wide fill reaches notes, layouts and masters', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-fill-all-'));
  const deck = path.join(dir, 'template.pptx');
  const out = path.join(dir, 'filled.pptx');
  before(() => fs.writeFileSync(deck, templateDeck()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fills every part through the CLI and leaves the others byte for byte; LibreOffice shows the filled text', async function () {
    const map = path.join(dir, 'map.json');
    const values = { '{{client}}': 'Acme', '{{speaker}}': 'Ada Lovelace', '{{company}}': 'Northwind Ltd', '{{year}}': '2027', '{{department}}': 'Finance' };
    fs.writeFileSync(map, JSON.stringify({ fill: values }));
    const res = await cli(['replace', deck, map, '-o', out, '--json']);
    assert.equal(res.code, 0, res.err);
    const report = JSON.parse(res.out);
    assert.deepEqual(report.filled, ['s1.sh2', 's1.notes.sh3', 's2.notes.sh3', 'l2.sh10', 'm1.sh10']);
    assert.deepEqual(report.touchedParts, ['ppt/notesSlides/notesSlide1.xml', 'ppt/notesSlides/notesSlide2.xml', 'ppt/slideLayouts/slideLayout2.xml', 'ppt/slideMasters/slideMaster1.xml', 'ppt/slides/slide1.xml']);

    const data = fs.readFileSync(out);
    const texts = (part: string) => [...xmlOf(data, part).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);
    assert.deepEqual(texts('ppt/slides/slide1.xml'), ['Proposal for Acme']);
    assert.deepEqual(texts('ppt/notesSlides/notesSlide1.xml'), ['Presenter: Ada Lovelace, for Acme']);
    assert.deepEqual(texts('ppt/notesSlides/notesSlide2.xml'), ['Ask Acme about the dates']);
    assert.deepEqual(texts('ppt/slideLayouts/slideLayout2.xml'), ['Finance review']);
    assert.deepEqual(texts('ppt/slideMasters/slideMaster1.xml'), ['(c) Northwind Ltd 2027']);
    // The run's properties stay where the placeholder was.
    assert.match(xmlOf(data, 'ppt/slideMasters/slideMaster1.xml'), /<a:r><a:rPr lang="en-US"\/><a:t>\(c\) Northwind Ltd 2027<\/a:t><\/a:r>/);
    const was = partsOf(fs.readFileSync(deck));
    for (const [name, bytes] of partsOf(data)) if (!report.touchedParts.includes(name)) assert.ok(bytes.equals(was.get(name)!), `${name} changed`);

    // The text form names what was filled.
    const plain = await cli(['replace', deck, map, '-o', path.join(dir, 'plain.pptx')]);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /placeholders filled in 5 shapes/);

    needs(this, impressMissing());
    this.timeout(900_000);
    const [odp, pdf] = [loConvert([out], 'odp')[0], loConvert([out], 'pdf')[0]];
    assert.deepEqual(loNotes(odfEntry(odp, 'content.xml')), ['Presenter: Ada Lovelace, for Acme', 'Ask Acme about the dates']);
    const pages = pdfPagesText(pdf);
    assert.equal(pages.length, 2);
    assert.match(pages[0], /Proposal for Acme/);
    assert.match(pages[0], /\(c\) Northwind Ltd 2027/);
    assert.doesNotMatch(pages[0], /Finance/, 'the title slide does not use the content layout');
    assert.match(pages[1], /Finance review/);
    assert.match(pages[1], /\(c\) Northwind Ltd 2027/);
    for (const page of pages) assert.doesNotMatch(page, /\{\{/);
  });

  it('refuses a placeholder found nowhere, names it, and writes nothing', async () => {
    const map = path.join(dir, 'bad.json');
    const target = path.join(dir, 'never.pptx');
    fs.writeFileSync(map, JSON.stringify({ fill: { '{{client}}': 'Acme', '{{nowhere}}': 'x' } }));
    const res = await cli(['replace', deck, map, '-o', target]);
    assert.equal(res.code, 1);
    assert.match(res.err, /fill: "\{\{nowhere\}\}" not found on any slide, in the notes, a layout or a master/);
    assert.equal(fs.existsSync(target), false);
  });
});
