// How every `cowork doc validate` reports: one line per finding and a verdict, or the
// findings as JSON; exit 0 when nothing is an error (warnings pass), 1 otherwise.

import { EXIT, json, type DocIo } from './docCommand';

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  part?: string;
}

export interface FindingsFormat {
  asJson: boolean;
  /** Leave out the `(part)` where the message already starts with `part:` (the Word checks write such messages). */
  skipPartInMessage?: boolean;
}

export function reportFindings(io: DocIo, file: string, findings: readonly Finding[], format: FindingsFormat): number {
  const valid = !findings.some((f) => f.severity === 'error');
  if (format.asJson) io.out(json({ file, valid, findings }));
  else {
    for (const f of findings) {
      const where = f.part && !(format.skipPartInMessage && f.message.startsWith(`${f.part}:`)) ? ` (${f.part})` : '';
      io.out(`${file}: ${f.severity} ${f.code}${where}: ${f.message}\n`);
    }
    io.out(valid ? `${file}: valid${findings.length ? ` (${findings.length} warning${findings.length === 1 ? '' : 's'})` : ''}\n` : `${file}: invalid (${findings.filter((f) => f.severity === 'error').length} errors)\n`);
  }
  return valid ? EXIT.ok : EXIT.failed;
}
