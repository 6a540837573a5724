// Rendering documents to images: slide thumbnails and contact sheets.
export { renderThumbnails, type DeckRenderer, type ThumbnailOptions, type ThumbnailResult, type ThumbnailSheet } from './thumbnails';
export { deckSlides, deckOutline, type DeckSlide } from './deckSlides';
export { planSheets, type SheetPlan } from './sheetPlan';
export { composeGrid, type GridTile, type GridLayout } from './grid';
export { encodePng, pngSize } from './png';
export { decodePpm } from './ppm';
export { newRaster, type Raster, type Rgb } from './raster';
export { PDFTOPPM_MISSING, rasterisePages, type PageRaster, type RasterCall } from './pdfPages';
export { renderPdfPage, type PdfPageImage, type PdfPageImageOptions } from './pdfPageImage';
export { drawPointGrid } from './pointGrid';
export { rasterSide, svgToPng, type SvgRaster } from './svgRaster';
