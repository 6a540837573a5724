// Files the engine writes, read by readers that share no code with it: LibreOffice
// (text after our accept/reject, and its own Accept All / Reject All of the original
// for comparison) and Debian's python3-docx. One LibreOffice run for the whole batch.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acceptRevisions, rejectRevisions } from '../../../../src/documents/docx';
import { corpusDir, CORPUS_EXPECTATIONS } from '../../../support/corpus';
import { ACCEPTED_BODY, kitchenSinkDocx, REJECTED_BODY } from '../../../support/docxKitchenSink';
import { libreOfficeMissing, loInspect, pythonDocx, pythonDocxMissing, requireTool, type LoJob, type LoResult } from '../../../support/libreOffice';

describe('documents/docx read back by LibreOffice and python-docx', function () {
  this.timeout(900_000);
  let dir: string;
  let results: LoResult[];
  const files: Record<string, string> = {};

  before(function () {
    requireTool(this, libreOfficeMissing());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-readers-'));
    const put = (name: string, data: Buffer) => (files[name] = path.join(dir, name)) && fs.writeFileSync(files[name], data);
    const sink = kitchenSinkDocx();
    put('sink.docx', sink);
    put('sink-accepted.docx', acceptRevisions(sink, { all: true }).data);
    put('sink-rejected.docx', rejectRevisions(sink, { all: true }).data);
    const corpus = corpusDir('docx');
    for (const name of Object.keys(CORPUS_EXPECTATIONS)) {
      if (!corpus || !fs.existsSync(path.join(corpus, name))) continue;
      const data = fs.readFileSync(path.join(corpus, name));
      put(`accepted-${name}`, acceptRevisions(data, { all: true }).data);
      put(`rejected-${name}`, rejectRevisions(data, { all: true }).data);
    }
    const jobs: LoJob[] = Object.entries(files)
      .filter(([n]) => n !== 'sink.docx')
      .map(([, file]) => ({ file }));
    jobs.push({ file: files['sink.docx'], mode: 'accept' }, { file: files['sink.docx'], mode: 'reject' });
    results = loInspect(jobs);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const lo = (name: string, mode = 'none') => {
    const r = results.find((x) => x.file === path.resolve(files[name]) && x.mode === mode);
    assert.ok(r, `no LibreOffice result for ${name} (${mode})`);
    assert.equal(r.error, undefined, r.error);
    return r;
  };
  const lines = (text: string) => text.replace(/\r/g, '').split('\n').filter((l) => l !== '');

  it('LibreOffice reads our accepted and rejected files with the expected text and no changes left', () => {
    const acc = lo('sink-accepted.docx');
    const rej = lo('sink-rejected.docx');
    // LibreOffice writes the footnote number after "End.".
    assert.deepEqual(lines(acc.text), [...ACCEPTED_BODY.slice(0, -1), 'End.1']);
    assert.deepEqual(lines(rej.text), [...REJECTED_BODY.slice(0, -1), 'End.1']);
    assert.deepEqual(acc.redlines, []);
    assert.deepEqual(rej.redlines, []);
    assert.deepEqual((acc.comments ?? []).map((c) => c.content).sort(), ['Is this cap too low?', 'Raised to two.']);
  });

  it("our accept all and reject all give the same text as LibreOffice's own", () => {
    assert.equal(lo('sink-accepted.docx').text, lo('sink.docx', 'accept').text);
    assert.equal(lo('sink-rejected.docx').text, lo('sink.docx', 'reject').text);
  });

  for (const [name, expected] of Object.entries(CORPUS_EXPECTATIONS)) {
    it(`${name}: LibreOffice reads the README's texts from our output`, function () {
      if (!files[`accepted-${name}`]) this.skip();
      assert.equal(lines(lo(`accepted-${name}`).text).join(' '), expected.accepted);
      assert.equal(lines(lo(`rejected-${name}`).text).join(' '), expected.rejected);
    });
  }

  it('python-docx reads our accepted file: paragraphs, then table cells', function () {
    requireTool(this, pythonDocxMissing());
    const got = pythonDocx<string[]>(files['sink-accepted.docx'], 'd = docx.Document(path)\nprint(json.dumps([p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]))');
    const cells = ACCEPTED_BODY.slice(8, 14);
    assert.deepEqual(got, [...ACCEPTED_BODY.filter((_, i) => i < 8 || i >= 14), ...cells]);
  });
});
