// `cowork doc changes FILE [--json]`

import { listRevisions, type Revision } from '../docx';
import { EXIT, json, onlyFile, parseFlags, readInput, withFile, type DocCommand } from './docCommand';

export const changesCommand: DocCommand = {
  name: 'changes',
  summary: 'list the tracked changes (id, kind, author, date, where, text)',
  usage: 'cowork doc changes FILE [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const changes = withFile(file, () => listRevisions(data));
    if (flags.switches.has('--json')) {
      io.out(json({ file, changes }));
      return EXIT.ok;
    }
    if (!changes.length) io.out(`${file}: no tracked changes\n`);
    for (const r of changes) io.out(formatChange(r) + '\n');
    return EXIT.ok;
  },
};

export function formatChange(r: Revision): string {
  const where = [r.location.story !== 'body' ? r.location.story : '', r.location.paragraph ?? '', r.location.table ? `${r.location.table} row ${(r.location.row ?? 0) + 1}` : '']
    .filter(Boolean)
    .join(' ');
  const text = r.text.length > 80 ? `${r.text.slice(0, 77)}...` : r.text;
  const pair = r.movePair ? ` (pairs with #${r.movePair})` : '';
  return `#${r.id}\t${r.kind}\t${r.author || '(no author)'}\t${r.date ?? ''}\t${where}\t${JSON.stringify(text)}${pair}`;
}
