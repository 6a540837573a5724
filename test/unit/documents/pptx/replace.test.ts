// Replacing text by id: paragraph and run properties of the replaced text are kept
// (checked on the XML), levels and bullets follow the map, shapes not named and parts
// not touched come back byte for byte, and bad maps write nothing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPptx, replaceText } from '../../../../src/documents/pptx';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { serializeElement } from '../../../../src/documents/ooxml';
import { openPptxPackage } from '../../../../src/documents/pptx';
import { corpusDir } from '../../../support/corpus';
import { partsOf, sampleDeck } from '../../../support/pptxSamples';

function shapeXml(data: Buffer, part: string, shapeId: string): string {
  const xml = openPptxPackage(data).bytes(part).toString('utf8');
  const m = new RegExp(`<p:(sp|graphicFrame)><p:nv\\w+><p:cNvPr id="${shapeId}"[\\s\\S]*?</p:\\1>`).exec(xml);
  assert.ok(m, `shape ${shapeId} in ${part}`);
  return m[0];
}

describe('documents/pptx replace', () => {
  it('keeps paragraph and run properties, sets levels and bullets, leaves other shapes and parts alone', () => {
    const before = sampleDeck();
    const { data, touchedParts } = replaceText(before, {
      's3.sh2': 'Three new themes',
      's3.sh3': ['Speed', { text: 'Deploys daily', level: 1 }, { text: 'Plain closing line', bullet: false }, { text: 'Fourth, at level 1', level: 1 }],
      's4.sh5.r2c2': '14',
    });
    assert.deepEqual(touchedParts, ['ppt/slides/slide2.xml', 'ppt/slides/slide3.xml']);
    const deck = readPptx(data);
    assert.equal(deck.slides[2].title, 'Three new themes');
    assert.deepEqual(deck.slides[2].shapes[1].paragraphs, [
      { text: 'Speed', level: 0, bullet: true },
      { text: 'Deploys daily', level: 1, bullet: true },
      { text: 'Plain closing line', level: 0, bullet: false },
      { text: 'Fourth, at level 1', level: 1, bullet: true },
    ]);
    assert.equal(deck.slides[3].tables[0].rows[1][1].text, '14');
    const body = shapeXml(data, 'ppt/slides/slide2.xml', '3');
    // Paragraph 1 takes the first old paragraph's first run properties (bold), paragraph 2 the second's level.
    assert.match(body, /<a:p><a:r><a:rPr lang="en-US" b="1"\/><a:t>Speed<\/a:t><\/a:r>/);
    assert.match(body, /<a:p><a:pPr lvl="1"\/><a:r><a:rPr lang="en-US"\/><a:t>Deploys daily<\/a:t><\/a:r>/);
    assert.match(body, /<a:p><a:pPr><a:buNone\/><\/a:pPr><a:r><a:rPr lang="en-US"\/><a:t>Plain closing line<\/a:t>/);
    assert.match(body, /<a:p><a:pPr lvl="1"\/><a:r><a:rPr lang="en-US"\/><a:t>Fourth, at level 1<\/a:t>/);
    // Not named: the free text box on the same slide is the same XML.
    assert.equal(shapeXml(data, 'ppt/slides/slide2.xml', '4'), shapeXml(before, 'ppt/slides/slide2.xml', '4'));
    const a = partsOf(before);
    const b = partsOf(data);
    for (const [name, bytes] of a) if (!touchedParts.includes(name)) assert.ok(b.get(name)!.equals(bytes), `${name} changed`);
  });

  it('keeps the run properties of a real template (POI\'s templatePPTWithOnlyOneText)', function () {
    const dir = corpusDir('pptx');
    const file = dir && path.join(dir, 'templatePPTWithOnlyOneText.pptx');
    if (!file || !fs.existsSync(file)) return this.skip();
    const data = fs.readFileSync(file);
    const id = readPptx(data).slides[0].shapes.find((s) => s.paragraphs[0]?.text === '${TemplateText}')!.id;
    const out = replaceText(data, { [id]: 'Quarterly results\nSecond line' }).data;
    const pkg = openPptxPackage(out);
    const xml = pkg.bytes('ppt/slides/slide1.xml').toString('utf8');
    assert.match(xml, /<a:p><a:r><a:rPr kumimoji="1" lang="en-US" altLang="zh-CN"\/><a:t>Quarterly results<\/a:t><\/a:r><a:endParaRPr kumimoji="1" lang="zh-CN" altLang="en-US"\/><\/a:p>/);
    assert.match(xml, /<a:p><a:r><a:rPr kumimoji="1" lang="en-US" altLang="zh-CN"\/><a:t>Second line<\/a:t><\/a:r>/);
    assert.match(xml, /<a:bodyPr wrap="none" rtlCol="0"><a:spAutoFit\/><\/a:bodyPr>/);
    assert.ok(serializeElement(pkg.xml('ppt/slides/slide1.xml').root).includes('Quarterly results'));
  });

  it('refuses unknown ids, pictures and malformed maps before writing anything', async () => {
    assert.throws(() => replaceText(sampleDeck(), { 's3.sh9': 'x' }), /s3\.sh9: no such shape; slide 3 has s3\.sh2, s3\.sh3, s3\.sh4/);
    assert.throws(() => replaceText(sampleDeck(), { 's9.sh2': 'x' }), /the deck has 4 slides/);
    assert.throws(() => replaceText(sampleDeck(), { 's3.sh2': 'ok', 's2.sh6': 'x' }), /s2\.sh6 is a picture without text/);
    assert.throws(() => replaceText(sampleDeck(), { 's3.sh3': [{ text: 'x', level: 12 }] }), /s3\.sh3\[0\]\.level/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-replace-'));
    fs.writeFileSync(path.join(dir, 'deck.pptx'), sampleDeck());
    fs.writeFileSync(path.join(dir, 'map.json'), JSON.stringify({ replacements: { 's1.sh2': 'Annual review', 's1.sh3': null } }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ 's1.sh7': 'x' }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    assert.equal(await runDoc(['replace', path.join(dir, 'deck.pptx'), path.join(dir, 'bad.json'), '-o', path.join(dir, 'bad.pptx')], io), 1);
    assert.match(err, /s1\.sh7: no such shape/);
    assert.ok(!fs.existsSync(path.join(dir, 'bad.pptx')));
    out = '';
    assert.equal(await runDoc(['replace', path.join(dir, 'deck.pptx'), path.join(dir, 'map.json'), '-o', path.join(dir, 'out.pptx'), '--json'], io), 0, err);
    assert.deepEqual(JSON.parse(out).replaced, ['s1.sh2', 's1.sh3']);
    const deck = readPptx(fs.readFileSync(path.join(dir, 'out.pptx')));
    assert.equal(deck.slides[0].title, 'Annual review');
    assert.deepEqual(deck.slides[0].shapes[1].paragraphs, [{ text: '', level: 0, bullet: false }]);
  });
});
