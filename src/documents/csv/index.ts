// CSV and TSV: decoding, parsing, typed tables, writing, and conversion to a workbook.
export { decodeCsv, type DecodedText } from './csvDecode';
export { parseCsv, guessDelimiter, writeCsv, type ParsedCsv } from './csvParse';
export { csvTable, csvWorkbookSpec, type CsvTable } from './csvTable';
