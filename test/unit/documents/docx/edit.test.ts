// Edit ops as tracked changes: spans within and across runs and paragraphs keep
// their formatting, whole paragraphs and rows, comments with replies and resolve,
// author and date on everything, ids unique, clear errors for bad targets; read
// back by the engine, by LibreOffice (accept all / reject all) and python-docx.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acceptRevisions, docxText, readDocx, rejectRevisions, validateDocx } from '../../../../src/documents/docx';
import { createDocx } from '../../../../src/documents/docx/create';
import { editDocx } from '../../../../src/documents/docx/edit/applyEdits';
import { OoxmlPackage, walk } from '../../../../src/documents/ooxml';
import { corpusDir } from '../../../support/corpus';
import { libreOfficeMissing, loInspect, pythonDocx, pythonDocxMissing, requireTool } from '../../../support/libreOffice';

const DATE = '2026-12-01T10:00:00Z';

function sample(): Buffer {
  return createDocx({
    body: [
      { type: 'heading', level: 1, text: 'Terms' },
      { type: 'paragraph', text: ['The fee is ', { text: 'one hundred', bold: true }, ' pounds per month.'] },
      { type: 'paragraph', text: 'Payment is due in thirty days.' },
      { type: 'paragraph', text: 'Late payment carries interest.' },
      { type: 'paragraph', text: 'Either party may terminate. Either party may renew.' },
      { type: 'table', rows: [['Item', 'Price'], ['Support', '100'], ['Hosting', '200']] },
      { type: 'paragraph', text: 'Signed.' },
    ],
  });
}

const bodyPlain = (docx: Buffer, view: 'accepted' | 'rejected' | 'inline' = 'accepted') =>
  docxText(docx, view)
    .paragraphs.filter((p) => p.story === 'body')
    .map((p) => p.plain);

function xmlOf(docx: Buffer, part = 'word/document.xml'): string {
  return OoxmlPackage.open(docx).bytes(part).toString('utf8');
}

const OPS = [
  // Across the bold run and the plain run after it: the new text takes the bold run's formatting.
  { op: 'replace', at: 'p2', find: 'one hundred pounds', text: 'two hundred euros', comment: 'Currency changed.' },
  // Across two paragraphs (the paragraph mark is "\n").
  { op: 'replace', at: 'p3', through: 'p4', find: 'thirty days.\nLate payment', text: 'fourteen days; late payment' },
  { op: 'insert', at: 'p5', after: 'may terminate', text: ' on notice' },
  { op: 'delete', at: 'p5', find: 'Either party may renew.', occurrence: 1 },
  { op: 'insertParagraph', after: 'p5', text: [{ text: 'New: ', bold: true }, 'audits once a year.'] },
  { op: 'deleteRow', at: 'p8' },
  { op: 'insertRow', after: 'p10', cells: ['Training', '50'] },
  { op: 'comment', at: 'p12', text: 'Who signs?' },
];

const ACCEPTED = ['Terms', 'The fee is two hundred euros per month.', 'Payment is due in fourteen days; late payment carries interest.', 'Either party may terminate on notice. ', 'New: audits once a year.', 'Item', 'Price', 'Hosting', '200', 'Training', '50', 'Signed.'];

describe('documents/docx edit ops as tracked changes', function () {
  this.timeout(1_500_000);
  const original = sample();
  const edited = editDocx(original, { author: 'Reviewer One', ops: OPS }, { date: DATE });

  it('applies every op and only rewrites the parts it touched', () => {
    assert.deepEqual(edited.applied.map((a) => a.op), OPS.map((o) => o.op));
    assert.deepEqual(edited.touchedParts.sort(), ['word/commentsExtended.xml', 'word/comments.xml', 'word/document.xml'].sort());
    const before = OoxmlPackage.open(original);
    const after = OoxmlPackage.open(edited.bytes);
    for (const entry of before.entryNames()) {
      if (['word/document.xml', '[Content_Types].xml', 'word/_rels/document.xml.rels'].includes(entry)) continue;
      assert.ok(before.bytes(entry).equals(after.bytes(entry)), `${entry} unchanged`);
    }
    assert.deepEqual(validateDocx(edited.bytes).filter((f) => f.severity === 'error'), []);
  });

  it('accepting all gives the edited text, rejecting all the original', () => {
    assert.deepEqual(bodyPlain(acceptRevisions(edited.bytes, { all: true }).data, 'inline'), ACCEPTED);
    assert.deepEqual(bodyPlain(rejectRevisions(edited.bytes, { all: true }).data, 'inline'), bodyPlain(original, 'inline'));
    assert.deepEqual(bodyPlain(edited.bytes, 'rejected'), bodyPlain(original, 'inline'));
  });

  it('keeps run formatting: deleted text keeps its runs, new text takes the replaced text\'s', () => {
    const xml = xmlOf(edited.bytes);
    assert.match(xml, /<w:del [^>]*w:author="Reviewer One"[^>]*><w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:delText xml:space="preserve">one hundred<\/w:delText><\/w:r><w:r><w:delText xml:space="preserve"> pounds<\/w:delText><\/w:r><\/w:del>/);
    assert.match(xml, /<w:ins [^>]*><w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">two hundred euros<\/w:t><\/w:r><\/w:ins>/);
  });

  it('attributes every change and comment to the author with the date; ids are unique', () => {
    const doc = readDocx(edited.bytes);
    assert.ok(doc.revisions.length >= 10);
    for (const r of doc.revisions) assert.deepEqual([r.author, r.date], ['Reviewer One', DATE], r.id);
    assert.deepEqual(doc.comments.map((c) => [c.author, c.date, c.text]), [
      ['Reviewer One', DATE, 'Currency changed.'],
      ['Reviewer One', DATE, 'Who signs?'],
    ]);
    assert.deepEqual(new Set(doc.revisions.map((r) => r.kind)), new Set(['deletion', 'insertion', 'paragraphDeletion', 'paragraphInsertion', 'tableRowDeletion', 'tableRowInsertion']));
    const ids: string[] = [];
    walk(OoxmlPackage.open(edited.bytes).xml('word/document.xml').root, (e) => {
      if (/^w:(ins|del|commentRangeStart|bookmarkStart)$/.test(e.name)) ids.push(e.attrs['w:id']);
    });
    assert.equal(new Set(ids).size, ids.length);
  });

  it('replies to and resolves comments (commentsExtended)', () => {
    const first = readDocx(edited.bytes).comments[0].id;
    const next = editDocx(edited.bytes, { ops: [{ op: 'reply', to: first, text: 'Agreed.' }, { op: 'resolve', comment: first }] }, { date: DATE });
    const comments = readDocx(next.bytes).comments;
    const reply = comments.find((c) => c.text === 'Agreed.')!;
    assert.equal(reply.author, 'Cowork', 'default author');
    assert.equal(reply.parentId, first);
    assert.equal(comments.find((c) => c.id === first)!.resolved, true);
    assert.match(xmlOf(next.bytes, 'word/commentsExtended.xml'), /w15:paraIdParent=/);
    assert.deepEqual(validateDocx(next.bytes).filter((f) => f.severity === 'error'), []);
  });

  it('"track": false fills a template directly, keeping formatting', () => {
    const filled = editDocx(original, { track: false, ops: [{ op: 'replace', at: 'p2', find: 'one hundred', text: 'ninety' }, { op: 'delete', at: 'p3', through: 'p4', find: ' in thirty days.\nLate payment carries interest' }] });
    assert.deepEqual(readDocx(filled.bytes).revisions, []);
    assert.deepEqual(bodyPlain(filled.bytes, 'inline').slice(1, 4), ['The fee is ninety pounds per month.', 'Payment is due.', 'Either party may terminate. Either party may renew.']);
    assert.match(xmlOf(filled.bytes), /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t xml:space="preserve">ninety<\/w:t><\/w:r>/);
  });

  it('missing, ambiguous and malformed targets are clear errors and nothing is written', () => {
    const fails = (ops: unknown[], re: RegExp) => assert.throws(() => editDocx(original, { ops }), (e: Error) => re.test(e.message) || assert.fail(e.message));
    fails([{ op: 'replace', at: 'p2', find: 'two hundred', text: 'x' }], /ops\[0\] \(replace\): "two hundred" is not in the text "The fee is one hundred pounds per month\."/);
    fails([{ op: 'delete', at: 'p5', find: 'Either party' }], /"Either party" occurs 2 times; quote more of the text or give "occurrence" \(1 to 2\)/);
    fails([{ op: 'delete', at: 'p99', find: 'x' }], /there is no paragraph "p99" \(the body has p1 to p\d+/);
    fails([{ op: 'replace', at: 'p2', find: 'fee' }], /ops\[0\]: replace needs "text"/);
    fails([{ op: 'rewrite', at: 'p2' }], /ops\[0\]\.op: must be one of replace, delete, insert/);
    fails([{ op: 'insertRow', after: 'p2', cells: ['a'] }], /the paragraph is not in a table row/);
    fails([{ op: 'reply', to: '42', text: 'x' }], /there is no comment "42" \(the document has no comments\)/);
  });

  it('quotes copied from the inline view (change marks, curly quotes) still find their text', () => {
    const once = editDocx(original, { ops: [{ op: 'replace', at: 'p3', find: 'thirty', text: 'forty' }] }, { date: DATE });
    const twice = editDocx(once.bytes, { ops: [{ op: 'comment', at: 'p3', find: 'due in {--thirty--}[#1]{++forty++}[#2] days', text: 'ok' }, { op: 'insert', at: 'p4', before: 'carries', text: '“always” ' }] }, { date: DATE });
    assert.equal(readDocx(twice.bytes).comments[0].coveredText, 'due in forty days');
    const again = editDocx(twice.bytes, { ops: [{ op: 'delete', at: 'p4', find: '"always" ' }] }, { date: DATE });
    assert.equal(bodyPlain(again.bytes)[3], 'Late payment carries interest.');
  });

  it('keeps ids unique against a real file\'s comments and bookmarks', function () {
    const dir = corpusDir('docx');
    if (!dir || !fs.existsSync(path.join(dir, 'comments.docx'))) return this.skip();
    const input = fs.readFileSync(path.join(dir, 'comments.docx'));
    const first = docxText(input).paragraphs.find((p) => p.story === 'body' && p.plain.length > 10)!;
    const word = first.plain.split(/\s+/).find((w) => w.length > 3 && first.plain.indexOf(w) === first.plain.lastIndexOf(w))!;
    const out = editDocx(input, { ops: [{ op: 'replace', at: first.anchor, find: word, text: 'WORD', comment: 'c' }] }, { date: DATE }).bytes;
    assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);
    // One id space for revisions, bookmarks and comments (each comment counted once, from comments.xml).
    const ids: string[] = [];
    const pkg = OoxmlPackage.open(out);
    walk(pkg.xml('word/document.xml').root, (e) => {
      if (/^w:(ins|del|bookmarkStart)$/.test(e.name)) ids.push(e.attrs['w:id']);
    });
    walk(pkg.xml('word/comments.xml').root, (e) => {
      if (e.name === 'w:comment') ids.push(e.attrs['w:id']);
    });
    assert.ok(ids.length > 5);
    assert.equal(new Set(ids).size, ids.length, `ids: ${ids.join(' ')}`);
  });

  it('LibreOffice and python-docx read the edited file: accept all and reject all give the expected text', function () {
    requireTool(this, libreOfficeMissing());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-edit-'));
    try {
      const orig = path.join(dir, 'orig.docx');
      const out = path.join(dir, 'edited.docx');
      fs.writeFileSync(orig, original);
      fs.writeFileSync(out, edited.bytes);
      const [o, asIs, accepted, rejected] = loInspect([{ file: orig }, { file: out }, { file: out, mode: 'accept' }, { file: out, mode: 'reject' }]);
      assert.equal(accepted.text, ACCEPTED.join('\n') + '\n');
      assert.equal(rejected.text, o.text);
      assert.ok(asIs.redlines.length >= 8);
      assert.ok(asIs.redlines.every((r) => r.author === 'Reviewer One'));
      assert.deepEqual((asIs.comments ?? []).map((c) => [c.author, c.content]), [
        ['Reviewer One', 'Currency changed.'],
        ['Reviewer One', 'Who signs?'],
      ]);
      requireTool(this, pythonDocxMissing());
      const py = pythonDocx<{ paragraphs: number; tables: number }>(out, 'd = docx.Document(path)\nprint(json.dumps({"paragraphs": len(d.paragraphs), "tables": len(d.tables)}))');
      assert.deepEqual(py, { paragraphs: 7, tables: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
