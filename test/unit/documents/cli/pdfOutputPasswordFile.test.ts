// The output's passwords given without putting them on the command line:
// `--new-password-file FILE` and `--owner-password-file FILE`, through the bundled CLI, on
// every command that writes a PDF (fill, fill --csv, place, merge, split, extract, rotate,
// reorder). qpdf (a reader that is not ours) checks that what was written opens with the new
// user password and that the owner password is the owner's. The passwords have spaces (kept)
// and the files end with a line break (dropped). Mistakes are one clear line and write nothing.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allKindsFormPdf, twoColumnPdf } from '../../../support/pdfFixtures';
import { needPdfReaders } from '../../../support/pdfReaders';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';

const OLD = 'open sesame 7';
const USER = 'new user pw 1';
const OWNER = 'the boss pw 2';

describe('documents/cli PDF output passwords from a file', function () {
  this.timeout(180_000);
  let dir: string;
  let cli: string;
  const doc = (args: string[], input?: string) => runDocCli(cli, dir, args, { input });
  const qpdf = (...args: string[]) => spawnSync('qpdf', args, { encoding: 'utf8', cwd: dir });
  /** Which password `pw` is for `file` according to qpdf: 'user', 'owner', or undefined when it does not open it. */
  const passwordKind = (file: string, pw: string): string | undefined => {
    const r = qpdf(`--password=${pw}`, '--show-encryption', file);
    return r.status === 0 ? /Supplied password is (user|owner) password/.exec(r.stdout)?.[1] : undefined;
  };

  before(async function () {
    needPdfReaders(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-pdf-outpw-'));
    cli = buildDocCli(dir);
    fs.writeFileSync(path.join(dir, 'form.pdf'), await allKindsFormPdf());
    fs.writeFileSync(path.join(dir, 'columns.pdf'), await twoColumnPdf());
    assert.equal(qpdf('--encrypt', OLD, 'old boss', '256', '--', 'form.pdf', 'locked.pdf').status, 0);
    fs.writeFileSync(path.join(dir, 'user.txt'), `${USER}\n`);
    fs.writeFileSync(path.join(dir, 'owner.txt'), `${OWNER}\r\n`);
    fs.writeFileSync(path.join(dir, 'empty.txt'), '\n');
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ 'applicant.name': 'Ana Lima' }));
    fs.writeFileSync(path.join(dir, 'rows.csv'), 'applicant.name\nAna\nBen\n');
    fs.writeFileSync(path.join(dir, 'texts.json'), JSON.stringify([{ page: 1, x: 60, y: 60, text: 'Checked' }]));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  /** Every command that writes a PDF from the encrypted form, and the PDF it writes. */
  const commands: { args: string[]; writes: string }[] = [
    { args: ['fill', 'locked.pdf', 'data.json', '-o', 'fill.pdf'], writes: 'fill.pdf' },
    { args: ['fill', 'locked.pdf', '--csv', 'rows.csv', '-o', 'rows'], writes: 'rows/locked-002.pdf' },
    { args: ['place', 'locked.pdf', 'texts.json', '-o', 'place.pdf'], writes: 'place.pdf' },
    { args: ['merge', 'columns.pdf', 'locked.pdf', '-o', 'merge.pdf'], writes: 'merge.pdf' },
    { args: ['split', 'locked.pdf', '-o', 'split.pdf'], writes: 'split.pdf' },
    { args: ['extract', 'locked.pdf', '--pages', '1', '-o', 'extract.pdf'], writes: 'extract.pdf' },
    { args: ['rotate', 'locked.pdf', '--by', '90', '-o', 'rotate.pdf'], writes: 'rotate.pdf' },
    { args: ['reorder', 'locked.pdf', '--pages', '1', '-o', 'reorder.pdf'], writes: 'reorder.pdf' },
  ];

  it('every writing command encrypts with the new user and owner passwords read from files', () => {
    for (const c of commands) {
      // The input's password comes from stdin, so no password is on the command line at all.
      const r = doc([...c.args, '--password-stdin', '--new-password-file', 'user.txt', '--owner-password-file', 'owner.txt'], `${OLD}\n`);
      assert.equal(r.code, 0, `${c.args.join(' ')}: ${r.err}`);
      assert.match(r.out, /encrypted|password/i, `${c.args[0]} says what the output got`);
      assert.equal(passwordKind(c.writes, USER), 'user', `${c.writes} opens with the new user password`);
      assert.equal(passwordKind(c.writes, OWNER), 'owner', `${c.writes} has the new owner password`);
      assert.equal(passwordKind(c.writes, OLD), undefined, `${c.writes} no longer opens with the old password`);
      assert.equal(passwordKind(c.writes, 'old boss'), undefined, `${c.writes} no longer has the old owner password`);
    }
    // Spaces count; the line break does not.
    assert.equal(passwordKind('extract.pdf', 'new user pw'), undefined);
    assert.equal(passwordKind('extract.pdf', `${USER}\n`), undefined);
    // A plain input gets encrypted by the file forms alone, and our own reader opens it again.
    assert.equal(doc(['extract', 'columns.pdf', '--pages', '2', '-o', 'p2.pdf', '--new-password-file', 'user.txt']).code, 0);
    assert.equal(qpdf('--requires-password', 'p2.pdf').status, 0);
    assert.notEqual(passwordKind('p2.pdf', USER), undefined, 'opens with the new password (the owner password too, when none is given)');
    assert.equal(doc(['text', 'p2.pdf', '--password-file', 'user.txt']).code, 0);
    // The owner file alone keeps the input's user password and changes only the owner's.
    assert.equal(doc(['rotate', 'locked.pdf', '--by', '180', '-o', 'owner-only.pdf', '--password-stdin', '--owner-password-file', 'owner.txt'], OLD).code, 0);
    assert.equal(passwordKind('owner-only.pdf', OLD), 'user');
    assert.equal(passwordKind('owner-only.pdf', OWNER), 'owner');
  });

  it('mistakes are one clear line and write nothing', () => {
    const cases: { args: string[]; code: number; err: RegExp }[] = [
      { args: ['--new-password-file', 'nope.txt'], code: 1, err: /--new-password-file nope\.txt: no such file/ },
      { args: ['--new-password-file', 'empty.txt'], code: 1, err: /--new-password-file empty\.txt: the file's first line is empty/ },
      { args: ['--new-password-file', '.'], code: 1, err: /--new-password-file \.: is a folder/ },
      { args: ['--new-password', USER, '--owner-password-file', 'nope.txt'], code: 1, err: /--owner-password-file nope\.txt: no such file/ },
      { args: ['--new-password', USER, '--owner-password-file', 'empty.txt'], code: 1, err: /--owner-password-file empty\.txt: the file's first line is empty/ },
      { args: ['--new-password-file', 'user.txt', '--new-password', USER], code: 2, err: /give --new-password one way: --new-password-file FILE or --new-password PW/ },
      { args: ['--new-password-file', 'user.txt', '--owner-password-file', 'owner.txt', '--owner-password', OWNER], code: 2, err: /give --owner-password one way: --owner-password-file FILE or --owner-password PW/ },
      { args: ['--new-password-file', 'user.txt', '--new-password-file', 'owner.txt'], code: 2, err: /--new-password-file given more than once/ },
      { args: ['--new-password-file', 'user.txt', '--no-encryption'], code: 1, err: /a new or owner password and no encryption cannot both be asked for/ },
      { args: ['--owner-password-file', 'owner.txt'], code: 1, err: /an owner password needs an encrypted input or a new password \(--new-password-file or --new-password\)/ },
    ];
    for (const c of cases) {
      for (const base of [['extract', 'columns.pdf', '--pages', '1', '-o', 'never.pdf'], ['fill', 'form.pdf', 'data.json', '-o', 'never.pdf']]) {
        const r = doc([...base, ...c.args]);
        const what = `${base[0]} ${c.args.join(' ')}`;
        assert.equal(r.code, c.code, `${what}: ${r.err}`);
        assert.match(r.err.split('\n')[0], c.err, what);
        assert.equal(fs.existsSync(path.join(dir, 'never.pdf')), false, what);
      }
    }
    // fill --csv writes no folder of forms either.
    const csv = doc(['fill', 'locked.pdf', '--csv', 'rows.csv', '-o', 'never-rows', '--password-stdin', '--new-password-file', 'empty.txt'], OLD);
    assert.equal(csv.code, 1);
    assert.equal(fs.existsSync(path.join(dir, 'never-rows')), false);
  });

  it('each writing command lists the file forms in its usage', () => {
    for (const name of ['fill', 'place', 'merge', 'split', 'extract', 'rotate', 'reorder']) {
      const help = doc([name, '--help']).out;
      assert.match(help, /--new-password-file FILE \| --new-password PW \| --no-encryption/, name);
      assert.match(help, /--owner-password-file FILE \| --owner-password PW/, name);
    }
  });
});
