// Decoding a CSV/TSV file: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise each line is
// UTF-8 when it is valid UTF-8 and Windows-1252 when it is not, so a file pasted together
// from two sources still reads, and the result says which lines were which.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'mixed';
  /** Lines (1-based) decoded as Windows-1252 in a file that is otherwise UTF-8 (at most 20). */
  legacyLines: number[];
  legacyLineCount: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

export function decodeCsv(buf: Buffer): DecodedText {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom', legacyLines: [], legacyLineCount: 0 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le', legacyLines: [], legacyLineCount: 0 };
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const b = Buffer.from(buf.subarray(2));
    b.swap16();
    return { text: b.toString('utf16le'), encoding: 'utf-16be', legacyLines: [], legacyLineCount: 0 };
  }
  try {
    return { text: utf8.decode(buf), encoding: 'utf-8', legacyLines: [], legacyLineCount: 0 };
  } catch {
    /* not all UTF-8: decode line by line */
  }
  const parts: string[] = [];
  const legacy: number[] = [];
  let count = 0;
  let utf8Lines = 0;
  let start = 0;
  let line = 1;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const slice = buf.subarray(start, end);
    try {
      parts.push(utf8.decode(slice));
      if (slice.some((b) => b >= 0x80)) utf8Lines++;
    } catch {
      parts.push(cp1252.decode(slice));
      count++;
      if (legacy.length < 20) legacy.push(line);
    }
    if (end === buf.length) break;
    start = end + 1;
    line++;
  }
  return { text: parts.join('\n'), encoding: utf8Lines ? 'mixed' : 'windows-1252', legacyLines: legacy, legacyLineCount: count };
}
