// The LibreOffice helper on this host (the same code runs in the guest; the
// bench runs it there under each driver): a DOCX becomes a PDF whose text
// poppler reads back; two calls at once do not share a profile or an output;
// a broken file, a missing file, a timeout and a cancel each give their own
// error, and no profile is left behind.

import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libreOfficeMissing, LibreOfficeError, outputName, runLibreOffice } from '../../../../src/documents/office/libreOffice';
import { buildDocx } from '../../../support/docxBuilder';

function para(text: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

describe('documents: LibreOffice headless, one profile and output folder per call', function () {
  this.timeout(180_000);
  let dir: string;

  before(function () {
    const missing = libreOfficeMissing() ?? (spawnSync('pdftotext', ['-v']).error ? 'pdftotext is not installed (apt-get install poppler-utils)' : undefined);
    if (missing) {
      if (process.env.CI === 'true') assert.fail(`CI needs ${missing}`);
      this.skip();
    }
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cowork-lo-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the output as LibreOffice does', () => {
    assert.equal(outputName('/a/Report.final.docx', 'pdf'), 'Report.final.pdf');
    assert.equal(outputName('notes.odt', 'txt:Text'), 'notes.txt');
  });

  it('converts DOCX to PDF (text read back by poppler), two calls at once, nothing left in scratch but the outputs', async () => {
    writeFileSync(join(dir, 'a.docx'), buildDocx({ body: para('First agreement') + para('Liability is capped.') }));
    writeFileSync(join(dir, 'b.docx'), buildDocx({ body: para('Second agreement') }));
    const scratch = join(dir, 'scratch');
    execFileSync('mkdir', ['-p', scratch]);
    const [a, b] = await Promise.all([
      runLibreOffice({ input: join(dir, 'a.docx'), convertTo: 'pdf', scratch }),
      runLibreOffice({ input: join(dir, 'b.docx'), convertTo: 'pdf', scratch }),
    ]);
    assert.notEqual(a.outDir, b.outDir);
    assert.equal(readFileSync(a.output).subarray(0, 5).toString(), '%PDF-');
    assert.match(execFileSync('pdftotext', [a.output, '-'], { encoding: 'utf8' }), /First agreement\s+Liability is capped\./);
    assert.match(execFileSync('pdftotext', [b.output, '-'], { encoding: 'utf8' }), /Second agreement/);
    // Each call's folder keeps only its output: the profile is gone.
    for (const r of [a, b]) assert.deepEqual(readdirSync(join(r.outDir, '..')), ['out']);
    // An explicit output folder: the call's own folder is removed entirely.
    const txt = await runLibreOffice({ input: join(dir, 'a.docx'), convertTo: 'txt:Text', scratch, outDir: join(dir, 'text') });
    assert.equal(txt.output, join(dir, 'text', 'a.txt'));
    assert.match(readFileSync(txt.output, 'utf8'), /First agreement/);
    assert.equal(readdirSync(scratch).length, 2);
  });

  it('a file that is not a document, a missing file, a timeout, a cancel: each its own error', async () => {
    writeFileSync(join(dir, 'fake.docx'), Buffer.from('%PDF-1.4 not really a word file'));
    await assert.rejects(runLibreOffice({ input: join(dir, 'fake.docx'), convertTo: 'pdf', scratch: dir }), (e: unknown) => {
      assert.ok(e instanceof LibreOfficeError && (e.code === 'EFAILED' || e.code === 'EINPUT'), String(e));
      return true;
    });
    await assert.rejects(runLibreOffice({ input: join(dir, 'nope.docx'), convertTo: 'pdf', scratch: dir }), /nope\.docx: no such file/);
    writeFileSync(join(dir, 'ok.docx'), buildDocx({ body: para('x') }));
    await assert.rejects(runLibreOffice({ input: join(dir, 'ok.docx'), convertTo: 'pdf', scratch: dir, timeoutMs: 50 }), (e: unknown) => e instanceof LibreOfficeError && e.code === 'ETIMEDOUT');
    const ac = new AbortController();
    const p = runLibreOffice({ input: join(dir, 'ok.docx'), convertTo: 'pdf', scratch: dir, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(p, (e: unknown) => e instanceof LibreOfficeError && e.code === 'ECANCELLED');
    await assert.rejects(runLibreOffice({ input: join(dir, 'ok.docx'), convertTo: 'pdf', scratch: dir, soffice: 'no-such-soffice' }), (e: unknown) => e instanceof LibreOfficeError && e.code === 'ENOTFOUND');
    // No call left a profile behind.
    for (const d of readdirSync(dir).filter((n) => n.startsWith('libreoffice-'))) assert.deepEqual(readdirSync(join(dir, d)).filter((n) => n === 'profile'), []);
  });
});
