// The PowerPoint engine's API (docs/documents.md, "Presentations").
export type { Box, PptxDeck, PptxImage, PptxLayout, PptxParagraph, PptxRun, PptxShape, PptxSlide, PptxTable, PptxTableCell, Placeholder, ShapeKind } from './model';
export { openPptxPackage, findDeckParts, EXPECTED as PPTX_EXPECTED } from './parts';
export { readPptx, readPptxPackage, readNotes } from './readPptx';
export { deckText, deckTextJson, slideText, slideHeading } from './textView';
export { inventoryJson, inventoryText } from './inventory';
export { replaceText, type ParagraphSpec, type Replacement, type ReplaceOptions, type ReplaceResult, type RunSpec } from './replaceText';
export { editSlides, parseSlideOps, type SlideOp, type SlideOpsResult } from './slideOps';
export { createPptx, type CreateOptions } from './createDeck';
export { checkDeckSpec, type DeckSpec, type SlideSpec as DeckSlideSpec, type ThemeSpec, type ChartData } from './createSpec';
export { validatePptx, type PptxFinding } from './validate';
