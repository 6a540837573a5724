// Compare: tracked changes that turn the old version into the new one, word by word,
// formatting kept (deleted words with the old formatting, the rest as in the new),
// whole paragraphs and table rows inserted or deleted; the engine's accept/reject and
// LibreOffice's Accept All / Reject All give back exactly the two versions.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { acceptRevisions, docxText, readDocx, rejectRevisions, validateDocx } from '../../../../src/documents/docx';
import { compareDocx } from '../../../../src/documents/docx/compare';
import { diffSequences, tokenizeWords } from '../../../../src/documents/docx/compareDiff';
import { createDocx } from '../../../../src/documents/docx/create';
import type { Block } from '../../../../src/documents/docx/createSpec';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { libreOfficeMissing, loInspect, requireTool } from '../../../support/libreOffice';

const DATE = '2026-12-01T10:00:00Z';

function png(): Buffer {
  const img = new PNG({ width: 4, height: 2 });
  img.data.fill(200);
  return PNG.sync.write(img);
}

function doc(body: Block[]): Buffer {
  return createDocx({ body }, { readFile: () => png(), now: new Date(DATE) });
}

const OLD = doc([
  { type: 'heading', level: 1, text: 'Agreement' },
  { type: 'paragraph', text: ['The liability cap is ', { text: 'twelve (12) months', bold: true }, ' of fees paid.'] },
  { type: 'paragraph', text: 'This paragraph will be removed.' },
  { type: 'image', path: 'logo.png', widthMm: 20 },
  { type: 'paragraph', text: 'Unchanged clause.' },
  { type: 'table', rows: [['Item', 'Price'], ['Support', '100'], ['Hosting', '200']] },
  { type: 'paragraph', text: 'Last.' },
]);
const NEW = doc([
  { type: 'heading', level: 1, text: 'Agreement' },
  { type: 'paragraph', text: ['The liability cap is ', { text: 'three (3) months', italic: true }, ' of fees paid, in total.'] },
  { type: 'paragraph', text: 'Unchanged clause.' },
  { type: 'paragraph', text: 'A brand new clause about audits.' },
  { type: 'table', rows: [['Item', 'Price'], ['Support', '150'], ['Hosting', '200'], ['Training', '50']] },
  { type: 'paragraph', text: 'Last.' },
]);

const plain = (docx: Buffer) =>
  docxText(docx, 'inline')
    .paragraphs.filter((p) => p.story === 'body')
    .map((p) => p.plain)
    .filter((t) => t !== '');

describe('documents/docx compare', function () {
  this.timeout(1_500_000);
  const result = compareDocx(OLD, NEW, { author: 'Redline', date: DATE });

  it('the word diff is minimal and gives both texts back', () => {
    const a = tokenizeWords('The cap is twelve (12) months.');
    const b = tokenizeWords('The cap is three (3) months of fees.');
    assert.equal(a.join(''), 'The cap is twelve (12) months.');
    const ops = diffSequences(a, b);
    assert.deepEqual(ops.filter((o) => o.kind !== 'equal').map((o) => (o.kind === 'delete' ? `-${a.slice(o.a, o.a + o.length).join('')}` : `+${b.slice((o as { b: number }).b, (o as { b: number }).b + o.length).join('')}`)), ['-twelve', '+three', '-12', '+3', '+ of fees']);
    for (let t = 0; t < 500; t++) {
      const r = () => Array.from({ length: (t * 7) % 13 }, (_, i) => 'abcd'[(i * t + 3) % 4]);
      const x = r();
      const y = r().reverse();
      const back: string[] = [];
      for (const o of diffSequences(x, y)) if (o.kind !== 'delete') back.push(...(o.kind === 'equal' ? x.slice(o.a, o.a + o.length) : y.slice(o.b, o.b + o.length)));
      assert.deepEqual(back, y);
    }
  });

  it('accepting all gives the new text, rejecting all the old; it validates', () => {
    assert.deepEqual(validateDocx(result.bytes).filter((f) => f.severity === 'error'), []);
    assert.deepEqual(plain(acceptRevisions(result.bytes, { all: true }).data), plain(NEW));
    assert.deepEqual(plain(rejectRevisions(result.bytes, { all: true }).data), plain(OLD));
    assert.deepEqual(result.stats, { equal: 4, changed: 3, inserted: 1, deleted: 2, rowsInserted: 1, rowsDeleted: 0 });
  });

  it('marks words, not whole paragraphs, and keeps the formatting of each side', () => {
    const text = docxText(result.bytes, 'inline').text;
    // Unchanged words that went from bold to italics are a formatting change ({~~ ~~}).
    assert.match(text, /The liability cap is \{--twelve--\}\[#\d+\]\{\+\+three\+\+\}\[#\d+\]\{~~ \(~~\}\[#\d+ format\]\{--12--\}\[#\d+\]\{\+\+3\+\+\}\[#\d+\]\{~~\) months~~\}\[#\d+ format\] of fees paid\{\+\+, in total\+\+\}\[#\d+\]\./);
    assert.match(text, /\| \[p\d+\] Support \| \[p\d+\] \{--100--\}\[#\d+\]\{\+\+150\+\+\}\[#\d+\] \|/);
    const xml = OoxmlPackage.open(result.bytes).bytes('word/document.xml').toString('utf8');
    assert.match(xml, /<w:del [^>]*><w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:delText xml:space="preserve">twelve<\/w:delText>/, 'deleted words keep the old bold');
    assert.match(xml, /<w:ins [^>]*><w:r><w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">three<\/w:t>/, 'inserted words have the new italics');
    assert.match(xml, /<w:r><w:rPr><w:i\/><w:iCs\/><w:rPrChange [^>]*w:author="Redline"[^>]*><w:rPr><w:b\/><w:bCs\/><\/w:rPr><\/w:rPrChange><\/w:rPr><w:t xml:space="preserve">\) months<\/w:t><\/w:r>/, 'unchanged words as in the new version, the old look kept in w:rPrChange');
    const rejected = OoxmlPackage.open(rejectRevisions(result.bytes, { all: true }).data).bytes('word/document.xml').toString('utf8');
    assert.match(rejected, /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">\) months<\/w:t><\/w:r>/, 'rejecting brings the old formatting back');
    const doc = readDocx(result.bytes);
    assert.ok(doc.revisions.every((r) => r.author === 'Redline' && r.date === DATE));
    assert.ok(doc.revisions.some((r) => r.kind === 'tableRowInsertion'));
    assert.deepEqual(doc.revisions.filter((r) => r.kind === 'runFormat').map((r) => r.text), [' (', ') months']);
  });

  it('a deleted image comes back from the old package with its own part', () => {
    const pkg = OoxmlPackage.open(result.bytes);
    const images = readDocx(result.bytes).images;
    assert.equal(images.length, 1);
    assert.ok(images[0].deleted);
    assert.ok(images[0].part && pkg.has(images[0].part), 'the image part is in the new package');
  });

  it('identical versions give no changes', () => {
    const same = compareDocx(OLD, OLD);
    assert.deepEqual(readDocx(same.bytes).revisions, []);
    assert.equal(same.stats.changed + same.stats.inserted + same.stats.deleted, 0);
  });

  it('LibreOffice: Accept All shows the new version, Reject All the old', function () {
    requireTool(this, libreOfficeMissing());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-compare-'));
    try {
      const files = { old: path.join(dir, 'old.docx'), new: path.join(dir, 'new.docx'), cmp: path.join(dir, 'cmp.docx') };
      fs.writeFileSync(files.old, OLD);
      fs.writeFileSync(files.new, NEW);
      fs.writeFileSync(files.cmp, result.bytes);
      const [o, n, accepted, rejected, asIs] = loInspect([{ file: files.old }, { file: files.new }, { file: files.cmp, mode: 'accept' }, { file: files.cmp, mode: 'reject' }, { file: files.cmp }]);
      assert.equal(accepted.text, n.text);
      assert.equal(rejected.text, o.text);
      assert.ok(asIs.redlines.length > 5 && asIs.redlines.every((r) => r.author === 'Redline'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
