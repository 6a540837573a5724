// The zip layer on crafted input: round trip byte for byte, and every kind of bad
// package (bomb, lying sizes, zip-slip, duplicates, truncation, encryption, other
// formats) ends in a DocumentError with its code, quickly.

import * as assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { DocumentError, OoxmlPackage } from '../../../../src/documents/ooxml';
import { crc32, crc32Js } from '../../../../src/documents/ooxml/crc32';
import { withDefaults } from '../../../../src/documents/ooxml/limits';
import { inflateEntry, readZip } from '../../../../src/documents/ooxml/zipReader';
import { writeZip } from '../../../../src/documents/ooxml/zipWriter';

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

function zipOf(files: [string, string | Buffer][]): Buffer {
  return writeZip(files.map(([name, data]) => ({ kind: 'new' as const, name, data: Buffer.isBuffer(data) ? data : Buffer.from(data) })));
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected a DocumentError, got ${err}`);
    return err.code;
  }
  assert.fail('expected an error');
}

describe('documents/ooxml zip', () => {
  it('reads back what it writes and copies untouched entries byte for byte', () => {
    const z = zipOf([['[Content_Types].xml', CT], ['a.xml', '<a>1</a>'], ['b.bin', Buffer.alloc(5000, 7)]]);
    const pkg = OoxmlPackage.open(z);
    assert.deepEqual(pkg.entryNames(), ['[Content_Types].xml', 'a.xml', 'b.bin']);
    pkg.setBytes('a.xml', Buffer.from('<a>2</a>'));
    const saved = OoxmlPackage.open(pkg.save());
    assert.equal(saved.bytes('a.xml').toString(), '<a>2</a>');
    const before = readZip(z, withDefaults()).find((e) => e.name === 'b.bin')!;
    const after = readZip(pkg.save(), withDefaults()).find((e) => e.name === 'b.bin')!;
    assert.ok(before.raw.equals(after.raw));
    assert.equal(before.crc, after.crc);
  });

  it('refuses a zip bomb by its compression ratio', () => {
    const z = zipOf([['[Content_Types].xml', CT], ['word/document.xml', Buffer.alloc(64 * 1024 * 1024, 0x20)]]);
    assert.ok(z.length < 1024 * 1024);
    assert.equal(code(() => OoxmlPackage.open(z)), 'LIMIT_EXCEEDED');
  });

  it('refuses an entry that inflates beyond its declared size', () => {
    const z = zipOf([['[Content_Types].xml', CT], ['big.xml', Buffer.alloc(200_000, 0x41)]]);
    // Lie in both headers: claim 100 bytes.
    let p = z.indexOf(Buffer.from('big.xml'));
    z.writeUInt32LE(100, p - 30 + 22);
    p = z.lastIndexOf(Buffer.from('big.xml'));
    z.writeUInt32LE(100, p - 46 + 24);
    const pkg = OoxmlPackage.open(z);
    assert.equal(code(() => pkg.bytes('big.xml')), 'LIMIT_EXCEEDED');
  });

  it('refuses too many entries and too much in total', () => {
    const files: [string, string][] = [['[Content_Types].xml', CT]];
    for (let i = 0; i < 50; i++) files.push([`p${i}.xml`, '<a/>']);
    assert.equal(code(() => OoxmlPackage.open(zipOf(files), { limits: { maxEntries: 20 } })), 'LIMIT_EXCEEDED');
    assert.equal(code(() => OoxmlPackage.open(zipOf(files), { limits: { maxTotalUncompressed: 100 } })), 'LIMIT_EXCEEDED');
  });

  for (const name of ['../evil.xml', 'word/../../evil.xml', '/etc/passwd', 'C:/x.xml', 'word\\x.xml']) {
    it(`refuses the zip-slip name ${JSON.stringify(name)}`, () => {
      assert.equal(code(() => OoxmlPackage.open(zipOf([['[Content_Types].xml', CT], [name, '<a/>']]))), 'UNSAFE_NAME');
    });
  }

  it('refuses duplicate entries (names compare case-insensitively)', () => {
    assert.equal(code(() => OoxmlPackage.open(zipOf([['[Content_Types].xml', CT], ['a.xml', '<a/>'], ['A.xml', '<b/>']]))), 'DUPLICATE_ENTRY');
  });

  it('says a cut-short file is truncated', () => {
    const z = zipOf([['[Content_Types].xml', CT], ['a.xml', Buffer.alloc(10_000, 1)]]);
    for (const len of [z.length - 10, Math.floor(z.length / 2), 40]) assert.equal(code(() => OoxmlPackage.open(z.subarray(0, len))), 'TRUNCATED');
  });

  it('says a password-protected document is password-protected', () => {
    // An OLE compound file with the EncryptedPackage stream Office writes for encrypted files.
    const cfb = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    Buffer.from('EncryptionInfo', 'utf16le').copy(cfb, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1152);
    try {
      OoxmlPackage.open(cfb, { expected: 'a Word document (.docx)' });
      assert.fail('opened');
    } catch (err) {
      assert.equal((err as DocumentError).code, 'PASSWORD_PROTECTED');
      assert.match((err as Error).message, /password-protected/);
    }
    const legacy = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(legacy);
    assert.equal(code(() => OoxmlPackage.open(legacy)), 'LEGACY_FORMAT');
  });

  it('names what a file really is when it is not a zip', () => {
    for (const [data, what] of [
      ['%PDF-1.7\n%âãÏÓ\n1 0 obj', /a PDF document/],
      ['{\\rtf1\\ansi hello}', /RTF/],
      ['just some words', /plain text/],
      ['', /empty/],
    ] as const) {
      try {
        OoxmlPackage.open(Buffer.from(data, 'latin1'), { expected: 'a Word document (.docx)' });
        assert.fail('opened');
      } catch (err) {
        assert.equal((err as DocumentError).code, 'NOT_A_PACKAGE');
        assert.match((err as Error).message, what);
      }
    }
  });

  it('refuses encrypted zip entries and unknown compression methods', () => {
    const z = zipOf([['[Content_Types].xml', CT], ['a.xml', '<a/>']]);
    const enc = Buffer.from(z);
    let p = enc.lastIndexOf(Buffer.from('a.xml'));
    enc.writeUInt16LE(1, p - 46 + 8);
    assert.equal(code(() => OoxmlPackage.open(enc)), 'UNSUPPORTED');
    const m = Buffer.from(z);
    p = m.lastIndexOf(Buffer.from('a.xml'));
    m.writeUInt16LE(12, p - 46 + 10);
    assert.equal(code(() => OoxmlPackage.open(m)), 'UNSUPPORTED');
  });

  it('detects corrupt deflate data and CRC mismatches', () => {
    const data = Buffer.from('<a>hello hello hello hello</a>');
    const z = zipOf([['[Content_Types].xml', CT], ['a.xml', data]]);
    const entry = readZip(z, withDefaults()).find((e) => e.name === 'a.xml')!;
    const bad = { ...entry, crc: (entry.crc ^ 1) >>> 0 };
    assert.equal(code(() => inflateEntry(bad)), 'CORRUPT');
    const garbage = { ...entry, method: 8, raw: Buffer.from([0xff, 0xff, 0xff, 0xff]) };
    assert.equal(code(() => inflateEntry(garbage)), 'CORRUPT');
    assert.ok(deflateRawSync(data).length > 0);
  });

  it('needs [Content_Types].xml to call a zip an Office package', () => {
    assert.equal(code(() => OoxmlPackage.open(zipOf([['readme.txt', 'hi']]))), 'MISSING_PART');
  });
});

describe('documents/ooxml crc32', () => {
  it('the fallback agrees with the check value and with zlib where Node has it', () => {
    assert.equal(crc32Js(Buffer.from('123456789')), 0xcbf43926);
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff));
    assert.equal(crc32(data), crc32Js(data));
  });
});
