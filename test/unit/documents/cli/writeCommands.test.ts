// `cowork doc edit | compare | new` run as a person would (the bundled CLI on real
// files): outputs written, and every bad input answered by one line naming the file
// and the problem, with exit status 1 (document or ops problem) or 2 (usage).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docxText, readDocx, validateDocx } from '../../../../src/documents/docx';
import { agreementDocx, AGREEMENT_CLAUSES, anchorOf } from '../../../support/docxAgreement';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';

describe('documents/cli cowork doc edit, compare, new', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let agreement: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-doc-write-'));
    // The guest's bundle: what skills run in the sandbox.
    cli = buildDocCli(dir);
    agreement = path.join(dir, 'Agreement.docx');
    fs.writeFileSync(agreement, agreementDocx());
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const doc = (...args: string[]) => runDocCli(cli, dir, args, { timeoutMs: 30_000 });
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };

  it('edit applies an ops file as tracked changes by --author and reports each op', () => {
    const cap = anchorOf(fs.readFileSync(agreement), AGREEMENT_CLAUSES.cap.slice(0, 30));
    const ops = write('ops.json', { ops: [{ op: 'replace', at: cap, find: 'one (1) month', text: 'twelve (12) months', comment: 'Too low.' }] });
    const out = path.join(dir, 'reviewed.docx');
    const r = doc('edit', agreement, ops, '-o', out, '--author', 'Legal Team');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`ops\\[0\\] replace at ${cap} \\(comment c\\d+\\)\\napplied 1 op; wrote ${out.replace(/[.()]/g, '\\$&')}`));
    const data = fs.readFileSync(out);
    assert.deepEqual(readDocx(data).revisions.map((x) => [x.kind, x.author]), [['deletion', 'Legal Team'], ['insertion', 'Legal Team']]);
    const json = JSON.parse(doc('edit', agreement, ops, '-o', out, '--json').out);
    assert.deepEqual(Object.keys(json), ['file', 'output', 'applied', 'touchedParts']);
    assert.equal(json.applied[0].at, cap);
  });

  it('edit errors name the file and the op; nothing is written', () => {
    const out = path.join(dir, 'never.docx');
    const missing = doc('edit', agreement, write('bad1.json', { ops: [{ op: 'delete', at: 'p2', find: 'no such words' }] }), '-o', out);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^cowork doc edit: .*Agreement\.docx: ops\[0\] \(delete\): "no such words" is not in the text "This Master Services Agreement/);
    const badJson = doc('edit', agreement, write('bad2.json', '{"ops": ['), '-o', out);
    assert.equal(badJson.code, 1);
    assert.match(badJson.err, /bad2\.json: not valid JSON/);
    const badOp = doc('edit', agreement, write('bad3.json', { ops: [{ op: 'replace', at: 'p2', find: 'x', txt: 'y' }] }), '-o', out);
    assert.match(badOp.err, /bad3\.json: ops\[0\]: "txt" is not a field of replace/);
    const notDocx = doc('edit', write('fake.docx', '%PDF-1.4\n'), write('ok.json', { ops: [] }), '-o', out);
    assert.match(notDocx.err, /fake\.docx: this is a PDF document, not a Word document/);
    assert.equal(doc('edit', agreement, '-o', out).code, 2);
    assert.ok(!fs.existsSync(out));
  });

  it('compare writes a redline that validates; a bad OLD is named', () => {
    const newer = path.join(dir, 'v2.docx');
    const ops = write('v2.json', { track: false, ops: [{ op: 'replace', at: anchorOf(fs.readFileSync(agreement), AGREEMENT_CLAUSES.renewal.slice(0, 30)), find: 'one hundred and eighty (180)', text: 'sixty (60)' }] });
    assert.equal(doc('edit', agreement, ops, '-o', newer).code, 0);
    const out = path.join(dir, 'redline.docx');
    const r = doc('compare', agreement, newer, '-o', out, '--author', 'Redline');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1 changed, 0 inserted, 0 deleted, \d+ unchanged blocks; rows \+0 -0; wrote /);
    const data = fs.readFileSync(out);
    assert.deepEqual(validateDocx(data).filter((f) => f.severity === 'error'), []);
    assert.match(docxText(data).text, /at least \{--one hundred and eighty --\}\[#\d+\]\{\+\+sixty \+\+\}\[#\d+\]\(\{--180--\}\[#\d+\]\{\+\+60\+\+\}\[#\d+\]\) days/);
    const bad = doc('compare', write('old.docx', 'plain text'), newer, '-o', out);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /old\.docx: /);
  });

  it('new builds a document from a spec (images relative to it) and names the JSON path of a mistake', () => {
    fs.mkdirSync(path.join(dir, 'spec'), { recursive: true });
    const spec = path.join(dir, 'spec', 'letter.json');
    fs.writeFileSync(spec, JSON.stringify({ body: [{ type: 'heading', level: 1, text: 'Letter' }, { type: 'paragraph', text: 'Dear Maria,' }] }));
    const out = path.join(dir, 'letter.docx');
    const r = doc('new', spec, '-o', out);
    assert.equal(r.code, 0, r.err);
    assert.match(docxText(fs.readFileSync(out)).text, /\[p1\] # Letter\n\[p2\] Dear Maria,/);
    fs.writeFileSync(spec, JSON.stringify({ body: [{ type: 'image', path: 'missing.png' }] }));
    const noImage = doc('new', spec, '-o', out);
    assert.equal(noImage.code, 1);
    assert.match(noImage.err, /letter\.json: image missing\.png: cannot read missing\.png: ENOENT/);
    fs.writeFileSync(spec, JSON.stringify({ body: [{ type: 'list', items: 'a' }] }));
    assert.match(doc('new', spec, '-o', out).err, /letter\.json: body\[0\]\.items: must be a non-empty array of items/);
  });
});
