// Bad decks end in a DocumentError with a clear message, never a crash: the fuzzer's
// minimised case (kept as a fixture), fuzzed XML and fuzzed bytes, missing layouts,
// a zip bomb, and a Word document named .pptx.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError, OoxmlPackage } from '../../../../src/documents/ooxml';
import { writeZip } from '../../../../src/documents/ooxml/zipWriter';
import { deckText, inventoryJson, readPptx, replaceText } from '../../../../src/documents/pptx';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { buildDocx } from '../../../support/docxBuilder';
import { buildPptx, placeholder } from '../../../support/pptxBuilder';
import { fuzzDeck, rng } from '../../../support/pptxFuzz';
import { sampleDeck } from '../../../support/pptxSamples';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/pptx');

function errorOf(fn: () => unknown): DocumentError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected a DocumentError, got ${(err as Error).stack}`);
    return err;
  }
  assert.fail('expected an error');
}

/** Everything a person can ask of a deck. */
function exercise(data: Buffer): void {
  const deck = readPptx(data);
  deckText(deck);
  inventoryJson(deck);
  const id = deck.slides.flatMap((s) => s.shapes).find((s) => s.hasText)?.id;
  if (id) replaceText(data, { [id]: 'x' });
}

describe('documents/pptx bad input', () => {
  it('the fuzzer\'s minimised case: a slide list naming a relationship that is gone', () => {
    const e = errorOf(() => readPptx(fs.readFileSync(path.join(FIXTURES, 'fuzz-dangling-slide-rel.pptx'))));
    assert.equal(e.code, 'CORRUPT');
    assert.match(e.message, /ppt\/presentation\.xml lists a slide as "rId10", but its relationships \(ppt\/_rels\/presentation\.xml\.rels\) have no such internal relationship/);
  });

  it('fuzzed XML and fuzzed bytes: read, inventory and replace either work or raise a DocumentError', () => {
    const base = sampleDeck();
    for (let seed = 1; seed <= 250; seed++) {
      const { data } = fuzzDeck(base, seed);
      try {
        exercise(data);
      } catch (err) {
        assert.ok(err instanceof DocumentError, `seed ${seed}: ${(err as Error).stack}`);
      }
      const r = rng(seed);
      const bytes = Buffer.from(base);
      for (let i = 0; i < 4; i++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      try {
        exercise(bytes);
      } catch (err) {
        assert.ok(err instanceof DocumentError, `bytes seed ${seed}: ${(err as Error).stack}`);
      }
    }
  });

  it('missing layouts: names the part that is gone', () => {
    const e = errorOf(() => readPptx(buildPptx({ slides: [{ shapes: placeholder(2, 'title', ['x']) }], dropLayouts: true })));
    assert.equal(e.code, 'MISSING_PART');
    assert.match(e.message, /slide layout rId1 points to ppt\/slideLayouts\/slideLayout1\.xml, which is missing/);
  });

  it('a zip bomb is refused before it is inflated, and the CLI says so in one line', async () => {
    const deck = buildPptx({ slides: [{ shapes: placeholder(2, 'title', ['x']) }] });
    const pkg = OoxmlPackage.open(deck);
    pkg.setBytes('ppt/media/bomb.xml', Buffer.alloc(300 * 1024 * 1024, 0x20));
    const bomb = pkg.save();
    assert.ok(bomb.length < 2 * 1024 * 1024);
    assert.equal(errorOf(() => readPptx(bomb)).code, 'LIMIT_EXCEEDED');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-bomb-'));
    fs.writeFileSync(path.join(dir, 'bomb.pptx'), bomb);
    let err = '';
    const code = await runDoc(['inventory', path.join(dir, 'bomb.pptx')], { out: () => undefined, err: (t) => (err += t) });
    assert.equal(code, 1);
    assert.match(err, /^cowork doc inventory: .*bomb\.pptx: .*compress/i);
    assert.equal(err.trim().split('\n').length, 1);
  });

  it('a Word document or a zip of something else named .pptx', () => {
    const e = errorOf(() => readPptx(buildDocx({ body: '<w:p><w:r><w:t>hi</w:t></w:r></w:p>' })));
    assert.equal(e.code, 'NOT_A_PACKAGE');
    assert.match(e.message, /this is a Word document, not a PowerPoint presentation \(\.pptx\)/);
    const zip = writeZip([{ kind: 'new', name: 'hello.txt', data: Buffer.from('hi') }]);
    assert.equal(errorOf(() => readPptx(zip)).code, 'MISSING_PART');
  });
});
