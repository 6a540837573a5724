// Every PowerPoint file of the shared corpus (files made by PowerPoint, python-pptx and
// POI): it reads, inventories, and survives open + save with every part kept byte for byte.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inventoryJson, openPptxPackage, readPptx, deckText } from '../../../../src/documents/pptx';
import { partsOf } from '../../../support/pptxSamples';
import { corpusFiles, corpusDir } from '../../../support/corpus';

const FILES = corpusFiles('pptx', '.pptx');

describe('documents/pptx corpus', function () {
  before(function () {
    if (!FILES.length) {
      console.log(`    (skipped: no corpus at ${corpusDir('pptx') ?? '../shared/corpus/pptx'})`);
      this.skip();
    }
  });

  for (const file of FILES) {
    it(`${path.basename(file)}: reads, inventories and round-trips part for part`, () => {
      const data = fs.readFileSync(file);
      const deck = readPptx(data);
      const inv = inventoryJson(deck);
      assert.equal(inv.slides.length, deck.slides.length);
      assert.ok(inv.layouts.length > 0, 'every deck has at least one layout');
      for (const s of inv.slides) {
        assert.ok(s.layout && s.layout.part.startsWith('ppt/slideLayouts/'));
        const ids = s.shapes.map((x) => x.id);
        assert.equal(new Set(ids).size, ids.length, 'shape ids are unique');
      }
      assert.ok(deckText(deck).length > 0);
      const saved = openPptxPackage(data).save();
      const before = partsOf(data);
      const after = partsOf(saved);
      assert.deepEqual([...after.keys()], [...before.keys()]);
      for (const [name, bytes] of before) assert.ok(after.get(name)!.equals(bytes), `${name} changed`);
    });
  }

  it('knows what the corpus files hold', function () {
    const byName = new Map(FILES.map((f) => [path.basename(f), readPptx(fs.readFileSync(f))]));
    const notes = byName.get('sld-notes.pptx');
    if (notes) assert.deepEqual(notes.slides.map((s) => s.notes), ['Notes', undefined]);
    const ph = byName.get('ph-populated-placeholders.pptx');
    if (ph) {
      assert.equal(ph.slides.length, 9);
      assert.equal(ph.slides[4].title, 'Title Text');
      assert.deepEqual(ph.slides[0].images.map((i) => i.target), ['ppt/media/image1.png']);
      assert.equal(ph.slides[3].shapes[0].kind, 'chart');
    }
    const table = byName.get('table_test.pptx');
    if (table) assert.equal(table.slides[0].tables[0].rows.length, 6);
    const tpl = byName.get('templatePPTWithOnlyOneText.pptx');
    if (tpl) assert.equal(tpl.slides[0].shapes.find((s) => s.paragraphs.length)?.paragraphs[0].text, '${TemplateText}');
  });
});
