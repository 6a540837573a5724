// A cheap look at a PDF's skeleton before reading it: readers (pdf.js, pdf-lib) recover
// from a broken cross-reference table by scanning the file for objects, silently. The
// person should know their file is damaged, so the damage found here becomes a warning.
// And a decompression bomb (a small Flate stream that inflates to gigabytes) is caught
// here, because pdf.js inflates a page's content in one synchronous step that no timer
// can interrupt.

import { inflateSync } from 'node:zlib';
import { DocumentError } from '../ooxml/documentError';

/** Warnings about the file's structure (empty for a sound file). */
export function checkStructure(data: Uint8Array): string[] {
  const warnings: string[] = [];
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  const tail = buf.subarray(Math.max(0, buf.length - 2048)).toString('latin1');
  if (!/%%EOF/.test(tail)) warnings.push('the file does not end with %%EOF: it may be cut short');
  const m = /startxref\s+(\d+)/g;
  let last: RegExpExecArray | null = null;
  for (let r = m.exec(tail); r; r = m.exec(tail)) last = r;
  if (!last) {
    warnings.push('no startxref at the end of the file: the cross-reference table is missing, objects were recovered by scanning');
    return warnings;
  }
  const offset = Number(last[1]);
  const at = offset < buf.length ? buf.subarray(offset, offset + 32).toString('latin1') : '';
  // Either a classic table (`xref`) or a cross-reference stream (`12 0 obj`).
  if (!/^\s*(xref|\d+\s+\d+\s+obj)/.test(at)) warnings.push(`the cross-reference offset (${offset}) does not point at a cross-reference table: the file is damaged, objects were recovered by scanning`);
  return warnings;
}

/**
 * Inflates every zlib stream in the file up to `maxBytes` and throws LIMIT_EXCEEDED for the
 * first that would inflate past it. Streams that are not zlib (images, encrypted data)
 * are skipped at their first byte; inflating the rest costs about as much as reading them.
 */
export function checkStreamSizes(data: Uint8Array, maxBytes: number): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  let at = 0;
  for (;;) {
    const kw = buf.indexOf('stream', at, 'latin1');
    if (kw < 0) return;
    at = kw + 6;
    // `endstream` also contains "stream"; only a keyword followed by an end of line starts data.
    if (buf[kw - 1] === 0x64 /* d */) continue;
    let start = kw + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) return;
    at = end + 9;
    if (buf[start] !== 0x78) continue; // not a zlib header
    try {
      inflateSync(buf.subarray(start, end), { maxOutputLength: maxBytes, finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing end */ });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DocumentError('LIMIT_EXCEEDED', `a compressed stream at byte ${kw} inflates to more than ${Math.round(maxBytes / 1048576)} MiB (a decompression bomb?); not read`);
      }
      // Damaged data: the reader reads what it can of it.
    }
  }
}
