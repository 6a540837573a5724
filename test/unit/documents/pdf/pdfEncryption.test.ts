// The encryption an output gets from its inputs, on files qpdf encrypted: the cipher
// (AES-128 stays AES-128, RC4 becomes AES-256 and the note says so), the strictest
// permissions of a merge, a password that opens the result; qpdf reads each one back.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fillPdf, mergePdfs, pdfText } from '../../../../src/documents/pdf';
import { allKindsFormPdf } from '../../../support/pdfFixtures';
import { needPdfReaders } from '../../../support/pdfReaders';

describe('documents/pdf output encryption follows the input', function () {
  this.timeout(60_000);
  let dir: string;
  const encrypt = (name: string, ...args: string[]) => {
    const r = spawnSync('qpdf', ['--allow-weak-crypto', '--encrypt', ...args, '--', 'form.pdf', name], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return fs.readFileSync(path.join(dir, name));
  };
  const shown = (data: Uint8Array, pw: string) => {
    fs.writeFileSync(path.join(dir, 'out.pdf'), data);
    return spawnSync('qpdf', [`--password=${pw}`, '--show-encryption', 'out.pdf'], { cwd: dir, encoding: 'utf8' }).stdout;
  };
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-enc-'));
    fs.writeFileSync(path.join(dir, 'form.pdf'), await allKindsFormPdf());
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps AES-128, replaces RC4 by AES-256 and says so; a merge keeps the strictest permissions', async function () {
    needPdfReaders(this);
    const aes128 = await fillPdf(encrypt('a128.pdf', 'pw', 'own', '128', '--use-aes=y'), { zip: '75001' }, { password: 'pw' });
    assert.equal(aes128.encryption?.note, 'encrypted like the input (AES-128; opens with the same password)');
    assert.match(shown(aes128.data, 'pw'), /stream encryption method: AESv2/);
    const rc4 = await fillPdf(encrypt('rc4.pdf', 'pw', 'own', '128', '--use-aes=n'), { zip: '75001' }, { password: 'pw' });
    assert.equal(rc4.encryption?.note, 'encrypted like the input (AES-256 (the input had RC4-128); opens with the same password)');
    assert.match(shown(rc4.data, 'pw'), /stream encryption method: AESv3/);
    const m = await mergePdfs([
      { data: encrypt('noprint.pdf', 'pw', 'own', '256', '--print=low'), password: 'pw', name: 'a.pdf' },
      { data: encrypt('nocopy.pdf', 'pw', 'own', '256', '--extract=n'), password: 'pw', name: 'b.pdf' },
    ]);
    assert.deepEqual(m.encryption?.restrictions, ['low-resolution printing only', 'no copying text']);
    const q = shown(m.data, 'pw');
    assert.match(q, /print low resolution: allowed\nprint high resolution: not allowed/);
    assert.match(q, /extract for any purpose: not allowed/);
    assert.match(q, /modify forms: allowed/);
    assert.equal((await pdfText(m.data, { password: 'pw' })).pageCount, 2);
    await assert.rejects(pdfText(m.data), /encrypted/);
  });
});
