// `cowork doc validate FILE [--json]`: exit 0 when there are no errors (warnings are
// printed but pass), 1 with findings or when the file cannot be opened at all.

import { validateDocx } from '../docx';
import { EXIT, json, onlyFile, parseFlags, readInput, withFile, type DocCommand } from './docCommand';

export const validateCommand: DocCommand = {
  name: 'validate',
  summary: 'check package structure, relationships, XML, unique ids and paired markers',
  usage: 'cowork doc validate FILE [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const findings = withFile(file, () => validateDocx(data));
    const valid = !findings.some((f) => f.severity === 'error');
    if (flags.switches.has('--json')) io.out(json({ file, valid, findings }));
    else {
      for (const f of findings) {
        const where = f.part && !f.message.startsWith(`${f.part}:`) ? ` (${f.part})` : '';
        io.out(`${file}: ${f.severity} ${f.code}${where}: ${f.message}\n`);
      }
      io.out(valid ? `${file}: valid${findings.length ? ` (${findings.length} warning${findings.length === 1 ? '' : 's'})` : ''}\n` : `${file}: invalid (${findings.filter((f) => f.severity === 'error').length} errors)\n`);
    }
    return valid ? EXIT.ok : EXIT.failed;
  },
};
