// One `cowork doc` command name for several formats: `validate`, `edit` and `new` run
// the workbook implementation for .xlsx/.xlsm (and .csv where it applies) and the Word
// one otherwise. The file that decides is FILE (validate, edit) or the -o output (new).

import type { DocCommand } from './docCommand';

export const WORKBOOK_EXT = /\.(xlsx|xlsm|csv|tsv)$/i;

function decidingFile(args: string[], by: 'file' | 'output'): string | undefined {
  if (by === 'output') {
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-o' || args[i] === '--output') return args[i + 1];
      if (args[i].startsWith('--output=')) return args[i].slice(9);
    }
    return undefined;
  }
  return args.find((a) => !a.startsWith('-'));
}

/** A workbook command: which argument's extension selects it over a Word command of the same name. */
export interface WorkbookCommand extends DocCommand {
  workbook: 'file' | 'output';
}

/**
 * The command list with same-named commands joined: a workbook command and a Word
 * command called `edit` become one `edit` that looks at the file's extension. (So the
 * table can list both halves in any order.)
 */
export function combineFormats(list: (DocCommand | WorkbookCommand)[]): DocCommand[] {
  const out: DocCommand[] = [];
  for (const c of list) {
    const i = out.findIndex((o) => o.name === c.name);
    if (i < 0) {
      out.push(c);
      continue;
    }
    const prev = out[i];
    const [wb, base] = 'workbook' in c ? [c, prev] : 'workbook' in prev ? [prev as WorkbookCommand, c] : [undefined, undefined];
    if (!wb || !base) throw new Error(`two cowork doc commands are called ${c.name}`);
    out[i] = byExtension(base, wb, wb.workbook);
  }
  return out;
}

export function byExtension(base: DocCommand, workbook: DocCommand, by: 'file' | 'output'): DocCommand {
  return {
    name: base.name,
    summary: `${base.summary}; for .xlsx: ${workbook.summary}`,
    usage: `${base.usage}\n${workbook.usage}`,
    run(args, io) {
      const f = decidingFile(args, by);
      return f && WORKBOOK_EXT.test(f) ? workbook.run(args, io) : base.run(args, io);
    },
  };
}
