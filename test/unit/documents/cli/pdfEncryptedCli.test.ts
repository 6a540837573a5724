// Encrypted in, encrypted out, through the bundled CLI on qpdf-encrypted files: fill,
// fill --csv, merge, split, rotate and place keep the input's encryption (cipher,
// password, restrictions) unless told otherwise, and say so; qpdf, poppler and pypdf
// (readers that are not ours) check the files written.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allKindsFormPdf, twoColumnPdf } from '../../../support/pdfFixtures';
import { needPdfReaders } from '../../../support/pdfReaders';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';

describe('documents/cli encrypted PDFs stay encrypted', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;
  const doc = (...args: string[]) => runDocCli(cli, dir, args);
  const qpdf = (...args: string[]) => spawnSync('qpdf', args, { encoding: 'utf8', cwd: dir });
  /** qpdf's exit status for --requires-password: 0 needs one, 2 not encrypted, 3 encrypted but opens without one. */
  const requiresPassword = (file: string) => qpdf('--requires-password', file).status;
  const opensWith = (file: string, pw: string) => qpdf(`--password=${pw}`, '--check', file).status === 0;
  const pypdfValue = (file: string, pw: string, field: string) => {
    const r = spawnSync('/usr/bin/python3', ['-c', 'import sys; from pypdf import PdfReader as R; r = R(sys.argv[1]); r.decrypt(sys.argv[2]); print(r.get_fields()[sys.argv[3]].get("/V"))', file, pw, field], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };

  before(async function () {
    needPdfReaders(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-pdf-enc-'));
    cli = buildDocCli(dir);
    fs.writeFileSync(path.join(dir, 'form.pdf'), await allKindsFormPdf());
    fs.writeFileSync(path.join(dir, 'columns.pdf'), await twoColumnPdf());
    assert.equal(qpdf('--encrypt', 'secret', 'boss', '256', '--', 'form.pdf', 'locked.pdf').status, 0);
    assert.equal(qpdf('--encrypt', '', 'boss', '256', '--print=none', '--modify=none', '--', 'form.pdf', 'noprint.pdf').status, 0);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('fill, fill --csv, merge and place keep the password (or none) and the restrictions, and say so', () => {
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ 'applicant.name': 'Ana Lima' }));
    const filled = doc('fill', 'locked.pdf', 'data.json', '-o', 'filled.pdf', '--password', 'secret');
    assert.equal(filled.code, 0, filled.err);
    assert.equal(filled.out, 'filled.pdf: 1 field filled\n  encrypted like the input (AES-256; opens with the same password)\n');
    assert.equal(requiresPassword(path.join(dir, 'filled.pdf')), 0);
    assert.ok(opensWith('filled.pdf', 'secret'));
    assert.equal(pypdfValue(path.join(dir, 'filled.pdf'), 'secret', 'applicant.name'), 'Ana Lima');
    assert.match(doc('fields', 'filled.pdf').err, /encrypted \(password-protected\); give the password with --password/);

    fs.writeFileSync(path.join(dir, 'rows.csv'), 'applicant.name\nAna\nBen\n');
    const batch = doc('fill', 'locked.pdf', '--csv', 'rows.csv', '-o', 'rows', '--password', 'secret');
    assert.equal(batch.code, 0, batch.err);
    assert.match(batch.out, /row 2: rows\/locked-002\.pdf\n {2}encrypted like the input/);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'rows')).map((f) => requiresPassword(path.join(dir, 'rows', f))), [0, 0]);

    const merged = doc('merge', 'columns.pdf', 'locked.pdf', '-o', 'merged.pdf', '--password', 'secret', '--json');
    assert.equal(merged.code, 0, merged.err);
    assert.equal(JSON.parse(merged.out).encryption.note, 'encrypted because locked.pdf is (AES-256; opens with the same password)');
    const text = spawnSync('pdftotext', ['-upw', 'secret', path.join(dir, 'merged.pdf'), '-'], { encoding: 'utf8' });
    assert.match(text.stdout, /A Title Across Both Columns[\s\S]*Application/);

    // Restrictions only (no opening password): the copy opens freely and still may not be printed or changed.
    fs.writeFileSync(path.join(dir, 'texts.json'), JSON.stringify([{ page: 1, x: 60, y: 60, text: 'Checked' }]));
    const placed = doc('place', 'noprint.pdf', 'texts.json', '-o', 'placed.pdf');
    assert.equal(placed.code, 0, placed.err);
    assert.match(placed.out, /opens without a password; restrictions kept: no printing, no changes, .*a new random owner password was set/);
    assert.equal(requiresPassword(path.join(dir, 'placed.pdf')), 3);
    const shown = qpdf('--show-encryption', 'placed.pdf').stdout;
    assert.match(shown, /print high resolution: not allowed/);
    assert.match(shown, /modify other: not allowed/);
    assert.match(shown, /extract for any purpose: allowed/);
  });

  it('told otherwise: --new-password, --owner-password, --no-encryption; a plain input with --new-password is encrypted', () => {
    const split = doc('split', 'locked.pdf', '-o', 'part.pdf', '--password', 'secret', '--new-password', 'fresh', '--owner-password', 'chief');
    assert.equal(split.code, 0, split.err);
    assert.match(split.out, /opens with the new password/);
    assert.ok(opensWith('part.pdf', 'fresh'));
    assert.ok(!opensWith('part.pdf', 'secret'));
    assert.match(qpdf('--show-encryption', '--password=chief', 'part.pdf').stdout, /Supplied password is owner password/);
    const plain = doc('rotate', 'locked.pdf', '--by', '90', '-o', 'plain.pdf', '--password', 'secret', '--no-encryption');
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /written without encryption, as asked/);
    assert.equal(requiresPassword(path.join(dir, 'plain.pdf')), 2);
    const locked = doc('extract', 'columns.pdf', '--pages', '2', '-o', 'p2.pdf', '--new-password', 'pw');
    assert.match(locked.out, /^p2\.pdf: 1 page\n {2}encrypted \(AES-256; opens with the new password\)\n$/);
    assert.ok(opensWith('p2.pdf', 'pw'));
    assert.equal(doc('extract', 'columns.pdf', '--pages', '2', '-o', 'x.pdf', '--no-encryption', '--new-password', 'pw').code, 1);
    assert.equal(fs.existsSync(path.join(dir, 'x.pdf')), false);
  });
});
