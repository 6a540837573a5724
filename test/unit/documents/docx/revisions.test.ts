// Every revision kind, in the body, a table, a header and a footnote: listed with id,
// kind, author and text; accepted and rejected all at once, by id, author, kind and
// paragraph range; and the result validates.

import * as assert from 'node:assert/strict';
import { acceptRevisions, docxText, DocumentError, listComments, listRevisions, rejectRevisions, validateDocx } from '../../../../src/documents/docx';
import * as b from '../../../support/docxBuilder';
import { readDocx } from '../../../../src/documents/docx';
import { ACCEPTED_BODY, KITCHEN_SINK_KINDS, kitchenSinkDocx, REJECTED_BODY } from '../../../support/docxKitchenSink';

const body = (data: Buffer) => docxText(data).paragraphs.filter((p) => p.story === 'body').map((p) => p.plain);
const storyText = (data: Buffer, story: string) => docxText(data).paragraphs.filter((p) => p.story === story).map((p) => p.plain);

describe('documents/docx revisions', () => {
  const doc = kitchenSinkDocx();

  it('lists every change with a stable id, kind, author, text and location', () => {
    const revs = listRevisions(doc);
    assert.deepEqual(Object.fromEntries(revs.map((r) => [r.id, r.kind])), KITCHEN_SINK_KINDS);
    const byId = new Map(revs.map((r) => [r.id, r]));
    assert.equal(byId.get('1')!.text, 'one');
    assert.equal(byId.get('1')!.author, 'Ana');
    assert.equal(byId.get('1')!.date, '2024-05-01T10:00:00Z');
    assert.equal(byId.get('1')!.location.paragraph, 'p2');
    assert.equal(byId.get('4')!.movePair, '5');
    assert.equal(byId.get('9')!.location.table, 't1');
    assert.equal(byId.get('9')!.location.row, 1);
    assert.equal(byId.get('9')!.text, 'NewRow');
    assert.equal(byId.get('header1:12')!.location.story, 'header1');
    assert.equal(byId.get('footnotes:13')!.location.paragraph, 'fn1.p1');
    assert.deepEqual(listRevisions(doc).map((r) => r.id), revs.map((r) => r.id), 'ids are stable across reads');
  });

  it('reads the comment thread with its reply and resolved state', () => {
    const [a, b] = listComments(doc);
    assert.equal(a.coveredText, 'cap');
    assert.equal(a.resolved, true);
    assert.equal(b.parentId, '0');
  });

  it('shows changes inline with their ids and comments beside their text', () => {
    const t = docxText(doc).text;
    assert.match(t, /\[p2\] The \{==cap==\}\{>>\[c0\] Ana: Is this cap too low\? \(resolved\) \| \[c1\] Ben: Raised to two\. \(resolved\)<<\} is \{--one--\}\[#1\]\{\+\+two\+\+\}\[#2\] times the fees\./);
    assert.match(t, /\[p4\] \{--Moved sentence\. --\}\[#4 moveFrom\]Stays here\./);
    assert.match(t, /\[p6\] First half¶-\[#6\]/);
    assert.match(t, /\[t1\.r2 \+row#9\]/);
    assert.match(t, /\[header1\.p1\] Header \{\+\+draft\+\+\}\[#header1:12\]/);
  });

  it('accept all and reject all give the expected text everywhere, and no changes remain', () => {
    const accepted = acceptRevisions(doc, { all: true }).data;
    const rejected = rejectRevisions(doc, { all: true }).data;
    assert.deepEqual(body(accepted), ACCEPTED_BODY);
    assert.deepEqual(body(rejected), REJECTED_BODY);
    assert.deepEqual(storyText(accepted, 'header1'), ['Header draft']);
    assert.deepEqual(storyText(rejected, 'fn1'), ['Note old text.']);
    for (const out of [accepted, rejected]) {
      assert.deepEqual(listRevisions(out), []);
      assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);
      assert.doesNotMatch(docxText(out).text, /moveFromRange|\{\+\+|\{--/);
    }
    // The views predict the files.
    assert.deepEqual(docxText(doc, 'accepted').paragraphs.filter((p) => p.story === 'body').map((p) => p.plain), ACCEPTED_BODY);
    assert.deepEqual(docxText(doc, 'rejected').paragraphs.filter((p) => p.story === 'body').map((p) => p.plain), REJECTED_BODY);
  });

  it('accepts by id, leaving the others', () => {
    const r = acceptRevisions(doc, { ids: ['1'] });
    assert.deepEqual(r.resolved, ['1']);
    const left = listRevisions(r.data).map((x) => x.id);
    assert.ok(!left.includes('1') && left.includes('2'));
    assert.equal(body(r.data)[1], 'The cap is two times the fees.'.replace('two', 'two'));
    assert.match(docxText(r.data).text, /\[p2\] The .* is \{\+\+two\+\+\}\[#2\] times/);
  });

  it('accepting one half of a move accepts the pair', () => {
    const r = acceptRevisions(doc, { ids: ['4'] });
    assert.deepEqual(r.resolved.sort(), ['4', '5']);
    assert.deepEqual(body(r.data).slice(3, 5), ['Stays here.', 'Target: Moved sentence. ']);
    assert.doesNotMatch(r.data.toString('latin1'), /moveFromRangeStart/);
  });

  it('rejects by author and by kind', () => {
    const byBen = rejectRevisions(doc, { author: 'ben' });
    const left = listRevisions(byBen.data);
    assert.ok(left.length > 0 && left.every((x) => x.author === 'Ana'));
    const rows = rejectRevisions(doc, { kinds: ['tableRowInsertion'] });
    assert.deepEqual(rows.resolved, ['9']);
    assert.ok(!body(rows.data).includes('Row'));
  });

  it('accepts the changes in a paragraph range only', () => {
    const r = acceptRevisions(doc, { range: { from: 'p2', to: 'p3' } });
    assert.deepEqual(r.resolved.sort(), ['1', '2', '3']);
  });

  it('says which id does not exist', () => {
    assert.throws(() => acceptRevisions(doc, { ids: ['999'] }), (e: DocumentError) => e.code === 'INVALID_ARGUMENT' && /999/.test(e.message));
  });

  it('rewrites only the parts it changes', () => {
    const r = acceptRevisions(doc, { ids: ['header1:12'] });
    assert.deepEqual(body(r.data), body(doc));
    assert.deepEqual(storyText(r.data, 'header1'), ['Header draft']);
  });
});

describe('documents/docx revisions: nesting and edges', () => {

  it('text inserted by one author and deleted by another: accept all drops it, reject all too, accepting only the deletion keeps the insertion out', () => {
    const doc = b.buildDocx({ body: b.para(b.run('Keep ') + b.ins(1, 'Ana', b.del(2, 'Ben', b.delRun('gone '))) + b.run('end.')) });
    const kinds = listRevisions(doc).map((r) => `${r.id}:${r.kind}:${r.text}`);
    assert.deepEqual(kinds, ['1:insertion:gone ', '2:deletion:gone ']);
    assert.equal(body(acceptRevisions(doc, { all: true }).data)[0], 'Keep end.');
    assert.equal(body(rejectRevisions(doc, { all: true }).data)[0], 'Keep end.');
    const onlyDel = rejectRevisions(doc, { ids: ['2'] }).data;
    assert.equal(docxText(onlyDel).paragraphs[0].text, 'Keep {++gone ++}[#1]end.');
    assert.equal(body(acceptRevisions(onlyDel, { all: true }).data)[0], 'Keep gone end.');
  });

  it('a whole deleted paragraph disappears on accept and comes back on reject', () => {
    const doc = b.buildDocx({ body: b.para(b.run('One.')) + b.para(b.del(1, 'Ana', b.delRun('Two.')), b.markDel(2, 'Ana')) + b.para(b.run('Three.')) });
    assert.deepEqual(body(acceptRevisions(doc, { all: true }).data), ['One.', 'Three.']);
    assert.deepEqual(body(rejectRevisions(doc, { all: true }).data), ['One.', 'Two.', 'Three.']);
  });

  it('rejecting a table whose rows were all inserted removes the table', () => {
    const row = (id: number, t: string) => `<w:tr><w:trPr><w:ins ${b.who(id, 'Ana')}/></w:trPr><w:tc>${b.para(b.ins(id + 10, 'Ana', b.run(t)))}</w:tc></w:tr>`;
    const doc = b.buildDocx({ body: b.para(b.run('Before')) + `<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>${row(1, 'x')}${row(2, 'y')}</w:tbl>` + b.para(b.run('After')) });
    const out = rejectRevisions(doc, { all: true }).data;
    assert.deepEqual(body(out), ['Before', 'After']);
    assert.deepEqual(readDocx(out).body.blocks.map((x) => x.type), ['paragraph', 'paragraph']);
    assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);
  });
});
