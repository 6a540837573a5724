// `cowork doc edit FILE OPS.json -o OUT [--author NAME] [--date ISO] [--json]`
// Applies an ops file (docs/documents.md, "Edit ops") as tracked changes and comments.

import { editDocx } from '../docx/edit/applyEdits';
import { parseEditFile } from '../docx/edit/ops';
import { EXIT, json, one, parseFlags, readInput, readJsonFile, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';

export const editCommand: DocCommand = {
  name: 'edit',
  summary: 'apply edit ops (replace, insert, delete, comment, ...) as tracked changes',
  usage: 'cowork doc edit FILE OPS.json -o OUT [--author NAME] [--date ISO] [--json]\n  OPS.json: {"ops": [{"op": "replace", "at": "p12", "find": "old text", "text": "new text", "comment": "why"}, ...]} ("-" reads stdin)',
  run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--author', '--date'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [file, opsFile, ...extra] = flags.positional;
    if (!file || !opsFile || extra.length) throw new UsageError('give FILE and OPS.json');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const date = one(flags, '--date');
    if (date !== undefined && Number.isNaN(Date.parse(date))) throw new UsageError('--date takes an ISO date like 2026-12-01T09:00:00Z');
    const ops = withFile(opsFile, () => {
      const raw = readJsonFile(opsFile);
      parseEditFile(raw);
      return raw;
    });
    const data = readInput(file);
    const result = withFile(file, () => editDocx(data, ops, { author: one(flags, '--author'), date }));
    writeOutput(out, result.bytes);
    if (flags.switches.has('--json')) io.out(json({ file, output: out, applied: result.applied, touchedParts: result.touchedParts }));
    else {
      for (const a of result.applied) io.out(`ops[${a.index}] ${a.op}${a.at ? ` at ${a.at}` : ''}${a.comment ? ` (comment c${a.comment})` : ''}\n`);
      io.out(`applied ${result.applied.length} op${result.applied.length === 1 ? '' : 's'}; wrote ${out}\n`);
    }
    return EXIT.ok;
  },
};
