// Rendering documents to images: slide thumbnails and contact sheets, PDF pages. Built on
// the low-level tools in ../raster and on the pdf/ and pptx/ engines.
export { renderThumbnails, type DeckRenderer, type ThumbnailOptions, type ThumbnailResult, type ThumbnailSheet } from './thumbnails';
export { deckSlides, deckOutline, type DeckSlide } from './deckSlides';
export { planSheets, type SheetPlan } from './sheetPlan';
export { renderPdfPage, type PdfPageImage, type PdfPageImageOptions } from './pdfPageImage';
