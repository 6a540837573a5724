// `cowork doc ...` driven as a person would: the bundled CLI spawned on real files
// (corpus and generated), checking output, exit status, written files, and that every
// kind of bad input gets one clear line naming the file and the problem, fast.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { cliBuilds } from '../../../../scripts/cliBundles.cjs';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { readZip } from '../../../../src/documents/ooxml/zipReader';
import { withDefaults } from '../../../../src/documents/ooxml/limits';
import { writeZip } from '../../../../src/documents/ooxml/zipWriter';
import { corpusDir } from '../../../support/corpus';
import { ACCEPTED_BODY, kitchenSinkDocx, REJECTED_BODY } from '../../../support/docxKitchenSink';

const REPO = path.resolve(__dirname, '../../../..');

describe('documents/cli cowork doc', function () {
  // Hang guards, not speed checks: each test spawns the CLI several times (up to 4 per
  // corpus file), and one start-up took about 7 s at load 17.
  this.timeout(240_000);
  let dir: string;
  let cli: string;
  let docOnly: string;
  let sink: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-doc-'));
    cli = path.join(dir, 'cli.js');
    docOnly = path.join(dir, 'cowork-doc.js');
    const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, logLevel: 'warning' as const };
    for (const b of cliBuilds(dir, REPO, { engineFiles: false })) buildSync({ ...b, logLevel: 'warning' });
    buildSync({ ...common, entryPoints: [path.join(REPO, 'src/documents/cli/main.ts')], outfile: docOnly, target: 'node18' });
    sink = path.join(dir, 'review.docx');
    fs.writeFileSync(sink, kitchenSinkDocx());
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const doc = (...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, 'doc', ...args], { encoding: 'utf8', timeout: 120_000, cwd: dir });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const bodyOf = (file: string) => (JSON.parse(doc('text', file, '--json').out) as { paragraphs: { story: string; plain: string }[] }).paragraphs.filter((p) => p.story === 'body').map((p) => p.plain);

  it('prints the document with anchors, inline changes and comments; --view accepted|rejected', () => {
    const inline = doc('text', sink);
    assert.equal(inline.code, 0, inline.err);
    assert.match(inline.out, /\[p2\] The \{==cap==\}.* is \{--one--\}\[#1\]\{\+\+two\+\+\}\[#2\] times the fees\./);
    const accepted = doc('text', sink, '--view', 'accepted');
    assert.match(accepted.out, /\[p2\] The \{==cap==\}\{>>.*<<\} is two times the fees\./);
    assert.match(doc('text', sink, '--view=rejected').out, /is one times the fees\./);
    const bad = doc('text', sink, '--view', 'sideways');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--view must be one of inline, accepted, rejected/);
  });

  it('text --json is the documented shape', () => {
    const j = JSON.parse(doc('text', sink, '--json').out);
    assert.equal(j.file, sink);
    assert.equal(j.view, 'inline');
    assert.equal(typeof j.text, 'string');
    const p2 = j.paragraphs.find((p: { anchor: string }) => p.anchor === 'p2');
    assert.deepEqual(Object.keys(p2).sort(), ['anchor', 'commentIds', 'plain', 'revisionIds', 'story', 'text']);
    assert.deepEqual(p2.revisionIds.sort(), ['1', '2']);
    assert.deepEqual(p2.commentIds, ['0']);
  });

  it('lists changes and comments, as text and as JSON', () => {
    const changes = doc('changes', sink);
    assert.equal(changes.code, 0);
    assert.match(changes.out, /^#1\tdeletion\tAna\t2024-05-01T10:00:00Z\tp2\t"one"$/m);
    assert.match(changes.out, /^#4\tmoveFrom\t.*\(pairs with #5\)$/m);
    const j = JSON.parse(doc('changes', sink, '--json').out);
    assert.equal(j.changes.length, 18);
    assert.deepEqual(Object.keys(j.changes[0]).sort(), ['author', 'date', 'id', 'kind', 'location', 'text', 'wid']);
    const comments = doc('comments', sink);
    assert.match(comments.out, /\[c0\] Ana 2024-05-01T10:00:00Z \(resolved\) on p2: "cap"\n {2}Is this cap too low\?\n {2}\[c1\] Ben .* reply\n {4}Raised to two\./);
    const cj = JSON.parse(doc('comments', sink, '--json').out);
    assert.equal(cj.comments[1].parentId, '0');
  });

  it('accept --all and reject --all write files with the expected text', () => {
    const acc = path.join(dir, 'accepted.docx');
    const rej = path.join(dir, 'rejected.docx');
    const a = doc('accept', sink, '--all', '-o', acc);
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /^accepted 18 changes \(.*\); wrote .*accepted\.docx$/m);
    assert.equal(doc('reject', sink, '--all', '-o', rej).code, 0);
    assert.deepEqual(bodyOf(acc), ACCEPTED_BODY);
    assert.deepEqual(bodyOf(rej), REJECTED_BODY);
    assert.match(doc('changes', acc).out, /no tracked changes/);
    assert.equal(doc('validate', acc).code, 0);
  });

  it('accepts and rejects by id (several), author and kind', () => {
    const out = path.join(dir, 'some.docx');
    const r = JSON.parse(doc('reject', sink, '--id', '1', '2', '--json', '-o', out).out);
    assert.deepEqual(r.resolved.sort(), ['1', '2']);
    assert.equal(bodyOf(out)[1], 'The cap is one times the fees.');
    assert.equal(doc('accept', sink, '--author', 'Ana', '-o', out).code, 0);
    assert.ok((JSON.parse(doc('changes', out, '--json').out).changes as { author: string }[]).every((c) => c.author === 'Ben'));
    assert.equal(doc('accept', sink, '--kind', 'tableRowDeletion', '-o', out).code, 0);
    assert.ok(!bodyOf(out).includes('Gone'));
    const unknown = doc('accept', sink, '--id', '404', '-o', out);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /review\.docx: there is no tracked change with id 404/);
    const none = doc('accept', sink, '-o', out);
    assert.equal(none.code, 2);
    assert.match(none.err, /say which changes/);
    assert.equal(doc('accept', sink, '--all').code, 2);
  });

  it('validate exits non-zero with findings for a broken package', () => {
    const pkg = OoxmlPackage.open(kitchenSinkDocx());
    const xml = pkg.bytes('word/document.xml').toString().replace('<w:commentRangeEnd w:id="0"/>', '').replace(/<w:moveToRangeStart [^>]*\/>/, '').replace('w:id="2" w:author="Ben"', 'w:id="1" w:author="Ben"');
    pkg.setBytes('word/document.xml', Buffer.from(xml));
    pkg.remove('word/header1.xml');
    const broken = path.join(dir, 'broken.docx');
    fs.writeFileSync(broken, pkg.save());
    const v = doc('validate', broken);
    assert.equal(v.code, 1);
    assert.match(v.out, /error UNPAIRED_RANGE .*comment range 0 starts/);
    assert.match(v.out, /error DUPLICATE_REVISION_ID .*revision id 1 is used twice/);
    assert.match(v.out, /error REL_TARGET_MISSING .*header1\.xml/);
    assert.match(v.out, /warning UNPAIRED_MOVE: move "move1" has a source/);
    assert.match(v.out, /error UNPAIRED_RANGE .*moveTo range 31 ends/);
    assert.match(v.out, /broken\.docx: invalid \(\d+ errors\)/);
    const j = JSON.parse(doc('validate', broken, '--json').out);
    assert.equal(j.valid, false);
    assert.ok(j.findings.every((f: { severity: string; code: string; message: string }) => f.severity && f.code && f.message));
  });

  describe('bad input: a clear error naming the file, never a hang', () => {
    const write = (name: string, data: Buffer) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, data);
      return f;
    };
    const withEntry = (name: string, data: Buffer) => {
      const entries = readZip(kitchenSinkDocx(), withDefaults());
      return writeZip([...entries.map((entry) => ({ kind: 'copy' as const, entry })), { kind: 'new', name, data }]);
    };
    const cases: [string, () => Buffer, RegExp][] = [
      ['bomb.docx', () => withEntry('word/media/filler.bin', Buffer.alloc(80 * 1024 * 1024)), /compression ratio of \d+:1.*zip bomb/],
      ['laughs.docx', () => {
        const pkg = OoxmlPackage.open(kitchenSinkDocx());
        pkg.setBytes('word/document.xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document>&c;</w:document>'));
        return pkg.save();
      }, /word\/document\.xml: DOCTYPE and entity declarations are not allowed/],
      ['slip.docx', () => withEntry('../../outside.txt', Buffer.from('x')), /unsafe entry name "\.\.\/\.\.\/outside\.txt" \(zip-slip\)/],
      ['cut.docx', () => kitchenSinkDocx().subarray(0, 1500), /truncated/],
      ['locked.docx', () => {
        const cfb = Buffer.alloc(8192);
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
        Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 2048);
        return cfb;
      }, /password-protected/],
      ['report.docx', () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), /this is a PDF document, not a Word document \(\.docx\)/],
      ['sheet.docx', () => {
        const pkg = OoxmlPackage.open(kitchenSinkDocx());
        const ct = pkg.bytes('[Content_Types].xml').toString().replace('wordprocessingml.document.main+xml', 'spreadsheetml.sheet.main+xml');
        pkg.setBytes('[Content_Types].xml', Buffer.from(ct));
        return pkg.save();
      }, /this is an Excel workbook, not a Word document/],
    ];
    for (const [name, make, message] of cases) {
      it(`${name}`, () => {
        const file = write(name, make());
        for (const sub of ['text', 'changes', 'validate']) {
          const t = Date.now();
          const r = doc(sub, file);
          assert.equal(r.code, 1, `${sub}: ${r.err}`);
          // validate reports a part it cannot parse as a finding (stdout); the rest is one line on stderr.
          const said = r.err || r.out;
          assert.ok(said.includes(file), said);
          assert.match(said, message);
          if (r.err) assert.equal(r.err.trim().split('\n').length, 1, 'one line, no stack');
          assert.ok(Date.now() - t < 15_000);
        }
        const j = JSON.parse(doc('text', file, '--json').out);
        assert.ok(j.error.code && j.error.message.includes(file));
      });
    }
    it('a missing file', () => {
      const r = doc('text', path.join(dir, 'nope.docx'));
      assert.equal(r.code, 1);
      assert.match(r.err, /nope\.docx: no such file/);
    });
  });

  it('the stand-alone cowork-doc.js (Node 18 bundle) runs the same commands', () => {
    const r = spawnSync(process.execPath, [docOnly, 'text', sink, '--view', 'accepted'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /is two times the fees\./);
    const help = spawnSync(process.execPath, [docOnly, '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /Commands:\n\s+text/);
  });

  it('reads every corpus file', function () {
    const corpus = corpusDir('docx');
    if (!corpus) this.skip();
    for (const f of fs.readdirSync(corpus!).filter((x) => x.endsWith('.docx'))) {
      const file = path.join(corpus!, f);
      for (const sub of ['text', 'changes', 'comments', 'validate']) {
        const r = spawnSync(process.execPath, [docOnly, sub, file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${sub} ${f}: ${r.stderr}`);
      }
    }
  });
});
