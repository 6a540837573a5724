// `cowork doc accept|reject FILE (--all | --id ID... | --author NAME | --kind K... | --range P1..P2) -o OUT [--json]`
// Criteria combine (all given must match); moves are accepted or rejected as a pair.

import { REVISION_KINDS, resolveRevisions, type RevisionKind, type RevisionSelector } from '../docx';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';

function resolveCommand(action: 'accept' | 'reject'): DocCommand {
  return {
    name: action,
    summary: `${action} tracked changes (all, by id, author, kind or paragraph range) into a new file`,
    usage: `cowork doc ${action} FILE (--all | --id ID... | --author NAME | --kind KIND... | --range P1..P2) -o OUT [--json]\n  kinds: ${REVISION_KINDS.join(', ')}`,
    run(args, io) {
      const flags = parseFlags(args, {
        values: ['--id', '--author', '--kind', '--range', '-o'],
        switches: ['--all', '--json'],
        multi: ['--id', '--kind'],
        aliases: { '--output': '-o', '--ids': '--id', '--kinds': '--kind' },
      });
      const file = onlyFile(flags);
      const out = one(flags, '-o');
      if (!out) throw new UsageError('give the output file with -o OUT');
      const selector: RevisionSelector = {};
      if (flags.switches.has('--all')) selector.all = true;
      const ids = (flags.values.get('--id') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
      if (ids.length) selector.ids = ids;
      const author = one(flags, '--author');
      if (author !== undefined) selector.author = author;
      const kinds = (flags.values.get('--kind') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
      for (const k of kinds) if (!REVISION_KINDS.includes(k as RevisionKind)) throw new UsageError(`unknown kind "${k}"; kinds: ${REVISION_KINDS.join(', ')}`);
      if (kinds.length) selector.kinds = kinds as RevisionKind[];
      const range = one(flags, '--range');
      if (range !== undefined) {
        const m = /^([^.]+(?:\.[^.]+)*?)\.\.(.+)$/.exec(range);
        if (!m) throw new UsageError('--range takes FROM..TO paragraph anchors, e.g. p3..p9');
        selector.range = { from: m[1], to: m[2] };
      }
      if (!selector.all && !selector.ids && selector.author === undefined && !selector.kinds && !selector.range) {
        throw new UsageError('say which changes: --all, --id, --author, --kind or --range');
      }
      const data = readInput(file);
      const result = withFile(file, () => resolveRevisions(data, action, selector));
      writeOutput(out, result.data);
      if (flags.switches.has('--json')) io.out(json({ file, output: out, action, resolved: result.resolved }));
      else {
        const n = result.resolved.length;
        const shown = result.resolved.slice(0, 12).map((i) => `#${i}`).join(' ') + (n > 12 ? ` and ${n - 12} more` : '');
        io.out(`${action === 'accept' ? 'accepted' : 'rejected'} ${n} change${n === 1 ? '' : 's'}${n ? ` (${shown})` : ''}; wrote ${out}\n`);
      }
      return EXIT.ok;
    },
  };
}

export const acceptCommand = resolveCommand('accept');
export const rejectCommand = resolveCommand('reject');
