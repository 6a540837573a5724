// `cowork doc thumbnails` on real decks through LibreOffice and poppler: every corpus
// deck with slides becomes a grid with one numbered tile per slide, a hidden slide is
// rendered and marked, one slide comes out larger, and bad input fails with a clear
// message before LibreOffice starts. With CI=true a missing soffice or pdftoppm fails.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { pngSize } from '../../../../src/documents/raster';
import { deckSlides } from '../../../../src/documents/render';
import { benchDeck } from '../../../../bench/pptxBenchDeck';
import { corpusFiles } from '../../../support/corpus';
import { needs } from '../../../support/needs';
import { countColour, decodePng } from '../../../support/pngDecode';
import { REPO_ROOT } from '../../../support/repoRoot';
import { tempDir } from '../../../support/sandboxFixture';

const SOFFICE = path.join(REPO_ROOT, 'test/support/sofficeLocked.sh');
const CORPUS = corpusFiles('pptx', '.pptx');

function toolsMissing(): string | undefined {
  if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0) return 'soffice is not installed (libreoffice-impress-nogui)';
  if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status !== 0) return 'pdftoppm is not installed (poppler-utils)';
  return undefined;
}

async function doc(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // A long timeout: sofficeLocked.sh may wait for the machine-wide lock first.
  const code = await runDoc(args[0] === 'thumbnails' && args.length > 2 ? [...args, '--timeout', '1500'] : args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A copy of a corpus deck with slide `n` hidden (show="0" on its root). */
function withHiddenSlide(source: string, n: number, out: string): void {
  const data = fs.readFileSync(source);
  const pkg = OoxmlPackage.open(data);
  const entry = deckSlides(data)[n - 1]!.entry;
  pkg.editXml(entry).root.attrs.show = '0';
  fs.writeFileSync(out, pkg.save());
}

describe('documents/render: cowork doc thumbnails on real decks', function () {
  // LibreOffice waits for the machine-wide lock named by COWORK_HEAVY_LOCK on a shared machine.
  this.timeout(900_000);
  let dir: string;
  before(function () {
    needs(this, toolsMissing());
    if (!CORPUS.length) needs(this, 'the shared corpus (../shared/corpus/pptx) is missing');
    dir = tempDir('thumbs');
    process.env.COWORK_SOFFICE = SOFFICE;
  });
  after(() => {
    delete process.env.COWORK_SOFFICE;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const file of CORPUS) {
    it(`thumbnails ${path.basename(file)}`, async () => {
      const slides = deckSlides(fs.readFileSync(file));
      const grid = path.join(dir, `${path.basename(file, '.pptx')}.png`);
      const r = await doc(['thumbnails', file, '-o', grid, '--json']);
      if (!slides.length) {
        assert.equal(r.code, 1);
        assert.match(r.err, /has no slides; there is nothing to render/);
        assert.ok(!fs.existsSync(grid));
        return;
      }
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out);
      assert.equal(report.slideCount, slides.length);
      assert.deepEqual(report.images[0].slides, slides.map((s) => s.number));
      const png = decodePng(fs.readFileSync(grid));
      assert.deepEqual(pngSize(fs.readFileSync(grid)), { width: report.images[0].width, height: report.images[0].height });
      // Every tile's label band carries ink (its number): count label-coloured pixels overall.
      assert.ok(countColour(png, [32, 32, 32], undefined, 4) > slides.length * 20, 'each tile is numbered');
      // Slides render as mostly non-background pixels (white slide area).
      assert.ok(countColour(png, [236, 236, 236], undefined, 0) < png.width * png.height * 0.6, 'the tiles hold rendered slides');
    });
  }

  it('renders a hidden slide, marks it HIDDEN, and reports it', async () => {
    const source = CORPUS.find((f) => deckSlides(fs.readFileSync(f)).length >= 2)!;
    const deck = path.join(dir, 'hidden.pptx');
    withHiddenSlide(source, 2, deck);
    const grid = path.join(dir, 'hidden.png');
    const r = await doc(['thumbnails', deck, '-o', grid, '--cols', '2']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /hidden: 2\n/);
    const png = decodePng(fs.readFileSync(grid));
    const half = Math.floor(png.width / 2);
    const redLeft = countColour(png, [178, 34, 34], { x: 0, y: 0, w: half, h: Math.min(png.height, half) }, 4);
    const redRight = countColour(png, [178, 34, 34], { x: half, y: 0, w: png.width - half, h: Math.min(png.height, half) }, 4);
    assert.equal(redLeft, 0, 'slide 1 is shown normally');
    assert.ok(redRight > 1000, `slide 2 is framed and labelled in red (${redRight} px)`);
  });

  it('splits a 30-slide deck into grids that each fit the model image budget, and says so', async () => {
    const deck = path.join(dir, 'thirty.pptx');
    fs.writeFileSync(deck, await benchDeck(30));
    const grid = path.join(dir, 'thirty.png');
    const r = await doc(['thumbnails', deck, '-o', grid]);
    assert.equal(r.code, 0, r.err);
    const sheets = [grid, path.join(dir, 'thirty-2.png')];
    assert.match(r.out, /: slides 1-15\n[\s\S]*thirty-2\.png \(\d+x\d+\): slides 16-30\n2 grid images, each within the model's image budget \(1568 px long side, 1.15 MP\): look at every one with read_file\n/);
    assert.ok(!fs.existsSync(path.join(dir, 'thirty-3.png')));
    for (const f of sheets) {
      const { width, height } = pngSize(fs.readFileSync(f))!;
      assert.ok(Math.max(width, height) <= 1568 && width * height <= 1_150_000, `${f}: ${width}x${height}`);
    }
    // The first tile is slide 1 of the deck, not a shrunk or blank tile.
    assert.ok(decodePng(fs.readFileSync(grid)).width >= 1200);
  });

  it('renders one slide at a higher resolution', async () => {
    const source = CORPUS.find((f) => deckSlides(fs.readFileSync(f)).length >= 3)!;
    const out = path.join(dir, 'slide3.png');
    const r = await doc(['thumbnails', source, '-o', out, '--slide', '3', '--width', '1200']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /slide 3/);
    assert.equal(pngSize(fs.readFileSync(out))!.width, 1200);
    const none = await doc(['thumbnails', source, '-o', out, '--slide', '99']);
    assert.equal(none.code, 1);
    assert.match(none.err, /there is no slide 99: the deck has \d+ slides/);
  });

  it('fails clearly on a corrupt deck, a missing file and bad usage, writing nothing', async () => {
    const source = CORPUS.find((f) => deckSlides(fs.readFileSync(f)).length >= 1)!;
    const broken = path.join(dir, 'broken.pptx');
    const bytes = fs.readFileSync(source);
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const out = path.join(dir, 'never.png');
    const r = await doc(['thumbnails', broken, '-o', out]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^cowork doc thumbnails: .*broken\.pptx: /);
    assert.doesNotMatch(r.err, /internal error/);
    const text = path.join(dir, 'notes.pptx');
    fs.writeFileSync(text, 'not a presentation at all');
    const t = await doc(['thumbnails', text, '-o', out, '--json']);
    assert.equal(t.code, 1);
    assert.equal(JSON.parse(t.out).error.code, 'NOT_A_PACKAGE');
    const missing = await doc(['thumbnails', path.join(dir, 'nope.pptx'), '-o', out]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.pptx: no such file/);
    assert.equal((await doc(['thumbnails', source])).code, 2);
    assert.equal((await doc(['thumbnails', source, '-o', path.join(dir, 'x.jpg')])).code, 2);
    assert.ok(!fs.existsSync(out));
  });
});
