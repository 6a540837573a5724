// `cowork doc replace FILE.pptx MAP.json -o OUT [--json]`: text replaced by shape id
// (ids from `cowork doc inventory`), formatting kept, everything else unchanged.

import { DocumentError } from '../ooxml';
import { replaceText } from '../pptx';
import { EXIT, json, one, parseFlags, readInput, readJsonFile, UsageError, withFile, writeOutput, type DocCommand } from './docCommand';

export const pptxReplaceCommand: DocCommand = {
  name: 'replace',
  summary: 'replace the text of slide shapes and table cells by id, keeping their formatting (.pptx)',
  usage:
    'cowork doc replace FILE.pptx MAP.json -o OUT [--json]\n' +
    '  MAP.json: {"s1.sh2": "New title", "s2.sh3": ["First bullet", {"text": "Sub-point", "level": 1}], "s3.sh4.r2c1": "cell", "s4.sh5": null}\n' +
    '  a paragraph as runs, each formatted like the old run in its place (or "like": N):\n' +
    '    {"s2.sh3": [{"runs": [{"text": "Revenue "}, {"text": "up 12%", "bold": true}, {"text": " (source)", "link": "https://example.com"}]}]}\n' +
    '  one paragraph by its id, checked against its current text: {"s2.sh3.p2": {"was": "Goal two", "text": "Hire ten engineers"}} (null removes it)\n' +
    '  or new paragraphs modelled on old ones by their text: {"s2.sh3": [{"was": "Goal one", "text": "..."}, {"was": "Goal two", "text": "..."}]}\n' +
    '  placeholders inside the runs: {"s1.sh2": {"fill": {"{{client}}": "Acme"}}}, or deck-wide (slides, notes, layouts, masters) {"fill": {...}, "replacements": {...}}\n' +
    '  (ids and runs from `cowork doc inventory FILE.pptx --json`; a plain string changes only the words that differ; null empties a shape)',
  run(args, io) {
    const flags = parseFlags(args, { values: ['-o'], switches: ['--json'], aliases: { '--output': '-o' } });
    const [file, mapFile, ...extra] = flags.positional;
    if (!file || !mapFile || extra.length) throw new UsageError('give FILE.pptx and MAP.json');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('give the output file with -o OUT');
    const raw = readJsonFile(mapFile);
    const wrapped = !!raw && typeof raw === 'object' && !Array.isArray(raw) && ('replacements' in raw || 'fill' in raw);
    if (wrapped) {
      const extraKeys = Object.keys(raw as object).filter((k) => k !== 'replacements' && k !== 'fill');
      if (extraKeys.length) throw new DocumentError('INVALID_ARGUMENT', `${mapFile}: next to "replacements" and "fill" there is ${extraKeys.map((k) => `"${k}"`).join(', ')}; put shape ids inside "replacements"`);
    }
    const map = wrapped ? ((raw as { replacements?: unknown }).replacements ?? {}) : raw;
    const fill = wrapped ? (raw as { fill?: Record<string, string> }).fill : undefined;
    if (!map || typeof map !== 'object' || Array.isArray(map)) throw new DocumentError('INVALID_ARGUMENT', `${mapFile}: the map is a JSON object from shape id to text`);
    const data = readInput(file);
    const res = withFile(file, () => replaceText(data, map as Record<string, unknown>, { fill }));
    writeOutput(out, res.data);
    if (flags.switches.has('--json')) io.out(json({ file, output: out, replaced: res.replaced, removed: res.removed, filled: res.filled, touchedParts: res.touchedParts }));
    else {
      const what = [res.replaced.length ? `${res.replaced.length} shape${res.replaced.length === 1 ? '' : 's'} replaced` : '', res.filled.length ? `placeholders filled in ${res.filled.length} shape${res.filled.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
      io.out(`wrote ${out} (${what}; parts rewritten: ${res.touchedParts.join(', ')})\n`);
      if (res.removed.length) io.out(`paragraphs removed: ${res.removed.map((r) => `${r.id} ${JSON.stringify(r.text.length > 60 ? r.text.slice(0, 57) + '...' : r.text)}`).join(', ')}\n`);
    }
    return EXIT.ok;
  },
};
