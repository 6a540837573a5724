// `cowork doc validate FILE [--json]`: exit 0 when there are no errors (warnings are
// printed but pass), 1 with findings or when the file cannot be opened at all.

import { validateDocx } from '../docx';
import { onlyFile, parseFlags, readInput, withFile, type DocCommand } from './docCommand';
import { reportFindings } from './findingsReport';

export const validateCommand: DocCommand = {
  name: 'validate',
  summary: 'check package structure, relationships, XML, unique ids and paired markers',
  usage: 'cowork doc validate FILE [--json]',
  run(args, io) {
    const flags = parseFlags(args, { switches: ['--json'] });
    const file = onlyFile(flags);
    const data = readInput(file);
    const findings = withFile(file, () => validateDocx(data));
    return reportFindings(io, file, findings, { asJson: flags.switches.has('--json'), skipPartInMessage: true });
  },
};
