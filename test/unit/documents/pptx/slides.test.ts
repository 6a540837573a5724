// Slide operations: duplicate (own notes, shared media), delete (parts only it used go),
// move; presentation.xml ids, relationships and content types stay consistent, and the
// CLI runs the ops in the order given.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { editSlides, readPptx } from '../../../../src/documents/pptx';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { corpusFiles } from '../../../support/corpus';
import { partsOf, sampleDeck } from '../../../support/pptxSamples';

/** Every internal relationship resolves, every part has a content type, slide ids are unique. */
export function assertConsistent(data: Buffer): void {
  const pkg = OoxmlPackage.open(data);
  for (const entry of pkg.entryNames()) {
    assert.ok(pkg.contentType(entry), `${entry} has a content type`);
    const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(entry);
    if (!m) continue;
    for (const r of pkg.relationships(m[1] + m[2])) if (!r.external) assert.ok(pkg.has(r.targetEntry!), `${entry}: ${r.id} -> ${r.target} exists`);
  }
  for (const name of pkg.contentTypes.overrides.keys()) assert.ok(pkg.has(name.slice(1)) || pkg.entryNames().some((e) => '/' + e.toLowerCase() === name), `override ${name} has a part`);
  const ids = [...pkg.bytes('ppt/presentation.xml').toString().matchAll(/<p:sldId id="(\d+)"/g)].map((x) => x[1]);
  assert.equal(new Set(ids).size, ids.length, 'slide ids are unique');
}

describe('documents/pptx slides', () => {
  it('duplicates a slide with its own notes, deletes one with the image only it used, moves one', () => {
    const before = sampleDeck();
    const dup = editSlides(before, [{ op: 'duplicate', slide: 3 }]);
    assertConsistent(dup.data);
    let deck = readPptx(dup.data);
    assert.deepEqual(deck.slides.map((s) => s.title), ['Quarterly review', 'Picture', 'Three themes', 'Three themes', 'Numbers']);
    assert.equal(deck.slides[3].part, 'ppt/slides/slide5.xml');
    assert.equal(deck.slides[3].notes, 'Spend two minutes here.');
    assert.notEqual(deck.slides[3].notesPart, deck.slides[2].notesPart);
    const pkg = OoxmlPackage.open(dup.data);
    assert.equal(pkg.relationships(deck.slides[3].notesPart!).find((r) => r.type.endsWith('/slide'))!.targetEntry, 'ppt/slides/slide5.xml');
    assert.equal(pkg.relationships(deck.slides[2].notesPart!).find((r) => r.type.endsWith('/slide'))!.targetEntry, 'ppt/slides/slide2.xml');
    // The original slide parts are untouched.
    const a = partsOf(before);
    const b = partsOf(dup.data);
    for (const name of ['ppt/slides/slide2.xml', 'ppt/slides/_rels/slide2.xml.rels', 'ppt/media/image1.png', 'ppt/notesSlides/notesSlide2.xml']) assert.ok(a.get(name)!.equals(b.get(name)!), name);

    const del = editSlides(dup.data, [{ op: 'delete', slide: 2 }]);
    assertConsistent(del.data);
    deck = readPptx(del.data);
    assert.deepEqual(deck.slides.map((s) => s.title), ['Quarterly review', 'Three themes', 'Three themes', 'Numbers']);
    const after = OoxmlPackage.open(del.data);
    assert.ok(!after.has('ppt/slides/slide4.xml') && !after.has('ppt/media/image1.png'), 'the picture slide and its image are gone');
    assert.ok(after.has('ppt/slideLayouts/slideLayout2.xml'), 'layouts stay');

    const moved = editSlides(del.data, [{ op: 'move', slide: 4, to: 1 }, { op: 'move', slide: 2, to: 4 }]);
    assertConsistent(moved.data);
    assert.deepEqual(readPptx(moved.data).slides.map((s) => [s.title, s.hidden]), [['Numbers', true], ['Three themes', false], ['Three themes', false], ['Quarterly review', false]]);
  });

  it('refuses slide numbers that do not exist at that point, writing nothing', () => {
    assert.throws(() => editSlides(sampleDeck(), [{ op: 'delete', slide: 1 }, { op: 'move', slide: 4, to: 1 }]), /op 2 \(move 4:1\): slide 4 does not exist \(the deck has 3 slides at this point\)/);
  });

  it('cowork doc slides runs --duplicate/--delete/--move in order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-slides-'));
    const file = path.join(dir, 'deck.pptx');
    fs.writeFileSync(file, sampleDeck());
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    const code = await runDoc(['slides', file, '--duplicate', '1', '--move', '5:1', '--delete', '3', '-o', path.join(dir, 'out.pptx'), '--json'], io);
    assert.equal(code, 0, err);
    assert.deepEqual(JSON.parse(out).slides.map((s: { title: string }) => s.title), ['Numbers', 'Quarterly review', 'Picture', 'Three themes']);
    assert.equal(await runDoc(['slides', file, '--move', '2-1', '-o', path.join(dir, 'x.pptx')], io), 1);
    assert.match(err, /--move takes FROM:TO/);
  });

  for (const file of corpusFiles('pptx', '.pptx')) {
    it(`${path.basename(file)}: duplicate and delete keep the deck consistent`, () => {
      const data = fs.readFileSync(file);
      const n = readPptx(data).slides.length;
      if (!n) return;
      // Every slide can be duplicated (charts, diagrams and notes get their own copies).
      for (let k = 1; k <= n; k++) assertConsistent(editSlides(data, [{ op: 'duplicate', slide: k }]).data);
      const dup = editSlides(data, [{ op: 'duplicate', slide: n }]);
      assertConsistent(dup.data);
      const deck = readPptx(dup.data);
      assert.equal(deck.slides.length, n + 1);
      assert.deepEqual(deck.slides[n].shapes.map((s) => s.paragraphs), deck.slides[n - 1].shapes.map((s) => s.paragraphs));
      const back = editSlides(dup.data, [{ op: 'delete', slide: n + 1 }]);
      assertConsistent(back.data);
      // Deleting the copy gives back the original's parts (presentation.xml, its rels and the content types aside).
      const a = partsOf(data);
      const b = partsOf(back.data);
      assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
      for (const [name, bytes] of a) if (!/presentation\.xml(\.rels)?$|Content_Types/.test(name)) assert.ok(b.get(name)!.equals(bytes), `${name} kept`);
    });
  }
});
