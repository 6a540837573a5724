// `cowork doc place FILE.pdf TEXTS.json -o OUT.pdf`: writes text onto pages at positions
// (points from the top-left, y at the baseline), for forms that have no fields. Every
// entry is checked first; nothing is written when one does not fit.

import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { placeText } from '../pdf/onDemand';
import { EXIT, json, one, parseFlags, readInput, UsageError, withFileAsync, writeOutput, type DocCommand } from './docCommand';
import { ENCRYPTION_SWITCHES, ENCRYPTION_USAGE, ENCRYPTION_VALUES, encryptionChoice, encryptionLine } from './pdfEncryptionFlags';
import { inputPassword, PASSWORD_SWITCHES, PASSWORD_USAGE, PASSWORD_VALUES } from './pdfPasswordFlags';

export const pdfPlaceCommand: DocCommand = {
  name: 'place',
  summary: 'write text onto PDF pages at positions in points (forms without fields)',
  usage: `cowork doc place FILE.pdf TEXTS.json -o OUT.pdf ${PASSWORD_USAGE} ${ENCRYPTION_USAGE} [--json]\n  TEXTS.json: [{"page": 1, "x": 150, "y": 212, "text": "Ana Pérez", "size": 10, "maxWidth"?: 180, "font"?: "helvetica|helvetica-bold|times|courier|sans|sans-bold|serif|mono|cjk|FONT.ttf", "color"?: "#rrggbb"}]\n  font: left out, Helvetica, or an embedded font when the text is not Latin (Greek, Cyrillic: Liberation Sans; CJK: Droid Sans Fallback); a font file is relative to TEXTS.json\n  x, y: points from the top-left of the page as shown, y at the baseline (as doc text --positions and doc render --grid show them)`,
  async run(args, io) {
    const flags = parseFlags(args, { values: ['-o', ...PASSWORD_VALUES, ...ENCRYPTION_VALUES], switches: [...PASSWORD_SWITCHES, '--json', ...ENCRYPTION_SWITCHES], aliases: { '--output': '-o' } });
    const [file, textsFile, ...extra] = flags.positional;
    if (!file || !textsFile || extra.length) throw new UsageError('give FILE.pdf and TEXTS.json');
    const out = one(flags, '-o');
    if (!out) throw new UsageError('-o OUT.pdf is required');
    const pdf = readInput(file);
    const source = readInput(textsFile).toString('utf8');
    let entries: unknown;
    try {
      entries = JSON.parse(source);
    } catch (err) {
      throw new DocumentError('INVALID_ARGUMENT', `${textsFile}: not valid JSON (${(err as Error).message})`);
    }
    const r = await withFileAsync(file, () => placeText(pdf, entries, { password: inputPassword(flags), encryption: encryptionChoice(flags), readFile: (name) => readInput(path.resolve(path.dirname(path.resolve(textsFile)), name)) }));
    writeOutput(out, r.data);
    if (flags.switches.has('--json')) io.out(json({ file, output: out, placed: r.placed, encryption: r.encryption }));
    else io.out(`${out}: ${r.placed.length} text${r.placed.length === 1 ? '' : 's'} placed on page${new Set(r.placed.map((p) => p.page)).size === 1 ? '' : 's'} ${[...new Set(r.placed.map((p) => p.page))].join(', ')}\n${encryptionLine(r.encryption)}`);
    return EXIT.ok;
  },
};
