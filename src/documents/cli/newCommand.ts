// `cowork doc new SPEC.json -o OUT [--json]`: a new document from a JSON spec
// (docs/documents.md, "Create"); images and the template are found relative to the spec.

import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { createDocx } from '../docx/create';
import { SpecError } from '../docx/createSpec';
import { validateDocx } from '../docx';
import { EXIT, json, readJsonFile, specAndOutput, withFile, writeOutput, type DocCommand } from './docCommand';

export const newCommand: DocCommand = {
  name: 'new',
  summary: 'create a document from a JSON spec (headings, lists, tables, images, styles)',
  usage: 'cowork doc new SPEC.json -o OUT [--json]\n  SPEC.json: {"page": {...}, "styles": {...}, "header": ..., "footer": ..., "body": [{"type": "heading", "level": 1, "text": "..."}, ...]} ("-" reads stdin)',
  run(args, io) {
    const { flags, specFile, out } = specAndOutput(args, 'OUT');
    const spec = readJsonFile(specFile);
    const data = withFile(specFile, () => {
      try {
        return createDocx(spec, { baseDir: specFile === '-' ? process.cwd() : path.dirname(path.resolve(specFile)) });
      } catch (err) {
        if (err instanceof SpecError) throw new DocumentError('INVALID_ARGUMENT', err.message);
        throw err;
      }
    });
    // What this engine writes must pass its own validation.
    const errors = validateDocx(data).filter((f) => f.severity === 'error');
    if (errors.length) throw new DocumentError('CORRUPT', `${specFile}: the generated document does not validate: ${errors.map((e) => e.message).join('; ')}`);
    writeOutput(out, data);
    if (flags.switches.has('--json')) io.out(json({ spec: specFile, output: out, bytes: data.length }));
    else io.out(`wrote ${out} (${data.length} bytes)\n`);
    return EXIT.ok;
  },
};
