// The one table of `cowork doc` subcommands. Add a command by adding a file that
// exports a DocCommand and one line here.

import { changesCommand } from './changesCommand';
import { commentsCommand } from './commentsCommand';
import { compareCommand } from './compareCommand';
import type { DocCommand } from './docCommand';
import { editCommand } from './editCommand';
import { newCommand } from './newCommand';
import { acceptCommand, rejectCommand } from './resolveCommand';
import { textCommand } from './textCommand';
import { validateCommand } from './validateCommand';

export const DOC_COMMANDS: readonly DocCommand[] = [
  textCommand,
  changesCommand,
  commentsCommand,
  acceptCommand,
  rejectCommand,
  validateCommand,
  editCommand,
  compareCommand,
  newCommand,
];
