import { strict as assert } from 'node:assert';
import { loadPdfJs } from '../../../../src/documents/pdf/pdfjs';

describe('documents/pdf: loading pdf.js leaves the process as it was', () => {
  it('JSON.stringify still honours the order of a replacer array (the snapshot key relies on it)', async () => {
    const native = JSON.stringify;
    await loadPdfJs();
    assert.equal(JSON.stringify, native);
    assert.equal(JSON.stringify({ b: 1, a: 2 }, ['a', 'b']), '{"a":2,"b":1}');
  });
});
