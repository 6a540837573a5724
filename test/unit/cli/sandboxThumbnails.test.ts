// `cowork doc thumbnails` on the host, as a person runs it from an install laid out like
// dist/: the deck renders inside the sandbox guest (the image's own Impress and poppler),
// never with the host's LibreOffice (COWORK_SOFFICE points nowhere here, so a host run
// would fail). A corpus deck with one slide hidden comes back as a grid PNG whose size,
// slide list and hidden flags match the deck, and the report says where it ran.
// With CI=true a missing image fails the test instead of skipping it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OoxmlPackage } from '../../../src/documents/ooxml';
import { pngSize } from '../../../src/documents/raster';
import { deckSlides } from '../../../src/documents/render';
import { installLike, runInstalledCli } from '../../support/cliTask';
import { corpusFiles } from '../../support/corpus';
import { needs } from '../../support/needs';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';

interface Report {
  slideCount: number;
  hidden: number[];
  images: { file: string; width: number; height: number; slides: number[] }[];
  ranIn?: string;
  error?: { code: string; message: string };
}

describe('cli: `cowork doc thumbnails` renders inside the sandbox guest', function () {
  this.timeout(600_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a grid of a deck with a hidden slide, rendered in the guest, read back with the deck\'s own slide list', async function () {
    const image = requireTestImage(this);
    const decks = corpusFiles('pptx', '.pptx').map((f) => ({ f, n: deckSlides(fs.readFileSync(f)).length })).sort((a, b) => b.n - a.n);
    if (!decks.length || decks[0]!.n < 2) needs(this, 'the shared corpus (../shared/corpus/pptx) with a deck of two slides or more');
    const cli = installLike(tempDir('thumbs-install'));
    const dir = tempDir('thumbs-folder');
    dirs.push(path.dirname(path.dirname(cli)), dir);
    // The corpus deck with its second slide hidden (show="0").
    const source = fs.readFileSync(decks[0]!.f);
    const pkg = OoxmlPackage.open(source);
    pkg.editXml(deckSlides(source)[1]!.entry).root.attrs.show = '0';
    const deck = path.join(dir, 'deck one.pptx');
    fs.writeFileSync(deck, pkg.save());
    const before = fs.readFileSync(deck);

    const out = path.join(dir, 'grid.png');
    const r = await runInstalledCli(cli, ['doc', 'thumbnails', deck, '-o', out, '--json'], {
      COWORK_SOFFICE: '/nonexistent/soffice',
      COWORK_IMAGE_DIR: image,
      COWORK_SANDBOX_DRIVER: 'namespace',
      COWORK_STATE_DIR: tempDir('thumbs-state'),
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.ranIn, 'the sandbox (namespace)');
    assert.equal(report.slideCount, decks[0]!.n);
    assert.deepEqual(report.hidden, [2]);
    assert.equal(report.images.length, 1);
    assert.equal(report.images[0]!.file, out);
    assert.deepEqual(report.images[0]!.slides, Array.from({ length: decks[0]!.n }, (_, i) => i + 1));
    const png = fs.readFileSync(out);
    assert.deepEqual(pngSize(png), { width: report.images[0]!.width, height: report.images[0]!.height });
    assert.ok(report.images[0]!.width >= 400, `a real grid, not a placeholder: ${report.images[0]!.width}px`);
    assert.deepEqual(fs.readFileSync(deck), before, 'the deck is unchanged');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['deck one.pptx', 'grid.png'], 'nothing else is written beside it');

    // Without an image: the same clear error recalc gives, nothing written.
    const none = await runInstalledCli(cli, ['doc', 'thumbnails', deck, '-o', path.join(dir, 'never.png')], { COWORK_SOFFICE: '/nonexistent/soffice', COWORK_IMAGE_DIR: '', COWORK_IMAGE_CACHE: tempDir('thumbs-no-images') });
    assert.equal(none.code, 1, none.stdout + none.stderr);
    assert.match(none.stderr, /thumbnails render with LibreOffice Impress inside the Cowork sandbox, and this machine has no sandbox image yet/);
    assert.equal(fs.existsSync(path.join(dir, 'never.png')), false);
  });
});
