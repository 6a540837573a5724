// The bundles as the build lays them out: pdf.js and pdf-lib are engine files beside
// cowork-doc.js and cli.js (scripts/engineFiles.cjs), loaded only by a command that opens
// or writes a PDF. With the files there, PDF commands work; with them taken away, a
// workbook command still runs (so it never loaded them) and a PDF command says which file
// is missing instead of crashing.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createXlsx } from '../../../../src/documents/xlsx';
import { buildDocBundles, ENGINE_FILE_NAMES } from '../../../support/docBundles';

describe('documents/cli engine files beside the bundles', function () {
  this.timeout(120_000);
  let dir: string;
  let doc: string;
  let cli: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-engine-files-'));
    doc = buildDocBundles(dir, { cli: true });
    cli = path.join(dir, 'cli.js');
    fs.writeFileSync(path.join(dir, 'book.xlsx'), createXlsx({ sheets: [{ name: 'Costs', columns: [{ header: 'Item' }, { header: 'Cost', type: 'number' }], rows: [['Rent', 1200], ['Travel', 340]] }] }).bytes);
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ body: [{ heading: 'Quarterly note' }, { paragraph: 'Travel came in under budget.' }] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (bundle: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, bundle === cli ? [cli, 'doc', ...args] : [bundle, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('are separate files, and the PDF commands use them', () => {
    for (const f of ENGINE_FILE_NAMES) assert.ok(fs.statSync(path.join(dir, f)).size > 100_000, f);
    // The libraries are not also inside the bundle.
    assert.ok(fs.statSync(doc).size < 1_500_000, `cowork-doc.js is ${fs.statSync(doc).size} bytes`);
    const made = run(doc, 'new', 'spec.json', '-o', 'note.pdf');
    assert.equal(made.code, 0, made.err);
    const text = run(doc, 'text', 'note.pdf');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /Quarterly note[\s\S]*Travel came in under budget\./);
    const viaCli = run(cli, 'text', 'note.pdf');
    assert.equal(viaCli.code, 0, viaCli.err);
    assert.match(viaCli.out, /Travel came in under budget\./);
  });

  it('a deck with an SVG picture gets its PNG fallback from resvg.wasm beside the bundles, and says so when it is missing', () => {
    fs.writeFileSync(path.join(dir, 'mark.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0B2545"/></svg>');
    fs.writeFileSync(path.join(dir, 'deck.json'), JSON.stringify({ slides: [{ type: 'image', title: 'Mark', image: 'mark.svg' }] }));
    for (const bundle of [doc, cli]) {
      const made = run(bundle, 'new', 'deck.json', '-o', 'deck.pptx');
      assert.equal(made.code, 0, made.err);
      const images = run(bundle, 'text', 'deck.pptx', '--json');
      assert.equal(images.code, 0, images.err);
      assert.deepEqual(JSON.parse(images.out).slides[0].images.map((i: { target: string; svg?: string }) => [i.target, i.svg]), [['ppt/media/cowork1.png', 'ppt/media/cowork1.svg']]);
    }
    // Under the sandbox's address-space limit (RLIMIT_AS 8 GiB) this process cannot make a
    // WebAssembly memory; svg-raster.js draws the PNG in a child without guard regions.
    const limited = spawnSync('sh', ['-c', `ulimit -v 8388608 && exec "${process.execPath}" "${doc}" new deck.json -o limited.pptx`], { encoding: 'utf8', timeout: 60_000, cwd: dir });
    assert.equal(limited.status, 0, limited.stderr);
    const same = run(doc, 'text', 'limited.pptx', '--json');
    assert.deepEqual(JSON.parse(same.out).slides[0].images.map((i: { target: string; svg?: string }) => [i.target, i.svg]), [['ppt/media/cowork1.png', 'ppt/media/cowork1.svg']]);
    assert.ok(fs.readFileSync(path.join(dir, 'limited.pptx')).equals(fs.readFileSync(path.join(dir, 'deck.pptx'))), 'the same deck as without the limit');
    fs.renameSync(path.join(dir, 'resvg.wasm'), path.join(dir, 'resvg.wasm.away'));
    try {
      const missing = run(doc, 'new', 'deck.json', '-o', 'never.pptx');
      assert.equal(missing.code, 1);
      assert.match(missing.err, /the SVG renderer \(resvg\.wasm\) is not installed beside the cowork CLI/);
      assert.equal(fs.existsSync(path.join(dir, 'never.pptx')), false);
    } finally {
      fs.renameSync(path.join(dir, 'resvg.wasm.away'), path.join(dir, 'resvg.wasm'));
    }
  });

  it('a workbook command runs without them; a PDF command names the missing file', () => {
    for (const f of ENGINE_FILE_NAMES) fs.rmSync(path.join(dir, f));
    for (const bundle of [doc, cli]) {
      const show = run(bundle, 'show', 'book.xlsx');
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /Costs/);
      assert.match(show.out, /Travel/);
      const pdf = run(bundle, 'text', 'note.pdf', '--json');
      assert.equal(pdf.code, 1, pdf.err);
      assert.match(pdf.err, /the PDF engine is incomplete: engine-[\w-]+\.js is missing from the program's folder/);
      assert.equal(JSON.parse(pdf.out).error.code, 'NOT_FOUND');
    }
  });
});
