// How a deck's thumbnails are split into grid sheets so that each sheet reaches the model
// as rendered: within its image budget (src/shared/imageBudget.ts), which read_file would
// otherwise downscale to. The fewest sheets whose tiles are still at least MIN_TILE pixels
// wide (text stays legible), the slides spread evenly over them, the columns that give the
// widest tiles. Asked-for columns or tile width are kept; the sheets adapt around them.

import { fitsModelImageBudget } from '../../shared/imageBudget';
import { gridSize } from '../raster/grid';

export interface SheetPlan {
  perSheet: number;
  cols: number;
  tileWidth: number;
  sheets: number;
  /** Whether every sheet fits the model's image budget (false only when the asked-for layout cannot). */
  withinBudget: boolean;
}

export interface SheetRequest {
  cols?: number;
  tileWidth?: number;
  /** At most this many tiles per sheet. */
  perSheet?: number;
}

const MIN_TILE = 300;
const MAX_TILE = 480;
const MAX_COLS = 6;

/** A pixel over what pdftoppm makes, so its rounding never tips a sheet over the budget. */
function tileHeight(width: number, aspect: number): number {
  return Math.max(1, Math.ceil(width * aspect) + 1);
}

function fits(count: number, cols: number, width: number, aspect: number): boolean {
  const s = gridSize(count, width, tileHeight(width, aspect), { cols });
  return fitsModelImageBudget(s.width, s.height);
}

/** The widest tile (at most MAX_TILE) with which `count` tiles in `cols` columns fit; 0 if none does. */
function widestTile(count: number, cols: number, aspect: number): number {
  for (let w = MAX_TILE; w >= 16; w -= 4) if (fits(count, cols, w, aspect)) return w;
  return 0;
}

/** `aspect` is the slide's height over its width. */
export function planSheets(count: number, aspect: number, req: SheetRequest = {}): SheetPlan {
  const cap = Math.max(1, Math.min(count, req.perSheet ?? 30));
  for (let sheets = Math.ceil(count / cap); sheets <= count; sheets++) {
    const per = Math.ceil(count / sheets);
    if (Math.ceil(count / per) !== sheets) continue; // the same split as a smaller count of sheets
    const choices = req.cols !== undefined ? [Math.min(req.cols, per)] : Array.from({ length: Math.min(per, MAX_COLS) }, (_, i) => i + 1);
    const fitting = choices
      .map((cols) => ({ cols, width: req.tileWidth ?? widestTile(per, cols, aspect) }))
      .filter((c) => (req.tileWidth !== undefined ? fits(per, c.cols, c.width, aspect) : c.width >= Math.min(MIN_TILE, widestTile(1, 1, aspect))));
    if (fitting.length) {
      // More columns (a sheet shaped like a screen rather than a scroll) when the tiles lose at most 8 %.
      const widest = Math.max(...fitting.map((c) => c.width));
      const best = fitting.filter((c) => c.width >= widest * 0.92).at(-1)!;
      return { perSheet: per, cols: best.cols, tileWidth: best.width, sheets, withinBudget: true };
    }
  }
  // The asked-for layout does not fit even one tile per sheet: keep it, and say so.
  const cols = req.cols ?? Math.min(cap, 5);
  return { perSheet: cap, cols, tileWidth: req.tileWidth ?? MIN_TILE, sheets: Math.ceil(count / cap), withinBudget: false };
}

/** The widest single-slide image (at most 1600 px) that fits the model's image budget. */
export function singleSlideWidth(aspect: number): number {
  let w = 1600;
  while (w > 64 && !fitsModelImageBudget(w, tileHeight(w, aspect))) w -= 2;
  return w;
}
