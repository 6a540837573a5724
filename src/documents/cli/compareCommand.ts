// `cowork doc compare OLD NEW -o OUT [--author NAME] [--date ISO] [--json]`: a redline
// of NEW against OLD (tracked changes that turn OLD into NEW).

import { openDocxPackage } from '../docx';
import { compareDocx } from '../docx/compare';
import { EXIT, json, one, parseFlags, readInput, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';

export const compareCommand: DocCommand = {
  name: 'compare',
  summary: 'redline NEW against OLD: one document whose tracked changes turn OLD into NEW',
  usage: 'cowork doc compare OLD NEW -o OUT [--author NAME] [--date ISO] [--json]',
  run(args, io) {
    const flags = parseFlags(args, { values: ['-o', '--author', '--date'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [oldFile, newFile, ...extra] = flags.positional;
    if (!oldFile || !newFile || extra.length) throw new UsageError('give OLD and NEW');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const date = one(flags, '--date');
    if (date !== undefined && Number.isNaN(Date.parse(date))) throw new UsageError('--date takes an ISO date like 2026-12-01T09:00:00Z');
    const oldData = readInput(oldFile);
    const newData = readInput(newFile);
    // Each file's own problems name that file.
    withFile(oldFile, () => openDocxPackage(oldData));
    const result = withFile(newFile, () => compareDocx(oldData, newData, { author: one(flags, '--author'), date }));
    writeOutput(out, result.bytes);
    const s = result.stats;
    if (flags.switches.has('--json')) io.out(json({ old: oldFile, new: newFile, output: out, stats: s }));
    else io.out(`${s.changed} changed, ${s.inserted} inserted, ${s.deleted} deleted, ${s.equal} unchanged blocks; rows +${s.rowsInserted} -${s.rowsDeleted}; wrote ${out}\n`);
    return EXIT.ok;
  },
};
