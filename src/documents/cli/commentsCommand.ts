// `cowork doc comments FILE [--json]`

import { listComments, type Comment } from '../docx';
import { EXIT, json, onlyFile, parseFlags, readInput, withFile, type DocCommand } from './docCommand';

export const commentsCommand: DocCommand = {
  name: 'comments',
  summary: 'list the comments with the text they cover, replies and resolved state',
  usage: 'cowork doc comments FILE [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const comments = withFile(file, () => listComments(data));
    if (flags.switches.has('--json')) {
      io.out(json({ file, comments }));
      return EXIT.ok;
    }
    if (!comments.length) io.out(`${file}: no comments\n`);
    const replies = new Map<string, Comment[]>();
    for (const c of comments) if (c.parentId !== undefined) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
    const print = (c: Comment, depth: number) => {
      const pad = '  '.repeat(depth);
      const head = `${pad}[c${c.id}] ${c.author || '(no author)'}${c.date ? ` ${c.date}` : ''}${c.resolved ? ' (resolved)' : ''}`;
      const where = depth === 0 ? ` on ${c.location?.paragraph ?? '?'}: ${JSON.stringify(c.coveredText)}` : ' reply';
      io.out(`${head}${where}\n${pad}  ${c.text.replace(/\n/g, `\n${pad}  `)}\n`);
      for (const r of replies.get(c.id) ?? []) if (depth < 20) print(r, depth + 1);
    };
    for (const c of comments) if (c.parentId === undefined || !comments.some((p) => p.id === c.parentId)) print(c, 0);
    return EXIT.ok;
  },
};
