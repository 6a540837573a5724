// Every Word file of the shared corpus (files made by other tools): it reads, lists its
// changes and comments, validates, and survives open + save part for part; the two
// tracked-change files give the texts the corpus README states.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acceptRevisions, docxText, listComments, listRevisions, openDocxPackage, readDocx, rejectRevisions, validateDocx } from '../../../../src/documents/docx';
import { withDefaults } from '../../../../src/documents/ooxml/limits';
import { inflateEntry, readZip } from '../../../../src/documents/ooxml/zipReader';

import { corpusDir, CORPUS_EXPECTATIONS } from '../../../support/corpus';

const CORPUS = corpusDir('docx') ?? '../shared/corpus/docx';
const corpusFiles = (): string[] => (fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.docx')).sort() : []);


const bodyText = (data: Buffer) =>
  docxText(data, 'inline')
    .paragraphs.filter((p) => p.story === 'body')
    .map((p) => p.plain)
    .join('\n')
    .trim();

describe('documents/docx corpus', function () {
  before(function () {
    if (!corpusFiles().length) {
      console.log(`    (skipped: no corpus at ${CORPUS})`);
      this.skip();
    }
  });

  for (const file of corpusFiles()) {
    it(`${file}: reads, lists, validates and round-trips part for part`, () => {
      const data = fs.readFileSync(path.join(CORPUS, file));
      const doc = readDocx(data);
      assert.ok(doc.body.blocks.length > 0);
      assert.ok(Array.isArray(listRevisions(data)));
      assert.ok(Array.isArray(listComments(data)));
      const errors = validateDocx(data).filter((f) => f.severity === 'error');
      assert.deepEqual(errors, []);
      assert.ok(docxText(data).text.length > 0);

      const pkg = openDocxPackage(data);
      const saved = pkg.save();
      const before = readZip(data, withDefaults());
      const after = readZip(saved, withDefaults());
      assert.deepEqual(after.map((e) => e.name), before.map((e) => e.name));
      for (let i = 0; i < before.length; i++) {
        assert.ok(after[i].raw.equals(before[i].raw), `${before[i].name}: compressed bytes differ`);
        assert.ok(inflateEntry(after[i]).equals(inflateEntry(before[i])), `${before[i].name}: content differs`);
      }
    });
  }

  it('comments.docx has five comment ranges, a reply and their covered text', function () {
    if (!corpusFiles().includes('comments.docx')) this.skip();
    const comments = listComments(fs.readFileSync(path.join(CORPUS, 'comments.docx')));
    assert.equal(comments.length, 5);
    assert.equal(comments[0].coveredText, 'some text to have a comment ');
    assert.equal(comments[1].coveredText, 'a new paragraph.\nAnd so');
    assert.equal(comments[2].text, 'This one has multiple paragraphs.\n\nSee?');
    assert.equal(comments.find((c) => c.id === '4')?.parentId, '3');
  });

  for (const [file, expected] of Object.entries(CORPUS_EXPECTATIONS)) {
    it(`${file}: accept all and reject all give the README's texts`, function () {
      if (!corpusFiles().includes(file)) this.skip();
      const data = fs.readFileSync(path.join(CORPUS, file));
      assert.equal(listRevisions(data).length, 1);
      const accepted = acceptRevisions(data, { all: true });
      const rejected = rejectRevisions(data, { all: true });
      assert.equal(bodyText(accepted.data), expected.accepted);
      assert.equal(bodyText(rejected.data), expected.rejected);
      assert.deepEqual(listRevisions(accepted.data), []);
      assert.deepEqual(listRevisions(rejected.data), []);
      // The views agree with the files.
      assert.equal(docxText(data, 'accepted').paragraphs[0].plain, expected.accepted);
      assert.equal(docxText(data, 'rejected').paragraphs[0].plain, expected.rejected);
      // Only document.xml was rewritten.
      const changed = readZip(accepted.data, withDefaults()).filter((e, i) => !e.raw.equals(readZip(data, withDefaults())[i].raw));
      assert.deepEqual(changed.map((e) => e.name), ['word/document.xml']);
    });
  }
});
