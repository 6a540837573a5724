// The PDF engine: text (reading order or layout), forms, pages and tables.
// Reading is pdf.js; writing (forms, pages, new files) is pdf-lib (the maintained fork).

export { pdfText, pdfInfo, formatPdfText, selectPages, type PdfText, type PdfPageText, type PositionedLine, type PdfMetadata, type PdfTextOptions } from './pdfText';
export { parsePageRange, parsePageGroups } from './pageRange';
export { PDF_LIMITS, type PdfLimits } from './pdfLimits';
export { looksLikePdf } from './pdfjs';
export { pdfFields, listFields, type PdfField, type PdfFieldType, type PdfWidget } from './formFields';
export { fillPdf, fillDocument, type FillData, type FillValue, type FillOptions, type FillResult } from './formFill';
export { batchFill, csvFillRows, type BatchRow, type BatchOptions, type BatchOutput } from './formBatch';
export { mergePdfs, splitPdf, extractPages, reorderPages, rotatePages, type PdfInput, type PagesResult, type SplitPart } from './pdfPages';
export type { PdfWriteOptions } from './pdfLib';
export { encryptionOf, type EncryptionChoice, type OutputEncryption, type InputEncryption, type PdfPermissions } from './pdfEncryption';
export type { RenamedField } from './formCarry';
export { createPdf, type PdfSpec, type PdfBlock } from './createPdf';
export { pdfTables, findTables, type PdfTable } from './pdfTables';
export { pdfPageSizes, type PdfPageSize } from './pageSizes';
export { placeText, toPageSpace, type PlacedText, type PlaceResult, type PlaceOptions } from './placeText';
export { FONT_NAMES, type PlaceFont } from './placeFonts';
