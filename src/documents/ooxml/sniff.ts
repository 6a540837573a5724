// Says what a file really is when it is not a zip package, from its first bytes, so a
// PDF renamed to .docx gets "this is a PDF document", and a password-protected Word
// file (an OLE compound file holding an `EncryptedPackage` stream) gets "password-protected".

import { DocumentError } from './documentError';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type SniffedKind =
  | 'zip'
  | 'encrypted-ooxml'
  | 'ole'
  | 'pdf'
  | 'rtf'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'gzip'
  | 'html'
  | 'xml'
  | 'text'
  | 'empty'
  | 'unknown';

const DESCRIPTIONS: Record<SniffedKind, string> = {
  zip: 'a zip archive',
  'encrypted-ooxml': 'a password-protected (encrypted) Office document',
  ole: 'an OLE compound file (a legacy Office 97-2003 document such as .doc/.xls/.ppt)',
  pdf: 'a PDF document',
  rtf: 'an RTF document',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  gzip: 'a gzip archive',
  html: 'an HTML file',
  xml: 'a plain XML file (for example a Word 2003 XML or Flat OPC document), not a zip package',
  text: 'a plain text file',
  empty: 'an empty file',
  unknown: 'not a zip package (unrecognised content)',
};

export function sniff(buf: Uint8Array): SniffedKind {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length === 0) return 'empty';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7)) return 'zip';
  if (b.length >= 8 && b.subarray(0, 8).equals(CFB_MAGIC)) return isEncryptedOoxml(b) ? 'encrypted-ooxml' : 'ole';
  const head = b.subarray(0, 1024).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (b[0] === 0x89 && head.startsWith('PNG', 1)) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (head.startsWith('GIF8')) return 'gif';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  const trimmed = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (trimmed.startsWith('<!doctype html') || trimmed.startsWith('<html')) return 'html';
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<')) return 'xml';
  if (![...head].some((ch) => ch.charCodeAt(0) < 9 || (ch.charCodeAt(0) > 13 && ch.charCodeAt(0) < 32))) return 'text';
  return 'unknown';
}

export function describeKind(kind: SniffedKind): string {
  return DESCRIPTIONS[kind];
}

/** The error to raise for a buffer that is not a zip package. */
export function notAPackageError(buf: Uint8Array, expected: string): DocumentError {
  const kind = sniff(buf);
  if (kind === 'encrypted-ooxml') {
    return new DocumentError('PASSWORD_PROTECTED', `the document is password-protected (encrypted); remove the password in the application that made it and try again`);
  }
  if (kind === 'ole') {
    return new DocumentError('LEGACY_FORMAT', `this is ${DESCRIPTIONS.ole}, not ${expected}; save it as ${expected} first`);
  }
  return new DocumentError('NOT_A_PACKAGE', `this is ${DESCRIPTIONS[kind]}, not ${expected}`);
}

// Office writes encrypted OOXML as a CFB file with streams named "EncryptionInfo" and
// "EncryptedPackage". Directory entry names are UTF-16LE; looking for the name is enough
// to tell it from a legacy binary document without a full CFB reader.
function isEncryptedOoxml(b: Buffer): boolean {
  const needle = Buffer.from('EncryptedPackage', 'utf16le');
  return b.indexOf(needle) >= 0;
}
