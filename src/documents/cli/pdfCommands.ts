// Every PDF command of `cowork doc`, in the order the command list shows them.

import type { DocCommand } from './docCommand';
import type { PdfOutputCommand } from './pdfDispatch';
import { pdfFieldsCommand, pdfFillCommand } from './pdfFormCommands';
import { pdfExtractCommand, pdfMergeCommand, pdfNewCommand, pdfReorderCommand, pdfRotateCommand, pdfSplitCommand } from './pdfPageCommands';
import { pdfPlaceCommand } from './pdfPlaceCommand';
import { pdfRenderCommand } from './pdfRenderCommand';
import { pdfTablesCommand } from './pdfTablesCommand';
import { pdfInfoCommand, pdfTextCommand } from './pdfTextCommand';

export const PDF_COMMANDS: (DocCommand | PdfOutputCommand)[] = [
  pdfTextCommand,
  pdfInfoCommand,
  pdfTablesCommand,
  pdfRenderCommand,
  pdfFieldsCommand,
  pdfFillCommand,
  pdfPlaceCommand,
  pdfMergeCommand,
  pdfSplitCommand,
  pdfExtractCommand,
  pdfRotateCommand,
  pdfReorderCommand,
  pdfNewCommand,
];
