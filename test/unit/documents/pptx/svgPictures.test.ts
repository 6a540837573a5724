// SVG pictures in new decks carry a PNG stand-in, as PowerPoint requires: the picture's
// `a:blip` embeds a PNG drawn from the SVG in-process (resvg as WebAssembly) and names the
// SVG in its `asvg:svgBlip` extension. Checked on the raw XML, relationships and content
// types, on the PNG's own pixels, and by LibreOffice drawing the slide through
// `cowork doc thumbnails --slide` (the picture area holds the SVG's colours). A broken SVG
// is refused with its name and nothing is written.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDoc } from '../../../../src/documents/cli/runDoc';
import { openPptxPackage, readPptx } from '../../../../src/documents/pptx';
import { needs } from '../../../support/needs';
import { countColour, decodePng } from '../../../support/pngDecode';
import { REPO_ROOT } from '../../../support/repoRoot';

const RED: [number, number, number] = [214, 40, 40];
const BLUE: [number, number, number] = [29, 78, 216];
// Left half red, right half blue, a white word across: wide (2:1), so the picture's proportions show too.
const DIAGRAM = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect x="0" y="0" width="200" height="200" fill="#D62828"/><rect x="200" y="0" width="200" height="200" fill="#1D4ED8"/><text x="200" y="115" text-anchor="middle" font-family="Arial, sans-serif" font-size="48" fill="#FFFFFF">SVG</text></svg>`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoc(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function toolsMissing(): string | undefined {
  if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0) return 'soffice is not installed (libreoffice-impress-nogui)';
  if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status !== 0) return 'pdftoppm is not installed (poppler-utils)';
  return undefined;
}

const emu = (xml: string, tag: string, attr: string) => Number(new RegExp(`<a:${tag} [^>]*${attr}="(\\d+)"`).exec(xml)![1]);

describe('documents/pptx SVG pictures get a PNG fallback', function () {
  this.timeout(900_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pptx-svg-'));
  const deck = path.join(dir, 'deck.pptx');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the PNG as the blip and the SVG as its extension (CLI), each part and relationship in place', async () => {
    fs.writeFileSync(path.join(dir, 'diagram.svg'), DIAGRAM);
    fs.copyFileSync(path.join(REPO_ROOT, 'docs/examples/brand-guidelines/assets/northwind-logo.svg'), path.join(dir, 'logo.svg'));
    const spec = { theme: { logo: 'logo.svg' }, slides: [{ type: 'title', title: 'Pictures' }, { type: 'image', title: 'The diagram', image: 'diagram.svg', caption: 'Red and blue' }] };
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    const r = await cli(['new', path.join(dir, 'spec.json'), '-o', deck]);
    assert.equal(r.code, 0, r.err);

    const pkg = openPptxPackage(fs.readFileSync(deck));
    const slide = pkg.bytes('ppt/slides/slide2.xml').toString('utf8');
    const rels = pkg.bytes('ppt/slides/_rels/slide2.xml.rels').toString('utf8');
    const target = (id: string) => new RegExp(`<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="([^"]+)"/>`).exec(rels)?.[1];
    const blips = [...slide.matchAll(/<a:blip r:embed="(rId\d+)"><a:extLst><a:ext uri="\{96DAC541-7B7A-43D3-8B79-37D633B846F1\}"><asvg:svgBlip xmlns:asvg="http:\/\/schemas.microsoft.com\/office\/drawing\/2016\/SVG\/main" r:embed="(rId\d+)"\/><\/a:ext><\/a:extLst><\/a:blip>/g)];
    assert.equal(blips.length, 2, 'the diagram and the logo');
    assert.equal(slide.match(/<a:blip /g)!.length, 2, 'no picture without its fallback');
    const [diagram, logo] = blips.map((m) => ({ png: target(m[1]), svg: target(m[2]) }));
    assert.deepEqual(diagram, { png: '../media/cowork2.png', svg: '../media/cowork2.svg' });
    assert.deepEqual(logo, { png: '../media/cowork1.png', svg: '../media/cowork1.svg' });
    const types = pkg.bytes('[Content_Types].xml').toString('utf8');
    assert.match(types, /<Default Extension="svg" ContentType="image\/svg\+xml"\/>/);
    assert.match(types, /<Default Extension="png" ContentType="image\/png"\/>/);
    // The SVG goes in unchanged; the PNG is a real drawing of it, 2:1, the red left, the blue right.
    assert.equal(pkg.bytes('ppt/media/cowork2.svg').toString('utf8'), DIAGRAM);
    const png = decodePng(pkg.bytes('ppt/media/cowork2.png'));
    assert.deepEqual([png.width, png.height], [1024, 512]);
    const half = { w: png.width / 2, h: png.height };
    assert.ok(countColour(png, RED, { x: 0, y: 0, ...half }, 4) > png.width * png.height * 0.4, 'left half red');
    assert.ok(countColour(png, BLUE, { x: half.w, y: 0, ...half }, 4) > png.width * png.height * 0.4, 'right half blue');
    assert.ok(countColour(png, [255, 255, 255], undefined, 8) > 500, 'the word is drawn with an installed font');
    // The picture keeps the SVG's proportions on the slide.
    const pic = /<p:pic>[\s\S]*?name="Picture"[\s\S]*?<\/p:pic>/.exec(slide)![0];
    assert.ok(Math.abs(emu(pic, 'ext', 'cx') / emu(pic, 'ext', 'cy') - 2) < 0.01);
    // The reader names both.
    const images = readPptx(fs.readFileSync(deck)).slides[1].images;
    assert.deepEqual(images.map((i) => [i.target, i.svg, i.contentType]), [
      ['ppt/media/cowork2.png', 'ppt/media/cowork2.svg', 'image/png'],
      ['ppt/media/cowork1.png', 'ppt/media/cowork1.svg', 'image/png'],
    ]);
  });

  it('LibreOffice draws the picture: the slide thumbnail holds its colours where the picture sits', async function () {
    needs(this, toolsMissing());
    process.env.COWORK_SOFFICE = path.join(REPO_ROOT, 'test/support/sofficeLocked.sh');
    try {
      const out = path.join(dir, 'slide2.png');
      const r = await cli(['thumbnails', deck, '--slide', '2', '-o', out, '--timeout', '1500', '--json']);
      assert.equal(r.code, 0, r.err);
      const img = decodePng(fs.readFileSync(out));
      const pkg = openPptxPackage(fs.readFileSync(deck));
      const slide = pkg.bytes('ppt/slides/slide2.xml').toString('utf8');
      const pic = /<p:pic>[\s\S]*?name="Picture"[\s\S]*?<\/p:pic>/.exec(slide)![0];
      const pres = pkg.bytes('ppt/presentation.xml').toString('utf8');
      const [W, H] = [Number(/<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres)![1]), Number(/<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres)![2])];
      // The picture's box in pixels of the image (the slide fills its width), inset by a tenth.
      const sx = img.width / W;
      const box = { x: emu(pic, 'off', 'x') * sx, y: emu(pic, 'off', 'y') * sx, w: emu(pic, 'ext', 'cx') * sx, h: emu(pic, 'ext', 'cy') * sx };
      assert.ok(box.y + box.h <= H * sx + 1 && H * sx <= img.height + 2, `the slide fits the image (${img.width}x${img.height})`);
      const left = { x: Math.round(box.x + box.w * 0.05), y: Math.round(box.y + box.h * 0.1), w: Math.round(box.w * 0.3), h: Math.round(box.h * 0.8) };
      const right = { ...left, x: Math.round(box.x + box.w * 0.65) };
      const area = left.w * left.h;
      const red = countColour(img, RED, left, 24);
      const blue = countColour(img, BLUE, right, 24);
      assert.ok(red > area * 0.8, `red in the left of the picture: ${red} of ${area}`);
      assert.ok(blue > area * 0.8, `blue in the right of the picture: ${blue} of ${area}`);
    } finally {
      delete process.env.COWORK_SOFFICE;
    }
  });

  it('refuses an SVG it cannot draw, names it, and writes nothing', async () => {
    fs.writeFileSync(path.join(dir, 'broken.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"');
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ slides: [{ type: 'image', image: 'broken.svg' }] }));
    const out = path.join(dir, 'never.pptx');
    const r = await cli(['new', path.join(dir, 'bad.json'), '-o', out]);
    assert.equal(r.code, 1);
    assert.match(r.err, /slides\[0\]\.image: broken\.svg is an SVG that cannot be drawn \(/);
    assert.equal(fs.existsSync(out), false);
  });
});
