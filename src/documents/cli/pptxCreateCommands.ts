// The presentation halves of `new` and `validate` (byExtension.ts picks them for .pptx):
// a deck from a JSON spec, validated before it is written, and the deck checks.

import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { createPptx, validatePptx } from '../pptx';
import type { PresentationCommand } from './byExtension';
import { EXIT, json, onlyFile, parseFlags, readInput, readJsonFile, specAndOutput, withFile, writeOutput } from './docCommand';
import { reportFindings } from './findingsReport';

export const pptxNewCommand: PresentationCommand = {
  name: 'new',
  presentation: 'output',
  summary: 'a deck from a JSON spec (title, section, bullets, two columns, image, table, chart, quote, notes, theme or template)',
  usage:
    'cowork doc new SPEC.json -o OUT.pptx [--json]\n' +
    '  SPEC.json: {"template"?: "brand.pptx", "size"?: "16:9", "theme"?: {"colors", "fonts", "logo"}, "slides": [{"type": "title", "title": "...", "notes": "..."}, {"type": "bullets", "title", "bullets": ["...", {"text", "level": 1}]}, ...]}',
  async run(args, io) {
    const { flags, specFile, out } = specAndOutput(args, 'OUT.pptx');
    const spec = readJsonFile(specFile);
    const baseDir = specFile === '-' ? process.cwd() : path.dirname(path.resolve(specFile));
    const data = await createPptx(spec, { baseDir }).catch((err: unknown) =>
      withFile(specFile, () => {
        throw err;
      }),
    );
    const errors = validatePptx(data).filter((f) => f.severity === 'error');
    if (errors.length) throw new DocumentError('CORRUPT', `${specFile}: the generated deck does not validate: ${errors.map((e) => e.message).join('; ')}`);
    writeOutput(out, data);
    const slides = (spec as { slides: unknown[] }).slides.length;
    if (flags.switches.has('--json')) io.out(json({ spec: specFile, output: out, bytes: data.length, slides }));
    else io.out(`wrote ${out} (${slides} slide${slides === 1 ? '' : 's'}, ${data.length} bytes); look at it with \`cowork doc thumbnails ${out} -o ~/grid.png\`\n`);
    return EXIT.ok;
  },
};

export const pptxValidateCommand: PresentationCommand = {
  name: 'validate',
  presentation: 'file',
  summary: 'check the deck: parts, relationships, slide list, layouts, shape ids',
  usage: 'cowork doc validate FILE.pptx [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const findings = withFile(file, () => validatePptx(data));
    return reportFindings(io, file, findings, { asJson: flags.switches.has('--json') });
  },
};
