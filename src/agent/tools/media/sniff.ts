// What kind of file this is, from its first bytes (and its name as a fallback),
// so read_file can send images and PDFs as such and describe other binaries
// instead of dumping base64 at the model.

export type MediaKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf';

export interface Sniffed {
  /** Set for the kinds read_file can pass to the model as images or documents. */
  media?: MediaKind;
  /** A short human label, e.g. "ZIP archive" or "Excel workbook (xlsx)". */
  label: string;
  /** A hint on how to get at the content from the sandbox, when we know one. */
  hint?: string;
  /** True when the bytes match a known binary format, whatever they decode as. */
  knownBinary?: boolean;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));

const OFFICE: Record<string, [string, string]> = {
  docx: ['Word document (docx)', 'Extract its text with run_command, e.g. python3 with python-docx if installed, or `unzip -p FILE word/document.xml`.'],
  xlsx: ['Excel workbook (xlsx)', 'Read it with run_command, e.g. python3 with openpyxl or pandas if installed, or `unzip -p FILE xl/sharedStrings.xml`.'],
  pptx: ['PowerPoint presentation (pptx)', 'Extract its text with run_command, e.g. python3 with python-pptx if installed, or unzip the ppt/slides/*.xml parts.'],
  odt: ['OpenDocument text (odt)', 'Extract its text with run_command, e.g. `unzip -p FILE content.xml`.'],
  ods: ['OpenDocument spreadsheet (ods)', 'Extract it with run_command, e.g. `unzip -p FILE content.xml`.'],
  epub: ['EPUB book', 'List its parts with `unzip -l FILE` and read the XHTML inside.'],
};

function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

// Two-letter signatures (MZ, BM, ID3) also start ordinary text, so they only
// name the type of a file already found binary; they never make it binary.
export function sniff(head: Uint8Array, name: string): Sniffed {
  const ext = extOf(name);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { media: 'png', label: 'PNG image' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { media: 'jpeg', label: 'JPEG image' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { media: 'gif', label: 'GIF image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return { media: 'webp', label: 'WebP image' };
  if (ascii(head, 0, 5) === '%PDF-') return { media: 'pdf', label: 'PDF document' };
  // Some PDFs carry junk before the header; readers accept it within the first 1 KB.
  if (ext === 'pdf' && ascii(head, 0, Math.min(head.length, 1024)).includes('%PDF-')) return { media: 'pdf', label: 'PDF document' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const office = OFFICE[ext];
    if (office) return { knownBinary: true, label: office[0], hint: office[1] };
    return { knownBinary: true, label: 'ZIP archive', hint: 'List it with `unzip -l FILE` in run_command, or extract it to a scratch folder.' };
  }
  if (startsWith(head, [0x1f, 0x8b])) return { knownBinary: true, label: 'gzip-compressed data', hint: 'Look inside with `zcat FILE | head` or `tar tzf FILE`.' };
  if (ascii(head, 0, 16) === 'SQLite format 3\0') return { knownBinary: true, label: 'SQLite database', hint: 'Query it with `sqlite3 FILE .tables` or python3 sqlite3.' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { knownBinary: true, label: 'legacy Microsoft Office file (doc/xls/ppt)', hint: 'Convert it with run_command if a converter (libreoffice --headless, antiword, xls2csv) is installed.' };
  }
  if (ascii(head, 0, 4) === '\x7fELF') return { knownBinary: true, label: 'Linux executable (ELF)' };
  if (ascii(head, 0, 2) === 'MZ') return { label: 'Windows executable' };
  if (ascii(head, 4, 4) === 'ftyp') {
    const brand = ascii(head, 8, 4);
    if (brand.startsWith('hei') || brand.startsWith('mif1') || brand === 'heix') {
      return { knownBinary: true, label: 'HEIC image', hint: 'Convert it to JPEG with run_command (e.g. heif-convert or ImageMagick if installed), then read the JPEG.' };
    }
    return { knownBinary: true, label: 'MP4/QuickTime media' };
  }
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { knownBinary: true, label: 'TIFF image', hint: 'Convert it to PNG or JPEG with run_command (ImageMagick or python3 PIL if installed), then read that.' };
  }
  if (ascii(head, 0, 2) === 'BM') return { label: 'BMP image', hint: 'Convert it to PNG with run_command (ImageMagick or python3 PIL if installed), then read that.' };
  if (ascii(head, 0, 3) === 'ID3' || startsWith(head, [0xff, 0xfb])) return { label: 'MP3 audio' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return { knownBinary: true, label: 'WAV audio' };
  if (ascii(head, 0, 4) === 'OggS') return { knownBinary: true, label: 'Ogg media' };
  if (ascii(head, 0, 4) === 'Rar!') return { knownBinary: true, label: 'RAR archive' };
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { knownBinary: true, label: '7-Zip archive' };
  if (ascii(head, 0, 4) === 'wOFF' || ascii(head, 0, 4) === 'wOF2') return { knownBinary: true, label: 'web font' };
  return { label: ext ? `binary file (.${ext})` : 'binary file', hint: 'Inspect it with run_command, e.g. `file FILE` or `xxd FILE | head`.' };
}

/**
 * True for NUL bytes, invalid UTF-8 or mostly control characters; a multi-byte
 * sequence cut at the end of the window is not invalid.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  let control = 0;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  if (control > bytes.length * 0.1) return true;
  // Drop up to 3 trailing bytes that may be a sequence cut by the read window.
  let end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i];
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return false;
  } catch {
    return true;
  }
}

/** Width and height from the file header, without decoding. Undefined when the header is unreadable. */
export function imageSize(kind: MediaKind, b: Uint8Array): { width: number; height: number } | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    switch (kind) {
      case 'png':
        if (ascii(b, 12, 4) !== 'IHDR') return undefined;
        return { width: dv.getUint32(16), height: dv.getUint32(20) };
      case 'gif':
        return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
      case 'webp': {
        const chunk = ascii(b, 12, 4);
        if (chunk === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
        if (chunk === 'VP8L') {
          const bits = dv.getUint32(21, true);
          return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
        }
        if (chunk === 'VP8 ') return { width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
        return undefined;
      }
      case 'jpeg': {
        // Walk the markers to the first start-of-frame.
        let i = 2;
        while (i + 9 < b.length) {
          if (b[i] !== 0xff) return undefined;
          const marker = b[i + 1];
          if (marker === 0xff) {
            i++;
            continue;
          }
          const len = dv.getUint16(i + 2);
          const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
          if (isSof) return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
          i += 2 + len;
        }
        return undefined;
      }
      case 'pdf':
        return undefined;
    }
  } catch {
    return undefined;
  }
}
