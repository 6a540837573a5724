// Workbooks opened from their file (OoxmlPackage.openFile / XlsxWorkbook.openFile): the
// zip read by range, a sheet inflated as it is scanned. Same parts, views and saves as
// from bytes; a file cut short, changed on disk, closed, not a zip, encrypted or a bomb
// ends in a DocumentError with its code.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError, OoxmlPackage } from '../../../../src/documents/ooxml';
import { sheetView, workbookOverview, XlsxWorkbook } from '../../../../src/documents/xlsx';
import { corpusFiles } from '../../../support/corpus';
import { buildXlsx, sheetXml } from '../../../support/xlsxBuilder';

async function codeOf(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected a DocumentError, got ${(err as Error)?.stack ?? err}`);
    return err.code;
  }
  assert.fail('expected an error');
}

/** Raises the declared uncompressed size of `entry` in the central directory by `by`. */
function lieAboutSize(zip: Buffer, entry: string, by: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(entry);
  for (let p = out.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); p >= 0; p = out.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), p + 4)) {
    const len = out.readUInt16LE(p + 28);
    if (out.subarray(p + 46, p + 46 + len).equals(name)) {
      out.writeUInt32LE(out.readUInt32LE(p + 24) + by, p + 24);
      return out;
    }
  }
  throw new Error(`no ${entry}`);
}

function bigSheetRows(n: number): string {
  let s = '';
  for (let r = 1; r <= n; r++) s += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="s"><v>${r % 2}</v></c></row>`;
  return s;
}

describe('documents/xlsx read from the file', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-file-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: Buffer): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };

  it('gives the same parts, overview, views and saved bytes as opening the bytes (corpus and a built sheet)', async () => {
    const built = write('built.xlsx', buildXlsx({ sharedStrings: ['odd', 'even'], sheets: [{ name: 'Data', rows: bigSheetRows(3000) }, { name: 'Two', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>' }] }));
    for (const f of [built, ...corpusFiles('xlsx', '.xlsx')]) {
      const bytes = fs.readFileSync(f);
      const mem = XlsxWorkbook.open(bytes);
      const file = XlsxWorkbook.openFile(f);
      try {
        assert.deepEqual(file.pkg.entryNames(), mem.pkg.entryNames(), f);
        for (const e of mem.pkg.entryNames()) assert.ok(file.pkg.bytes(e).equals(mem.pkg.bytes(e)), `${f} ${e}`);
        assert.deepEqual(await workbookOverview(file), await workbookOverview(mem), f);
        for (const s of mem.sheets.filter((x) => x.entry)) {
          assert.deepEqual(await sheetView(file, { sheet: s.name, formulas: true }), await sheetView(mem, { sheet: s.name, formulas: true }), `${f} ${s.name}`);
        }
        assert.ok(file.pkg.save().equals(mem.pkg.save()), `${f}: saving from the file changed bytes`);
      } finally {
        file.close();
      }
    }
    const wb = XlsxWorkbook.openFile(built);
    const v = await sheetView(wb);
    wb.close();
    assert.deepEqual([v.mode, v.rowCount, v.tail!.at(-1)!.cells.map((c) => c.text)], ['summary', 3000, ['3000', 'odd']]);
  });

  it('a file cut short, shortened after opening, or read after close is a clear error', async () => {
    const good = buildXlsx({ sheets: [{ name: 'S', rows: bigSheetRows(20000) }], sharedStrings: ['a', 'b'] });
    assert.equal(await codeOf(() => XlsxWorkbook.openFile(write('cut.xlsx', good.subarray(0, good.length - 100)))), 'TRUNCATED');

    const f = write('shrinks.xlsx', good);
    const wb = XlsxWorkbook.openFile(f);
    fs.truncateSync(f, 2000);
    const e = await codeOf(() => sheetView(wb));
    wb.close();
    assert.ok(['TRUNCATED', 'CORRUPT'].includes(e), e);

    const closed = XlsxWorkbook.openFile(write('closed.xlsx', good));
    closed.close();
    assert.equal(await codeOf(() => sheetView(closed)), 'INVALID_ARGUMENT');
    closed.close(); // twice is fine
  });

  it('a sheet that inflates to less or more than its declared size is refused while streaming', async () => {
    const good = buildXlsx({ sheets: [{ name: 'S', rows: bigSheetRows(5000) }], sharedStrings: ['a', 'b'] });
    const longer = XlsxWorkbook.openFile(write('longer.xlsx', lieAboutSize(good, 'xl/worksheets/sheet1.xml', 10)));
    assert.equal(await codeOf(() => sheetView(longer)), 'CORRUPT');
    longer.close();
    const shorter = XlsxWorkbook.openFile(write('shorter.xlsx', lieAboutSize(good, 'xl/worksheets/sheet1.xml', -10)));
    assert.equal(await codeOf(() => sheetView(shorter)), 'LIMIT_EXCEEDED');
    shorter.close();
  });

  it('not a zip, an encrypted workbook, a zip bomb and a missing file', async () => {
    assert.equal(await codeOf(() => XlsxWorkbook.openFile(write('x.xlsx', Buffer.from('%PDF-1.7\n')))), 'NOT_A_PACKAGE');
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 3000);
    assert.equal(await codeOf(() => XlsxWorkbook.openFile(write('enc.xlsx', ole))), 'PASSWORD_PROTECTED');
    const bomb = buildXlsx({ sheets: [{ name: 'S', data: Buffer.concat([Buffer.from(sheetXml('').slice(0, -25)), Buffer.alloc(300 * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]) }] });
    assert.equal(await codeOf(() => XlsxWorkbook.openFile(write('bomb.xlsx', bomb))), 'LIMIT_EXCEEDED');
    assert.throws(() => OoxmlPackage.openFile(path.join(dir, 'none.xlsx')), /ENOENT/);
  });

  it('keeps the file open only until close (no descriptor left behind by a failed open)', async function () {
    if (!fs.existsSync('/proc/self/fd')) this.skip();
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const before = fds();
    for (let i = 0; i < 20; i++) await codeOf(() => XlsxWorkbook.openFile(write('bad.xlsx', Buffer.from('PK\x03\x04 not really'))));
    const wb = XlsxWorkbook.openFile(write('ok.xlsx', buildXlsx({ sheets: [{ name: 'S', rows: bigSheetRows(2) }], sharedStrings: ['a', 'b'] })));
    assert.equal(fds(), before + 1);
    wb.close();
    assert.equal(fds(), before);
  });
});
