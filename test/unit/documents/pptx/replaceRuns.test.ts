// Replacing text keeps formatting down to the run: only the words that change move, runs
// given explicitly take the old runs' properties, placeholders are filled inside their
// runs, and hyperlinks (a:hlinkClick and its relationship) survive. Checked on the raw XML
// (regular expressions, not our parser) and by LibreOffice reading the result back.
//
// test/fixtures/pptx/mixed-runs.pptx was written by LibreOffice from mixed-runs.fodp next
// to it (`soffice --headless --convert-to pptx mixed-runs.fodp`): a real writer's
// mixed-format paragraphs, a link inside a sentence, a mailto link with its own colour.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { el, text, type XmlElement } from '../../../../src/documents/ooxml';
import { openPptxPackage, readPptx, replaceText } from '../../../../src/documents/pptx';
import { paragraphTextOf, replaceInParagraph, setParagraphText } from '../../../../src/documents/pptx/runEdit';
import { corpusFiles } from '../../../support/corpus';
import { impressMissing, loContentXml, loSpans } from '../../../support/loPresentation';
import { needs } from '../../../support/needs';
import { partsOf } from '../../../support/pptxSamples';

const FIXTURE = path.join(__dirname, '../../../fixtures/pptx/mixed-runs.pptx');

/** The `a:rPr` of every run of every paragraph of a part, as raw XML. */
function runProps(data: Buffer, part: string): string[][] {
  const xml = openPptxPackage(data).bytes(part).toString('utf8');
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...p[1].matchAll(/<a:r>(<a:rPr[\s\S]*?(?:\/>|<\/a:rPr>))<a:t>([^<]*)<\/a:t><\/a:r>/g)].map((r) => `${r[1]}|${r[2]}`));
}

const run = (rPr: Record<string, string>, t: string): XmlElement => el('a:r', {}, [el('a:rPr', rPr), el('a:t', {}, [text(t)])]);

describe('documents/pptx replace keeps runs and links', () => {
  it('changes only the words that differ, in the runs that hold them', () => {
    const para = () => el('a:p', {}, [run({ b: '0' }, 'Revenue '), run({ b: '1' }, 'grew 12%'), run({ b: '0' }, ' in Q3'), el('a:endParaRPr', { b: '0' })]);
    const p = para();
    setParagraphText(p, 'Revenue grew 15% in Q3');
    assert.equal(paragraphTextOf(p), 'Revenue grew 15% in Q3');
    assert.deepEqual(p.children.map((c) => (c.type === 'element' ? c.name : '')), ['a:r', 'a:r', 'a:r', 'a:endParaRPr']);
    assert.deepEqual(p.children.slice(0, 3).map((r) => (r as XmlElement).children[0]), para().children.slice(0, 3).map((r) => (r as XmlElement).children[0]));
    // A word replaced across a run boundary: the new word takes the first run it replaces; the emptied run goes.
    const q = para();
    setParagraphText(q, 'Revenue fell in Q3');
    assert.equal(paragraphTextOf(q), 'Revenue fell in Q3');
    assert.equal(((q.children[1] as XmlElement).children[0] as XmlElement).attrs.b, '1');
    // Partial words do not count as common: "texts" vs "words" share no whole word, so all goes into the first run.
    const r = el('a:p', {}, [run({ b: '1' }, 'Bold'), run({ b: '0' }, ' plain words')]);
    setParagraphText(r, 'Other texts');
    assert.equal(r.children.length, 1);
    // Line breaks in the new text, a field kept whole.
    const s = el('a:p', {}, [run({}, 'Slide '), el('a:fld', { type: 'slidenum', id: '{X}' }, [el('a:t', {}, [text('3')])]), run({}, ' of 9')]);
    setParagraphText(s, 'Slide 3 of 12\vDraft');
    assert.equal(paragraphTextOf(s), 'Slide 3 of 12\vDraft');
    assert.ok(s.children.some((c) => c.type === 'element' && c.name === 'a:fld'));
    assert.ok(s.children.some((c) => c.type === 'element' && c.name === 'a:br'));
    // A placeholder split over three runs is filled where it starts.
    const t = el('a:p', {}, [run({ b: '0' }, 'Dear {{'), run({ b: '1' }, 'na'), run({ i: '1' }, 'me}}, hello')]);
    assert.deepEqual([...replaceInParagraph(t, [['{{name}}', 'Ada']])], [['{{name}}', 1]]);
    assert.equal(paragraphTextOf(t), 'Dear Ada, hello');
    assert.deepEqual(t.children.map((c) => ((c as XmlElement).children[0] as XmlElement).attrs), [{ b: '0' }, { i: '1' }]);
  });

  it('fills a LibreOffice deck: per-run properties and hyperlinks survive, as the XML and LibreOffice both show', function () {
    const before = fs.readFileSync(FIXTURE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-runs-'));
    fs.writeFileSync(path.join(dir, 'map.json'), JSON.stringify({
      fill: { '{{client}}': 'Acme', '{{phone}}': '+1 555 0100' },
      replacements: {
        's1.sh42': [
          'Revenue grew 15% in Q3',
          'See the full annual report for details',
          { runs: [{ text: 'Prepared by', like: 0 }, { text: ' the board', like: 1 }, { text: ' (minutes)', link: 'https://example.com/minutes' }] },
        ],
      },
    }));
    const out = path.join(dir, 'out.pptx');
    let said = '';
    let err = '';
    return runDoc(['replace', FIXTURE, path.join(dir, 'map.json'), '-o', out, '--json'], { out: (t) => (said += t), err: (t) => (err += t) }).then((code) => {
      assert.equal(code, 0, err);
      const res = JSON.parse(said);
      assert.deepEqual(res.filled, ['s1.sh41', 's2.sh43']);
      assert.deepEqual(res.touchedParts, ['ppt/slides/_rels/slide1.xml.rels', 'ppt/slides/slide1.xml', 'ppt/slides/slide2.xml']);
      const data = fs.readFileSync(out);
      // Raw XML: every run not rewritten has the same rPr as before, byte for byte.
      const [was, now] = [runProps(before, 'ppt/slides/slide1.xml'), runProps(data, 'ppt/slides/slide1.xml')];
      const rPrOf = (x: string) => x.split('|')[0];
      assert.deepEqual(now[0].map(rPrOf), was[0].map(rPrOf), 'title runs');
      assert.deepEqual(now[0].map((x) => x.split('|')[1]), ['Quarterly review for ', 'Acme']);
      assert.deepEqual(now[1], [was[1][0], was[1][1].replace('grew 12%', 'grew 15%'), was[1][2]]);
      assert.deepEqual(now[2], [was[2][0], was[2][1].replace('full report', 'full annual report'), was[2][2]]);
      assert.match(now[2][1], /<a:hlinkClick r:id="rId1"\/>/);
      assert.deepEqual(now[3].slice(0, 2).map(rPrOf), was[3].map(rPrOf));
      const rels = openPptxPackage(data).bytes('ppt/slides/_rels/slide1.xml.rels').toString('utf8');
      assert.match(rels, /Id="rId1" Type="[^"]*\/hyperlink" Target="https:\/\/example.com\/report" TargetMode="External"/);
      const added = /Id="(rId\d+)" Type="[^"]*\/hyperlink" Target="https:\/\/example.com\/minutes" TargetMode="External"/.exec(rels);
      assert.ok(added, rels);
      assert.match(now[3][2], new RegExp(`<a:hlinkClick r:id="${added[1]}"/>`));
      const mail = runProps(data, 'ppt/slides/slide2.xml')[0];
      assert.deepEqual(mail.slice(0, 2), runProps(before, 'ppt/slides/slide2.xml')[0].slice(0, 2));
      // Parts without a change are the same bytes.
      const a = partsOf(before);
      for (const [name, bytes] of partsOf(data)) if (!res.touchedParts.includes(name)) assert.ok(bytes.equals(a.get(name)!), `${name} changed`);
      // The reader lists the runs the map's `like` refers to.
      assert.deepEqual(readPptx(data).slides[0].shapes[1].paragraphs[2].runs, [
        { text: 'Prepared by', bold: false, italic: true },
        { text: ' the board', bold: false },
        { text: ' (minutes)', bold: false, link: 'https://example.com/minutes' },
      ]);

      // LibreOffice, reading the result on its own.
      needs(this, impressMissing());
      this.timeout(900_000);
      const [slide1, slide2] = loSpans(loContentXml([out])[0]).map((paras) => paras.filter((p) => p.length));
      assert.deepEqual(slide1[0].map((s) => [s.text, s.bold, s.color]), [['Quarterly review for ', false, '#000000'], ['Acme', true, '#c00000']]);
      assert.deepEqual(slide1[1].map((s) => [s.text, s.bold]), [['Revenue ', false], ['grew 15%', true], [' in Q3', false]]);
      assert.deepEqual(slide1[2].map((s) => [s.text, s.href]), [['See the ', undefined], ['full annual report', 'https://example.com/report'], [' for details', undefined]]);
      assert.deepEqual(slide1[3].map((s) => [s.text, s.italic, s.href]), [['Prepared by', true, undefined], [' the board', false, undefined], [' (minutes)', false, 'https://example.com/minutes']]);
      assert.deepEqual(slide2[0].map((s) => [s.text, s.href]), [['Write to ', undefined], ['team@example.com', 'mailto:team@example.com'], [' or call +1 555 0100', undefined]]);
    });
  });

  it('keeps every run of the corpus decks (and the LibreOffice one) when words are added or the text is given unchanged', () => {
    // The corpus decks hold few runs of text (4 today), hence the LibreOffice deck too.
    const files = [...corpusFiles('pptx', '.pptx'), FIXTURE];
    let checked = 0;
    for (const file of files) {
      const data = fs.readFileSync(file);
      const deck = readPptx(data);
      const map: Record<string, string> = {};
      const same: Record<string, string> = {};
      for (const slide of deck.slides) {
        for (const sh of slide.shapes) {
          if (!sh.hasText || sh.paragraphs.every((p) => p.text === '')) continue;
          map[sh.id] = sh.paragraphs.map((p) => (p.text ? `${p.text} (rev)` : '')).join('\n');
          same[sh.id] = sh.paragraphs.map((p) => p.text).join('\n');
        }
      }
      if (!Object.keys(map).length) continue;
      const res = replaceText(data, map);
      const unchanged = replaceText(data, same);
      for (const part of res.touchedParts) {
        const [was, now] = [runProps(data, part), runProps(res.data, part)];
        assert.equal(now.length, was.length, `${path.basename(file)} ${part}: paragraphs`);
        was.forEach((runs, i) => {
          assert.deepEqual(now[i].map((x) => x.split('|')[0]), runs.map((x) => x.split('|')[0]), `${path.basename(file)} ${part} paragraph ${i}: run properties`);
          checked += runs.length;
        });
        assert.deepEqual(runProps(unchanged.data, part), was, `${path.basename(file)} ${part}: the same text changes nothing`);
      }
      const reread = readPptx(res.data);
      for (const [id, t] of Object.entries(map)) {
        const [s] = /^s(\d+)/.exec(id)!.slice(1);
        assert.equal(reread.slides[Number(s) - 1].shapes.find((x) => x.id === id)!.paragraphs.map((p) => p.text).join('\n'), t);
      }
    }
    assert.ok(checked > 10, `runs checked: ${checked}`);
  });

  it('refuses bad run maps and fills before writing anything', async () => {
    const data = fs.readFileSync(FIXTURE);
    assert.throws(() => replaceText(data, { 's1.sh42': [{ runs: [{ text: 'x', like: 5 }] }] }), /s1\.sh42\[0\]\.runs\[0\]\.like: the old paragraph has runs 0 to 2/);
    assert.throws(() => replaceText(data, { 's1.sh42': [{ runs: [{ text: 'x', link: 'example.com' }] }] }), /\.link: a URL such as/);
    assert.throws(() => replaceText(data, { 's1.sh42': [{ text: 'x', runs: ['y'] }] }), /text or runs, not both/);
    assert.throws(() => replaceText(data, { 's1.sh42': [{ runs: [{ text: 'x', colour: 'red' }] }] }), /unknown field "colour"/);
    assert.throws(() => replaceText(data, { 's1.sh41': { fill: { '{{nobody}}': 'x' } } }), /s1\.sh41\.fill: "\{\{nobody\}\}" not found in the text of s1\.sh41/);
    assert.throws(() => replaceText(data, {}, { fill: { '{{client}}': 'a\nb' } }), /stays in its paragraph/);
    assert.throws(() => replaceText(data, {}, { fill: { '{{client}}': 'Acme', '{{missing}}': 'x' } }), /fill: "\{\{missing\}\}" not found on any slide/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-runs-bad-'));
    fs.writeFileSync(path.join(dir, 'map.json'), JSON.stringify({ fill: { '{{client}}': 'Acme' }, 's1.sh41': 'x' }));
    let err = '';
    assert.equal(await runDoc(['replace', FIXTURE, path.join(dir, 'map.json'), '-o', path.join(dir, 'out.pptx')], { out: () => {}, err: (t) => (err += t) }), 1);
    assert.match(err, /next to "replacements" and "fill" there is "s1\.sh41"/);
    assert.ok(!fs.existsSync(path.join(dir, 'out.pptx')));
  });
});
