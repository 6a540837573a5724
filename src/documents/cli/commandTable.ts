// The one table of `cowork doc` subcommands. Add a command by adding a file that
// exports a DocCommand and one line here.

import { combineFormats } from './byExtension';
import { changesCommand } from './changesCommand';
import { commentsCommand } from './commentsCommand';
import { compareCommand } from './compareCommand';
import { convertCommand } from './convertCommand';
import type { DocCommand } from './docCommand';
import { editCommand } from './editCommand';
import { newCommand } from './newCommand';
import { PDF_COMMANDS } from './pdfCommands';
import { withPdfCommands } from './pdfDispatch';
import { pptxNewCommand, pptxValidateCommand } from './pptxCreateCommands';
import { pptxInventoryCommand, pptxTextCommand } from './pptxReadCommands';
import { pptxReplaceCommand } from './pptxReplaceCommand';
import { pptxSlidesCommand } from './pptxSlidesCommand';
import { recalcCommand } from './recalcCommand';
import { acceptCommand, rejectCommand } from './resolveCommand';
import { showCommand } from './showCommand';
import { textCommand } from './textCommand';
import { thumbnailsCommand } from './thumbnailsCommand';
import { validateCommand } from './validateCommand';
import { xlsxEditCommand, xlsxNewCommand, xlsxValidateCommand } from './workbookCommands';

// Same-named Word, workbook and presentation commands are joined into one that looks at the file's
// extension (byExtension.ts).
// PDF commands join last: same-named ones look for a .pdf argument (pdfDispatch.ts).
export const DOC_COMMANDS: readonly DocCommand[] = withPdfCommands(combineFormats([
  textCommand,
  changesCommand,
  commentsCommand,
  acceptCommand,
  rejectCommand,
  validateCommand,
  editCommand,
  compareCommand,
  newCommand,
  // Workbooks (.xlsx, .xlsm, .csv)
  showCommand,
  recalcCommand,
  convertCommand,
  xlsxValidateCommand,
  xlsxEditCommand,
  xlsxNewCommand,
  // Presentations (.pptx)
  pptxTextCommand,
  pptxInventoryCommand,
  pptxReplaceCommand,
  pptxSlidesCommand,
  pptxNewCommand,
  pptxValidateCommand,
  thumbnailsCommand,
]), PDF_COMMANDS);
