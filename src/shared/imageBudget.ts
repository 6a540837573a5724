// The largest image the model takes without downscaling it: long side 1568 px and about
// 1.15 megapixels (https://docs.claude.com/en/docs/vision). read_file shrinks anything
// larger to fit; the deck thumbnails size their grids so they arrive as rendered.

export const MODEL_IMAGE_BUDGET = { maxLongSide: 1568, maxPixels: 1_150_000 } as const;

export function fitsModelImageBudget(width: number, height: number): boolean {
  return Math.max(width, height) <= MODEL_IMAGE_BUDGET.maxLongSide && width * height <= MODEL_IMAGE_BUDGET.maxPixels;
}
