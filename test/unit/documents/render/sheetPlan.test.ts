// Grid sheets sized for the model: every sheet of every plan fits the image budget that
// read_file would otherwise shrink to, tiles stay legible, asked-for layouts are kept.

import * as assert from 'node:assert/strict';
import { gridSize } from '../../../../src/documents/raster/grid';
import { planSheets, singleSlideWidth } from '../../../../src/documents/render/sheetPlan';
import { fitsModelImageBudget, MODEL_IMAGE_BUDGET } from '../../../../src/shared/imageBudget';

function sheet(perSheet: number, cols: number, tileWidth: number, aspect: number) {
  return gridSize(perSheet, tileWidth, Math.round(tileWidth * aspect), { cols });
}

describe('documents/render sheetPlan', () => {
  it('splits any deck into sheets that fit the model image budget, tiles at least 300 px wide', () => {
    for (const aspect of [0.5625, 0.625, 0.75, 1.294]) {
      for (let count = 1; count <= 120; count++) {
        const p = planSheets(count, aspect);
        assert.ok(p.withinBudget, `${count} slides at ${aspect}`);
        assert.ok(p.perSheet * p.sheets >= count && p.perSheet * (p.sheets - 1) < count, `${count}: ${JSON.stringify(p)}`);
        const s = sheet(p.perSheet, p.cols, p.tileWidth, aspect);
        assert.ok(fitsModelImageBudget(s.width, s.height), `${count} slides at ${aspect}: ${s.width}x${s.height}`);
        assert.ok(p.tileWidth >= 300, `${count} slides at ${aspect}: tiles ${p.tileWidth} px`);
      }
    }
    // The 30-slide 16:9 deck: two sheets of 15, not one shrunk sheet.
    assert.deepEqual(planSheets(30, 0.5625), { perSheet: 15, cols: 4, tileWidth: 300, sheets: 2, withinBudget: true });
    assert.deepEqual(planSheets(6, 0.5625), { perSheet: 6, cols: 3, tileWidth: 480, sheets: 1, withinBudget: true });
  });

  it('keeps asked-for columns or tile width and says when they cannot fit', () => {
    const two = planSheets(30, 0.5625, { cols: 2 });
    assert.equal(two.cols, 2);
    assert.ok(fitsModelImageBudget(...(Object.values(sheet(two.perSheet, 2, two.tileWidth, 0.5625)) as [number, number])));
    const wide = planSheets(30, 0.5625, { tileWidth: 700 });
    assert.equal(wide.tileWidth, 700);
    assert.ok(wide.withinBudget && wide.sheets > 2);
    const huge = planSheets(30, 0.5625, { tileWidth: 2000 });
    assert.equal(huge.withinBudget, false);
    assert.equal(planSheets(10, 0.5625, { perSheet: 4 }).perSheet <= 4, true);
  });

  it('sizes a single slide to the widest image within the budget', () => {
    const w = singleSlideWidth(0.5625);
    assert.ok(fitsModelImageBudget(w, Math.round(w * 0.5625)));
    assert.ok(!fitsModelImageBudget(w + 8, Math.round((w + 8) * 0.5625)));
    assert.ok(w <= MODEL_IMAGE_BUDGET.maxLongSide);
  });
});
