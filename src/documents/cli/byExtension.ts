// One `cowork doc` command name for several formats: `text`, `validate`, `edit` and `new`
// run the workbook implementation for .xlsx/.xlsm (and .csv where it applies), the
// presentation one for .pptx/.pptm/.potx, and the Word one otherwise. The file that
// decides is FILE (text, validate, edit) or the -o output (new).

import type { DocCommand } from './docCommand';

export const WORKBOOK_EXT = /\.(xlsx|xlsm|csv|tsv)$/i;
export const PRESENTATION_EXT = /\.(pptx|pptm|potx|ppsx)$/i;

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

/** A presentation command: the same for .pptx. */
export interface PresentationCommand extends DocCommand {
  presentation: 'file' | 'output';
}

interface Variant {
  ext: RegExp;
  by: 'file' | 'output';
  label: string;
  command: DocCommand;
}

function variantOf(c: DocCommand): Variant | undefined {
  if ('workbook' in c) return { ext: WORKBOOK_EXT, by: (c as WorkbookCommand).workbook, label: '.xlsx', command: c };
  if ('presentation' in c) return { ext: PRESENTATION_EXT, by: (c as PresentationCommand).presentation, label: '.pptx', command: c };
  return undefined;
}

/**
 * The command list with same-named commands joined: a Word command and the workbook or
 * presentation commands called `new` become one `new` that looks at the file's
 * extension. (So the table can list the halves in any order.) A format-specific command
 * with no Word counterpart stands alone.
 */
export function combineFormats(list: DocCommand[]): DocCommand[] {
  const groups = new Map<string, { base?: DocCommand; variants: Variant[] }>();
  for (const c of list) {
    const g = groups.get(c.name) ?? { variants: [] };
    groups.set(c.name, g);
    const v = variantOf(c);
    if (v) {
      if (g.variants.some((x) => x.ext === v.ext)) throw new Error(`two cowork doc commands are called ${c.name} for ${v.label}`);
      g.variants.push(v);
    } else {
      if (g.base) throw new Error(`two cowork doc commands are called ${c.name}`);
      g.base = c;
    }
  }
  return [...groups.values()].map((g) => (g.variants.length === 0 ? g.base! : g.variants.length === 1 && !g.base ? g.variants[0].command : byExtension(g.base, g.variants)));
}

function byExtension(base: DocCommand | undefined, variants: Variant[]): DocCommand {
  const first = base ?? variants[0].command;
  const others = base ? variants : variants.slice(1);
  return {
    name: first.name,
    summary: [first.summary, ...others.map((v) => `for ${v.label}: ${v.command.summary}`)].join('; '),
    usage: [first.usage, ...others.map((v) => v.command.usage)].join('\n'),
    run(args, io) {
      for (const v of variants) {
        const f = decidingFile(args, v.by);
        if (f && v.ext.test(f)) return v.command.run(args, io);
      }
      return (base ?? variants[0].command).run(args, io);
    },
  };
}
