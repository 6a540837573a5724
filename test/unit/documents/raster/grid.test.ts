// The pure parts of the thumbnail renderer: PPM in, grid laid out with labels, PNG out.

import * as assert from 'node:assert/strict';
import { composeGrid, decodePpm, encodePng, newRaster, pngSize, type Raster } from '../../../../src/documents/raster';
import { DocumentError } from '../../../../src/documents/ooxml';
import { countColour, decodePng } from '../../../support/pngDecode';

function solid(w: number, h: number, r: number, g: number, b: number): Raster {
  return newRaster(w, h, { r, g, b });
}

describe('documents/raster: PPM, PNG and the thumbnail grid', () => {
  it('reads a binary PPM with a comment and rejects truncated or foreign data', () => {
    const body = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]);
    const img = decodePpm(Buffer.concat([Buffer.from('P6\n# made by hand\n2 2\n255\n'), body]));
    assert.equal(img.width, 2);
    assert.equal(img.height, 2);
    assert.deepEqual([...img.pixels], [...body]);
    assert.throws(() => decodePpm(Buffer.concat([Buffer.from('P6 2 2 255\n'), body.subarray(0, 5)])), (e: unknown) => e instanceof DocumentError && e.code === 'TRUNCATED');
    assert.throws(() => decodePpm(Buffer.from('\x89PNG....')), (e: unknown) => e instanceof DocumentError && e.code === 'CORRUPT');
  });

  it('writes a PNG whose pixels read back exactly', () => {
    const img = solid(7, 5, 10, 20, 30);
    img.pixels.set([200, 100, 50], (2 * 7 + 3) * 3);
    const png = encodePng(img);
    assert.deepEqual(pngSize(png), { width: 7, height: 5 });
    const back = decodePng(png);
    assert.deepEqual([...back.rgb], [...img.pixels]);
  });

  it('lays tiles out in columns with a number on each and marks hidden slides', () => {
    const tiles = [1, 2, 3, 4, 5].map((n) => ({ number: n, hidden: n === 4, image: solid(100, 60, 0, 90, 200) }));
    const sheet = composeGrid(tiles, { cols: 3, gap: 10, scale: 2 });
    // 3 columns of (100 + 2 border) with 10 px gaps; 2 rows of (band 24 + 62 + gap).
    assert.equal(sheet.width, 10 + 3 * (102 + 10));
    assert.equal(sheet.height, 10 + 2 * (24 + 62 + 10));
    const png = decodePng(encodePng(sheet));
    const cell = (i: number) => ({ x: 10 + (i % 3) * 112, y: 10 + Math.floor(i / 3) * 96 });
    for (let i = 0; i < 5; i++) {
      const { x, y } = cell(i);
      const band = { x, y, w: 102, h: 24 };
      const ink = countColour(png, [32, 32, 32], band, 4);
      const red = countColour(png, [178, 34, 34], band, 4);
      if (i === 3) {
        assert.equal(ink, 0, 'the hidden slide is labelled in red');
        assert.ok(red > 100, `slide 4's label says "4 HIDDEN" (${red} red pixels)`);
        const tile = { x: x + 4, y: y + 24 + 4, w: 94, h: 54 };
        assert.ok(countColour(png, [0, 90, 200], tile, 4) === 0, 'the hidden tile is washed out');
        assert.ok(countColour(png, [178, 34, 34], { x, y: y + 24, w: 102, h: 62 }, 4) > 300, 'and framed in red');
      } else {
        assert.equal(red, 0);
        assert.ok(ink > 20, `slide ${i + 1} has its number (${ink} ink pixels)`);
        assert.equal(countColour(png, [0, 90, 200], { x: x + 1, y: y + 25, w: 100, h: 60 }, 0), 6000, 'the slide image is copied unchanged');
      }
    }
    // The digit drawn for slide 1 differs from the one for slide 2.
    const band = (i: number) => [...Array(14).keys()].map((dy) => countColour(png, [32, 32, 32], { x: cell(i).x, y: cell(i).y + 2 + dy, w: 12, h: 1 }, 4)).join(',');
    assert.notEqual(band(0), band(1));
    // The sixth cell stays empty background.
    assert.equal(countColour(png, [236, 236, 236], { x: cell(5).x, y: cell(5).y, w: 102, h: 86 }, 0), 102 * 86);
  });

  it('refuses an empty tile list', () => {
    assert.throws(() => composeGrid([], { cols: 3 }), /no slides/);
  });
});
