// `cowork doc text FILE [--view inline|accepted|rejected] [--json]`

import { docxText, type TextViewMode } from '../docx';
import { EXIT, json, one, onlyFile, parseFlags, readInput, UsageError, withFile, type DocCommand } from './docCommand';

const VIEWS: TextViewMode[] = ['inline', 'accepted', 'rejected'];

export const textCommand: DocCommand = {
  name: 'text',
  summary: 'the document as text with paragraph anchors, changes and comments',
  usage: 'cowork doc text FILE [--view inline|accepted|rejected] [--json]',
  run(args, io) {
    const flags = parseFlags(args, { values: ['--view'], switches: ['--json'] });
    const file = onlyFile(flags);
    const view = (one(flags, '--view') ?? 'inline') as TextViewMode;
    if (!VIEWS.includes(view)) throw new UsageError(`--view must be one of ${VIEWS.join(', ')}`);
    const data = readInput(file);
    const tv = withFile(file, () => docxText(data, view));
    if (flags.switches.has('--json')) io.out(json({ file, view, paragraphs: tv.paragraphs, text: tv.text }));
    else io.out(tv.text);
    return EXIT.ok;
  },
};
