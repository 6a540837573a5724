// The bad workbooks through `cowork doc`, as a person meets them: a zip bomb, a
// billion-laughs part, a password-protected workbook (one clear line each, exit 1, the
// JSON error code), and a sheet of 1,048,576 rows, shown (summarised), validated and
// converted to CSV by processes whose peak RSS (the kernel's figure for the whole
// process) stays far below what holding the sheet's 60 MB of XML would take.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDocCli, runDocCli } from '../../../support/docCliBundle';
import { buildXlsx, sheetXml } from '../../../support/xlsxBuilder';

/** Peak RSS a process may reach summarising the 1,048,576-row sheet (its sheet part alone is ~60 MB of XML). */
const MAX_PEAK_MIB = 128;

function millionRowSheet(): Buffer {
  const parts: Buffer[] = [Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')];
  let batch = '<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c><c r="B1" t="inlineStr"><is><t>kind</t></is></c></row>';
  for (let r = 2; r <= 1_048_576; r++) {
    batch += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>k${r % 3}</t></is></c></row>`;
    if (batch.length > 1 << 20) {
      parts.push(Buffer.from(batch));
      batch = '';
    }
  }
  parts.push(Buffer.from(batch + '</sheetData></worksheet>'));
  return Buffer.concat(parts);
}

describe('documents/xlsx cowork doc on bad and huge workbooks', function () {
  this.timeout(300_000);
  let dir: string;
  let cli: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-xlsx-bad-'));
    cli = buildDocCli(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const show = (file: string, ...flags: string[]) => runDocCli(cli, dir, ['show', file, ...flags], { timeoutMs: 240_000 });
  const oneLine = (file: string, want: RegExp, code: string) => {
    const r = show(file);
    assert.equal(r.code, 1, r.out + r.err);
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n').filter(Boolean).length, 1, r.err);
    assert.ok(r.err.startsWith(`cowork doc show: ${file}: `), r.err);
    assert.match(r.err, want);
    assert.equal(JSON.parse(show(file, '--json').out).error.code, code);
  };

  it('a zip bomb, a billion-laughs part and a password-protected workbook: one clear line each', () => {
    const bomb = buildXlsx({ sheets: [{ name: 'S', data: Buffer.concat([Buffer.from(sheetXml('').slice(0, -25)), Buffer.alloc(300 * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]) }] });
    fs.writeFileSync(path.join(dir, 'bomb.xlsx'), bomb);
    oneLine('bomb.xlsx', /compression ratio of \d+:1, over the limit of 200:1 \(a zip bomb\?\)/, 'LIMIT_EXCEEDED');

    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>';
    fs.writeFileSync(path.join(dir, 'laughs.xlsx'), buildXlsx({ sharedStringsXml: lol, sheets: [{ name: 'S', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }] }));
    oneLine('laughs.xlsx', /xl\/sharedStrings\.xml: DOCTYPE and entity declarations are not allowed/, 'XML_FORBIDDEN');

    // How Office stores a password-protected workbook: an OLE compound file whose directory
    // names the EncryptionInfo and EncryptedPackage streams (UTF-16LE), not a zip.
    const ole = Buffer.alloc(8192);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1024 + 128);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024 + 256);
    fs.writeFileSync(path.join(dir, 'locked.xlsx'), ole);
    oneLine('locked.xlsx', /password-protected \(encrypted\); remove the password/, 'PASSWORD_PROTECTED');
  });

  it('a sheet of 1,048,576 rows: summarised with head, tail and column stats, validated and converted to CSV, in bounded memory', function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    fs.writeFileSync(path.join(dir, 'million.xlsx'), buildXlsx({ sheets: [{ name: 'Big', data: millionRowSheet() }] }));
    const peakFile = path.join(dir, 'peak.txt');
    const preload = path.join(dir, 'peak.cjs');
    // VmHWM, the high-water RSS of the process's own memory (getrusage's maxrss would also
    // count the test process it was forked from, which holds the 60 MB sheet).
    fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(peakFile)}, /VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]));\n`);
    const r = spawnSync(process.execPath, ['-r', preload, cli, 'show', 'million.xlsx'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Workbook: 1 sheet\n/);
    assert.match(r.stdout, /Sheet "Big": used range A1:B1048576, 1048576 rows with data/);
    assert.match(r.stdout, /^ … \| \(1048546 rows\)$/m);
    assert.match(r.stdout, /^20 \| 20 \| k2\n/m);
    assert.match(r.stdout, /^1048576 \| 1048576 \| k1\nColumns:\n/m);
    assert.match(r.stdout, /^ {2}A "n": number, 1048575 values; min 2, max 1048576, sum 5\.49756E\+11, mean 524289$/m);
    assert.match(r.stdout, /^ {2}B "kind": text, 1048575 values; 4 distinct texts$/m);
    assert.ok(r.stdout.length < 6000, `printed ${r.stdout.length} characters`);
    const peakMiB = Number(fs.readFileSync(peakFile, 'utf8')) / 1024;
    assert.ok(peakMiB < MAX_PEAK_MIB, `peak RSS ${peakMiB.toFixed(0)} MiB`);
    console.log(`      (show: peak RSS ${peakMiB.toFixed(0)} MiB)`);

    // validate checks the 60 MB sheet part as it streams (it parsed it into a tree: 2.5 GiB).
    const v = spawnSync(process.execPath, ['-r', preload, cli, 'validate', 'million.xlsx'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(v.stdout, 'million.xlsx: valid\n');
    const validatePeak = Number(fs.readFileSync(peakFile, 'utf8')) / 1024;
    assert.ok(validatePeak < MAX_PEAK_MIB, `validate: peak RSS ${validatePeak.toFixed(0)} MiB`);
    console.log(`      (validate: peak RSS ${validatePeak.toFixed(0)} MiB)`);

    // convert to CSV streams the rows to the file (it held every row: 667 MiB).
    const c = spawnSync(process.execPath, ['-r', preload, cli, 'convert', 'million.xlsx', '-o', 'million.csv'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    assert.equal(c.status, 0, c.stdout + c.stderr);
    assert.equal(c.stdout, 'wrote million.csv: sheet "Big", 1048576 rows x 2 columns\n');
    const csv = fs.readFileSync(path.join(dir, 'million.csv'), 'utf8');
    assert.ok(csv.startsWith('n,kind\r\n2,k2\r\n3,k0\r\n'));
    assert.ok(csv.endsWith('\r\n1048576,k1\r\n'));
    assert.equal(csv.split('\r\n').length, 1_048_576 + 1);
    const convertPeak = Number(fs.readFileSync(peakFile, 'utf8')) / 1024;
    assert.ok(convertPeak < MAX_PEAK_MIB, `convert: peak RSS ${convertPeak.toFixed(0)} MiB`);
    console.log(`      (convert: peak RSS ${convertPeak.toFixed(0)} MiB)`);
    const none = runDocCli(cli, dir, ['convert', 'million.xlsx', '-o', 'nope.csv', '--sheet', 'Nope'], { timeoutMs: 240_000 });
    assert.equal(none.code, 1);
    assert.match(none.err, /million\.xlsx: the workbook has no worksheet "Nope" \(sheets: Big\)/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('nope')), [], 'no file, not even a temporary one');
  });

  it('validate finds a broken tag deep in a large sheet, with the part and the line', () => {
    let rows = '';
    for (let r = 1; r <= 120_000; r++) rows += r === 60_000 ? `<row r="${r}"><c r="A${r}"><v>${r}</v></x></row>\n` : `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>row ${r}</t></is></c></row>\n`;
    fs.writeFileSync(path.join(dir, 'torn.xlsx'), buildXlsx({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }));
    const r = runDocCli(cli, dir, ['validate', 'torn.xlsx'], { timeoutMs: 240_000 });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /xl\/worksheets\/sheet1\.xml: end tag <\/x> does not match <c> \(near line 60001\)/);
  });
});
