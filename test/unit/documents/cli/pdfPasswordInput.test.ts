// The password of an encrypted PDF given without putting it on the command line:
// `--password-file FILE` and `--password-stdin`, through the bundled CLI, for every command
// that opens a PDF (text, info, tables, fields, fill, fill --csv, place, merge, split,
// extract, rotate, reorder, render). The password has spaces in it (kept) and the file and
// the pipe end with a line break (dropped). Mistakes are one clear line each and write
// nothing: a missing or empty file, an empty pipe, two ways at once, stdin wanted twice.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allKindsFormPdf, twoColumnPdf } from '../../../support/pdfFixtures';
import { needPdfReaders } from '../../../support/pdfReaders';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';

const PASSWORD = 'open sesame 7';

describe('documents/cli PDF passwords from a file or standard input', function () {
  this.timeout(180_000);
  let dir: string;
  let cli: string;
  const doc = (args: string[], input?: string) => runDocCli(cli, dir, args, { input });
  const qpdf = (...args: string[]) => spawnSync('qpdf', args, { encoding: 'utf8', cwd: dir });

  before(async function () {
    needPdfReaders(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-pdf-pw-'));
    cli = buildDocCli(dir);
    fs.writeFileSync(path.join(dir, 'form.pdf'), await allKindsFormPdf());
    fs.writeFileSync(path.join(dir, 'columns.pdf'), await twoColumnPdf());
    assert.equal(qpdf('--encrypt', PASSWORD, 'boss', '256', '--', 'form.pdf', 'locked.pdf').status, 0);
    fs.writeFileSync(path.join(dir, 'pw.txt'), `${PASSWORD}\n`);
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ 'applicant.name': 'Ana Lima' }));
    fs.writeFileSync(path.join(dir, 'rows.csv'), 'applicant.name\nAna\nBen\n');
    fs.writeFileSync(path.join(dir, 'texts.json'), JSON.stringify([{ page: 1, x: 60, y: 60, text: 'Checked' }]));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  /** Every command that opens the encrypted form, and the file it writes (if any). */
  const commands = (tag: string): { args: string[]; writes?: string }[] => [
    { args: ['text', 'locked.pdf'] },
    { args: ['info', 'locked.pdf'] },
    { args: ['tables', 'locked.pdf'] },
    { args: ['fields', 'locked.pdf', '--json'] },
    { args: ['fill', 'locked.pdf', 'data.json', '-o', `fill-${tag}.pdf`], writes: `fill-${tag}.pdf` },
    { args: ['fill', 'locked.pdf', '--csv', 'rows.csv', '-o', `rows-${tag}`], writes: `rows-${tag}/locked-001.pdf` },
    { args: ['place', 'locked.pdf', 'texts.json', '-o', `place-${tag}.pdf`], writes: `place-${tag}.pdf` },
    { args: ['merge', 'columns.pdf', 'locked.pdf', '-o', `merge-${tag}.pdf`], writes: `merge-${tag}.pdf` },
    { args: ['split', 'locked.pdf', '-o', `split-${tag}.pdf`], writes: `split-${tag}.pdf` },
    { args: ['extract', 'locked.pdf', '--pages', '1', '-o', `extract-${tag}.pdf`], writes: `extract-${tag}.pdf` },
    { args: ['rotate', 'locked.pdf', '--by', '90', '-o', `rotate-${tag}.pdf`], writes: `rotate-${tag}.pdf` },
    { args: ['reorder', 'locked.pdf', '--pages', '1', '-o', `reorder-${tag}.pdf`], writes: `reorder-${tag}.pdf` },
    { args: ['render', 'locked.pdf', '-o', `page-${tag}.png`], writes: `page-${tag}.png` },
  ];

  it('every command opens the PDF with --password-file and with --password-stdin', () => {
    for (const [tag, extra, input] of [['file', ['--password-file', 'pw.txt']], ['stdin', ['--password-stdin'], `${PASSWORD}\n`]] as [string, string[], string?][]) {
      for (const c of commands(tag)) {
        const r = doc([...c.args, ...extra], input);
        assert.equal(r.code, 0, `${c.args.join(' ')} ${extra.join(' ')}: ${r.err}`);
        if (c.writes) assert.ok(fs.existsSync(path.join(dir, c.writes)), `${c.args[0]} wrote ${c.writes}`);
      }
    }
    // What was read is the document's, and what was written keeps its password.
    assert.match(doc(['text', 'locked.pdf', '--password-stdin'], PASSWORD).out, /Application/);
    assert.equal(JSON.parse(doc(['fields', 'locked.pdf', '--json', '--password-file', 'pw.txt']).out).fields.length, 8);
    assert.equal(qpdf(`--password=${PASSWORD}`, '--check', 'fill-stdin.pdf').status, 0);
    assert.notEqual(qpdf('--password=open sesame', '--check', 'fill-stdin.pdf').status, 0, 'spaces are part of the password');
  });

  it('mistakes are one clear line and write nothing', () => {
    const cases: { args: string[]; input?: string; code: number; err: RegExp }[] = [
      { args: ['--password-file', 'nope.txt'], code: 1, err: /--password-file nope\.txt: no such file/ },
      { args: ['--password-file', 'empty.txt'], code: 1, err: /--password-file empty\.txt: the file's first line is empty/ },
      { args: ['--password-file', 'wrong.txt'], code: 1, err: /the PDF is encrypted.*(password given is wrong|Password incorrect)/ },
      { args: ['--password-stdin'], input: '', code: 1, err: /--password-stdin: standard input gave no password/ },
      { args: ['--password-stdin'], input: 'not it\n', code: 1, err: /the PDF is encrypted.*(password given is wrong|Password incorrect)/ },
      { args: ['--password-file', 'pw.txt', '--password', PASSWORD], code: 2, err: /give the password one way: --password, --password-file or --password-stdin/ },
      { args: ['--password-file', 'pw.txt', '--password-stdin'], input: PASSWORD, code: 2, err: /give the password one way/ },
    ];
    fs.writeFileSync(path.join(dir, 'empty.txt'), '\n');
    fs.writeFileSync(path.join(dir, 'wrong.txt'), 'not it\n');
    for (const c of cases) {
      const r = doc(['fill', 'locked.pdf', 'data.json', '-o', 'never.pdf', ...c.args], c.input);
      assert.equal(r.code, c.code, `${c.args.join(' ')}: ${r.err}`);
      assert.match(r.err, c.err);
      assert.equal(r.err.trim().split('\n')[0].length > 0, true);
      assert.equal(fs.existsSync(path.join(dir, 'never.pdf')), false, c.args.join(' '));
    }
    // The fill data cannot come from standard input when the password does.
    const both = doc(['fill', 'locked.pdf', '-', '-o', 'never.pdf', '--password-stdin'], PASSWORD);
    assert.equal(both.code, 2);
    assert.match(both.err, /--password-stdin reads standard input, so no other input can be "-"/);
    // Without any password, the message names all three ways.
    assert.match(doc(['text', 'locked.pdf']).err, /give the password with --password-file FILE, --password-stdin or --password PW/);
    assert.match(doc(['text', '--help']).out + doc(['text', '--help']).err, /--password-file FILE \| --password-stdin/);
  });
});
