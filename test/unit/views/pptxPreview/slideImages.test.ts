// The slide preview's images, rendered in the real sandbox (namespace driver, the test
// image's LibreOffice and poppler through the bundled cowork-doc.js) and cached by content
// hash: a second render of the same bytes is a cache hit with the same PNGs, changed bytes
// render again, a deck the guest cannot render fails with the guest's message, and the
// render folder the guest sees is empty again afterwards.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { pngSize } from '../../../../src/documents/raster';
import { OoxmlPackage } from '../../../../src/documents/ooxml';
import { SlideImages } from '../../../../src/views/pptxPreview/slideImages';
import { corpusDir } from '../../../support/corpus';
import { needs } from '../../../support/needs';
import { REPO_ROOT } from '../../../support/repoRoot';
import { guestTools, makeFixture, requireTestImage, tempDir, type Fixture } from '../../../support/sandboxFixture';

describe('views/pptxPreview: slide images rendered in the sandbox, cached by content hash', function () {
  this.timeout(1_200_000);
  let fixture: Fixture;
  let cacheRoot: string;
  let images: SlideImages;
  let deck: Buffer;

  before(function () {
    const image = requireTestImage(this);
    if (!fs.existsSync(path.join(image, 'rootfs/usr/bin/soffice')) || !fs.existsSync(path.join(image, 'rootfs/usr/bin/pdftoppm'))) {
      needs(this, `the sandbox image ${image} has no LibreOffice/poppler (the trixie image has them)`);
    }
    const dir = corpusDir('pptx');
    if (!dir) needs(this, 'the shared corpus (../shared/corpus/pptx) is missing');
    deck = fs.readFileSync(path.join(dir!, 'sld-notes.pptx'));
    // The tools folder the guest mounts at /opt/cowork: the agent plus the bundled engine.
    const tools = guestTools();
    buildSync({ entryPoints: [path.join(REPO_ROOT, 'src/documents/cli/main.ts')], outfile: path.join(tools, 'cowork-doc.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' });
    fixture = makeFixture(image);
    cacheRoot = tempDir('pptx-cache');
    images = new SlideImages({ cacheRoot, openSession: (folder) => fixture.manager.openSession(folder), timeoutMs: 1_100_000 });
  });
  after(async () => {
    await fixture?.dispose();
    if (cacheRoot) fs.rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('renders every slide in the guest, then serves the same bytes from the cache', async () => {
    assert.equal(images.cached(deck), undefined);
    const first = await images.render(deck);
    assert.equal(first.cached, false);
    assert.deepEqual(first.images.map((i) => i.number), [1, 2]);
    for (const i of first.images) assert.equal(pngSize(i.png)?.width, 960);
    assert.deepEqual(fs.readdirSync(cacheRoot).sort(), [SlideImages.hash(deck), 'work'].sort());
    assert.deepEqual(fs.readdirSync(path.join(cacheRoot, 'work')), [], 'the deck and its images left the render folder');
    const second = await images.render(deck);
    assert.equal(second.cached, true);
    assert.deepEqual(second.images.map((i) => i.png), first.images.map((i) => i.png));
  });

  it('a changed deck renders again; a deck the guest cannot render fails with its message', async () => {
    const pkg = OoxmlPackage.open(deck);
    pkg.editXml('ppt/slides/slide2.xml').root.attrs.show = '0';
    const changed = pkg.save();
    assert.equal(images.cached(changed), undefined);
    const r = await images.render(changed);
    assert.equal(r.cached, false);
    assert.equal(r.images.length, 2);
    await assert.rejects(images.render(Buffer.from('PK\x03\x04 not really a deck')), (e: Error) => /zip|package|truncated|corrupt/i.test(e.message) && !/\.pptx/.test(e.message));
    assert.deepEqual(fs.readdirSync(path.join(cacheRoot, 'work')), []);
  });
});
