// A replacement map that names paragraphs by their current text (`was`) or by the
// inventory's paragraph id survives a template whose paragraph count changed, and a map
// that no longer fits the deck is an error that writes nothing.
//
// test/fixtures/pptx/template-v1.pptx and template-v2.pptx were written by LibreOffice from
// the .fodp files next to them (`soffice --headless --convert-to pptx template-v1.fodp
// template-v2.fodp`): one text box with "Goal one" (bold, red), "Goal two" (italic, green),
// "Goal three" (plain, black); version 2 has an underlined blue "Our goals for {{year}}"
// before them. The results are read back by LibreOffice.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { inventoryJson, openPptxPackage, readPptx, replaceText } from '../../../../src/documents/pptx';
import { impressMissing, loContentXml, loSpans, type LoSpan } from '../../../support/loPresentation';
import { needs } from '../../../support/needs';
import { partsOf } from '../../../support/pptxSamples';

const FIXTURES = path.join(__dirname, '../../../fixtures/pptx');
const V1 = path.join(FIXTURES, 'template-v1.pptx');
const V2 = path.join(FIXTURES, 'template-v2.pptx');
const BOX = 's1.sh47';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoc(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const paragraphTexts = (data: Buffer) => readPptx(data).slides[0].shapes.find((s) => s.id === BOX)!.paragraphs.map((p) => p.text);

/** The first slide's non-empty paragraphs as LibreOffice reads them: [text, bold, italic, colour] per span. */
const spansOf = (content: string) => loSpans(content)[0].filter((p) => p.length).map((p) => p.map((s: LoSpan) => [s.text, s.bold, s.italic, s.color]));

describe('documents/pptx replace by paragraph text and id', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-bytext-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the inventory gives every paragraph an id, in JSON and in the plain form', async () => {
    const inv = inventoryJson(readPptx(fs.readFileSync(V2)));
    assert.deepEqual(inv.slides[0].shapes[0].paragraphs.map((p) => [p.id, p.text]), [
      ['s1.sh47.p1', 'Our goals for {{year}}'],
      ['s1.sh47.p2', 'Goal one'],
      ['s1.sh47.p3', 'Goal two'],
      ['s1.sh47.p4', 'Goal three'],
    ]);
    const plain = await cli('inventory', V2);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /\n {4}s1\.sh47\.p3 +"Goal two"\n/);
  });

  it('a map naming paragraphs by their text lands on the same paragraphs in both template versions, as LibreOffice reads them', async function () {
    const map = path.join(dir, 'by-text.json');
    fs.writeFileSync(map, JSON.stringify({ [BOX]: [{ was: 'Goal one', text: 'Grow revenue' }, { was: 'Goal two', text: 'Hire ten engineers' }, { was: 'Goal three', text: 'Open Lisbon' }] }));
    const positional = path.join(dir, 'positional.json');
    fs.writeFileSync(positional, JSON.stringify({ [BOX]: ['Grow revenue', 'Hire ten engineers', 'Open Lisbon'] }));
    const outs: string[] = [];
    for (const [name, deck, m] of [['v1', V1, map], ['v2', V2, map], ['v2-positional', V2, positional]] as const) {
      const out = path.join(dir, `${name}.pptx`);
      const r = await cli('replace', deck, m, '-o', out, '--json');
      assert.equal(r.code, 0, r.err);
      outs.push(out);
      if (name === 'v2') {
        // The heading the v1 map does not know is left out, and the report says so.
        assert.deepEqual(JSON.parse(r.out).removed, [{ id: 's1.sh47.p1', text: 'Our goals for {{year}}' }]);
        const plain = await cli('replace', deck, m, '-o', path.join(dir, 'v2-again.pptx'));
        assert.match(plain.out, /paragraphs removed: s1\.sh47\.p1 "Our goals for \{\{year\}\}"/);
      }
    }
    for (const out of outs) assert.deepEqual(paragraphTexts(fs.readFileSync(out)), ['Grow revenue', 'Hire ten engineers', 'Open Lisbon']);
    // On the raw XML: each new paragraph carries the run properties of the paragraph it `was`.
    const runProps = (file: string) => [...openPptxPackage(fs.readFileSync(file)).bytes('ppt/slides/slide1.xml').toString('utf8').matchAll(/<a:r><a:rPr ([^>]*)>/g)].map((m) => m[1]);
    assert.deepEqual(runProps(outs[1]), runProps(outs[0]));
    assert.match(runProps(outs[1])[0], /b="1"/);

    needs(this, impressMissing());
    this.timeout(900_000);
    const [v1, v2, v2positional] = loContentXml(outs).map(spansOf);
    const expected = [
      [['Grow revenue', true, false, '#c00000']],
      [['Hire ten engineers', false, true, '#2e7d32']],
      [['Open Lisbon', false, false, '#000000']],
    ];
    assert.deepEqual(v1, expected);
    assert.deepEqual(v2, expected);
    // What `was` prevents: by position, the v1 map puts "Grow revenue" in v2's blue heading.
    assert.equal(v2positional[0][0][3], '#1f4e79');
  });

  it('paragraph ids change one paragraph and leave the rest byte for byte; a stale `was` is an error that writes nothing', async function () {
    const map = path.join(dir, 'by-id.json');
    fs.writeFileSync(map, JSON.stringify({ 's1.sh47.p2': { was: 'Goal two', text: 'Hire ten engineers' }, 's1.sh47.p3': null }));
    const out = path.join(dir, 'by-id.pptx');
    const ok = await cli('replace', V1, map, '-o', out, '--json');
    assert.equal(ok.code, 0, ok.err);
    assert.deepEqual(JSON.parse(ok.out).removed, [{ id: 's1.sh47.p3', text: 'Goal three' }]);
    const before = openPptxPackage(fs.readFileSync(V1)).bytes('ppt/slides/slide1.xml').toString('utf8');
    const after = openPptxPackage(fs.readFileSync(out)).bytes('ppt/slides/slide1.xml').toString('utf8');
    const paras = (xml: string) => [...xml.matchAll(/<a:p>[\s\S]*?<\/a:p>/g)].map((m) => m[0]);
    assert.equal(paras(after).length, 2);
    assert.equal(paras(after)[0], paras(before)[0], 'paragraph 1 is the same XML');
    assert.equal(paras(after)[1], paras(before)[1].replace('Goal two', 'Hire ten engineers'), 'paragraph 2 keeps its runs');
    const a = partsOf(fs.readFileSync(V1));
    for (const [name, bytes] of partsOf(fs.readFileSync(out))) if (name !== 'ppt/slides/slide1.xml') assert.ok(bytes.equals(a.get(name)!), `${name} changed`);

    // The same map on version 2, where p2 is "Goal one": refused, naming what is there.
    const stale = path.join(dir, 'stale.pptx');
    const bad = await cli('replace', V2, map, '-o', stale);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /s1\.sh47\.p2\.was: the paragraph reads "Goal one", not "Goal two"/);
    assert.ok(!fs.existsSync(stale), 'nothing written');

    needs(this, impressMissing());
    this.timeout(900_000);
    assert.deepEqual(spansOf(loContentXml([out])[0]), [[['Goal one', true, false, '#c00000']], [['Hire ten engineers', false, true, '#2e7d32']]]);
  });

  it('fills, keeps and reorders paragraphs named by text; typographic quotes and spacing do not matter', () => {
    const data = fs.readFileSync(V2);
    const res = replaceText(data, {
      's1.sh47.p1': { fill: { '{{year}}': '2027' } },
    });
    assert.deepEqual(paragraphTexts(res.data), ['Our goals for 2027', 'Goal one', 'Goal two', 'Goal three']);
    // `was` alone keeps a paragraph as it is; a paragraph without `was` follows the one before it.
    const kept = replaceText(data, { [BOX]: [{ was: '  Our goals  for {{year}}' }, { was: 'Goal three' }, { text: 'Goal four' }, { was: 'Goal one' }] });
    assert.deepEqual(paragraphTexts(kept.data), ['Our goals for {{year}}', 'Goal three', 'Goal four', 'Goal one']);
    assert.deepEqual(kept.removed, [{ id: 's1.sh47.p3', text: 'Goal two' }]);
    const xml = openPptxPackage(kept.data).bytes('ppt/slides/slide1.xml').toString('utf8');
    const plainRun = /<a:r><a:rPr b="0" lang="en-US" sz="1800" spc="-1" strike="noStrike"><a:solidFill><a:srgbClr val="000000"\/>/;
    assert.match(xml.split('Goal four')[0].split('Goal three')[1] ?? '', plainRun, 'Goal four is formatted like Goal three');
    // Curly quotes in the map match straight ones in the deck (and the other way round).
    const quoted = replaceText(replaceText(data, { 's1.sh47.p4': 'The "third" goal' }).data, { [BOX]: [{ was: 'The \u201cthird\u201d goal', text: 'Third' }] });
    assert.deepEqual(paragraphTexts(quoted.data), ['Third']);
  });

  it('refuses maps that do not fit the deck, naming the paragraphs there are', () => {
    const data = fs.readFileSync(V1);
    assert.throws(() => replaceText(data, { [BOX]: [{ was: 'Goal four', text: 'x' }] }), /s1\.sh47\[0\]\.was: no paragraph reads "Goal four"; s1\.sh47 has p1 "Goal one", p2 "Goal two", p3 "Goal three"; nothing was written/);
    assert.throws(() => replaceText(data, { [BOX]: [{ was: 'Goal one', text: 'a' }, { was: 'Goal one', text: 'b' }] }), /s1\.sh47\[1\]\.was: only 1 paragraph reads "Goal one" and the map names it more often/);
    assert.throws(() => replaceText(data, { 's1.sh47.p4': 'x' }), /s1\.sh47\.p4: s1\.sh47 has p1 "Goal one", p2 "Goal two", p3 "Goal three"; nothing was written/);
    assert.throws(() => replaceText(data, { 's1.sh47.p1': 'x', [BOX]: 'y' }), /s1\.sh47\.p1: the map replaces all of s1\.sh47 too/);
    assert.throws(() => replaceText(data, { 's1.sh47.p1': 'x', 's1.sh47.p01': 'y' }), /s1\.sh47\.p01: the same paragraph as s1\.sh47\.p1/);
    assert.throws(() => replaceText(data, { 's1.sh47.p2': [{ was: 'Goal two', text: 'a' }, { was: 'Goal one', text: 'b' }] }), /s1\.sh47\.p2\[1\]\.was: the paragraph reads "Goal two", not "Goal one"/);
    assert.throws(() => replaceText(data, { 's1.sh47.p2': { was: 7, text: 'x' } }), /s1\.sh47\.p2\.was: the current text of the paragraph/);
    assert.throws(() => replaceText(data, { 's1.sh47.p2': { fill: { '{{year}}': '2027' } } }), /s1\.sh47\.p2\.fill: "\{\{year\}\}" not found in the text of s1\.sh47\.p2/);
    assert.throws(() => replaceText(data, { 's1.sh9.p1': 'x' }), /s1\.sh9\.p1: no such shape; slide 1 has s1\.sh47/);
  });
});
