// Hostile PDFs: a decompression bomb, objects nested 200,000 deep, an object stream that
// claims 100 million objects, a page tree that loops. Each is read as far as it can be or
// fails with one clear error; none hangs or crashes the process.

import * as assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { isDocumentError } from '../../../../src/documents/ooxml';
import { fillPdf, mergePdfs, pdfFields, pdfTables, pdfText } from '../../../../src/documents/pdf';

/** A PDF from raw object bodies (object 1 is the catalog), with a correct xref table. */
function rawPdf(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let len = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(len);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    len += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${len}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const CATALOG = [Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>')];
const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);

function expectError(code: string, message: RegExp) {
  return (err: unknown) => {
    assert.ok(isDocumentError(err), `not a DocumentError: ${(err as Error)?.stack ?? err}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  };
}

describe('documents/pdf hostile files', function () {
  this.timeout(60_000);

  it('a decompression bomb in the page content is refused before it is inflated', async () => {
    const bomb = rawPdf([...CATALOG, Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>'), stream('/Filter /FlateDecode', deflateSync(Buffer.alloc(24 * 1024 * 1024, 0x20)))]);
    await assert.rejects(pdfText(bomb, { limits: { maxStreamBytes: 4 * 1024 * 1024 } }), expectError('LIMIT_EXCEEDED', /inflates to more than 4 MiB \(a decompression bomb\?\)/));
    // Under the default limit (256 MiB) the same file is simply read.
    const t = await pdfText(bomb);
    assert.equal(t.pages[0].hasTextLayer, false);
  });

  it('objects nested 200,000 deep: the page is reported unreadable, the process survives', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const pdf = rawPdf([...CATALOG, Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Foo ${deep} >>`)]);
    const t = await pdfText(pdf);
    assert.equal(t.pageCount, 1);
    assert.deepEqual(await pdfFields(pdf), []);
    await assert.rejects(fillPdf(pdf, { x: 'y' }), expectError('INVALID_ARGUMENT', /no form fields/));
  });

  it('an object stream claiming 100 million objects reads as the page it really has', async () => {
    const pdf = rawPdf([...CATALOG, Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>'), stream('/Type /ObjStm /N 100000000 /First 40 /Filter /FlateDecode', deflateSync(Buffer.from('0 0 '.repeat(10))))]);
    const t = await pdfText(pdf);
    assert.equal(t.pageCount, 1);
    assert.deepEqual((await pdfTables(pdf)).tables, []);
  });

  it('a page tree that contains itself: read by pdf.js, a clear error from the writer', async () => {
    const pdf = rawPdf([Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.from('<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 99999999 >>'), Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>')]);
    const t = await pdfText(pdf).catch((e: unknown) => e);
    if (!(t instanceof Error)) assert.ok((t as { pageCount: number }).pageCount >= 1);
    else assert.ok(isDocumentError(t), String(t));
    await assert.rejects(pdfFields(pdf), expectError('LIMIT_EXCEEDED', /loops or nests too deeply/));
    await assert.rejects(mergePdfs([{ data: pdf, name: 'loop.pdf' }, { data: pdf, name: 'loop.pdf' }]), expectError('LIMIT_EXCEEDED', /loops or nests too deeply/));
  });
});
