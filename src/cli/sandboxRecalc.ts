// `cowork doc recalc` on the host runs LibreOffice Calc inside the sandbox guest, as the
// agent's recalc does, never the host's own LibreOffice (src/cli/sandboxDoc.ts says why
// and how). The guest's bundled engine recalculates a copy (`cowork-doc.js recalc`), and
// its output is read back. The report and the write of -o stay with the host's recalcXlsx
// (src/documents/xlsx/recalc/recalc.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError, type DocumentErrorCode } from '../documents/ooxml';
import type { CalcEngine } from '../documents/xlsx';
import { guestFailure, guestReport, runDocInSandbox } from './sandboxDoc';

interface GuestReport {
  error?: { code?: string; message: string };
  ms?: number;
}

/** A CalcEngine that recalculates in a sandbox guest; `log` gets driver notes (a VM that fell back). */
export function sandboxCalcEngine(log: (line: string) => void = () => undefined): CalcEngine {
  return async (input, ext, opts) => {
    const t0 = Date.now();
    const name = `book.${ext}`;
    const out = `recalculated.${ext}`;
    const timeoutMs = opts.timeoutMs ?? 180_000;
    return runDocInSandbox({
      purpose: 'recalc runs LibreOffice Calc',
      inputName: name,
      input,
      args: ['recalc', name, '-o', out, '--json', '--timeout', String(Math.ceil(timeoutMs / 1000))],
      timeoutMs: timeoutMs + 60_000,
      log,
      read: (run) => {
        const report = guestReport<GuestReport>(run.stdout);
        if (report?.error) throw new DocumentError(errorCode(report.error.code), report.error.message.replace(`${name}: `, ''));
        // 0: no problems; 1: error values found (the host's report lists them from the bytes).
        if ((run.exitCode !== 0 && run.exitCode !== 1) || !report) throw new DocumentError('CORRUPT', `the sandbox's recalculation failed: ${guestFailure(run)}`);
        const result = path.join(run.folder, out);
        if (!fs.existsSync(result)) throw new DocumentError('CORRUPT', `the sandbox's recalculation wrote no ${out}`);
        return { bytes: fs.readFileSync(result), ms: Date.now() - t0, where: run.ranIn };
      },
    });
  };
}

const CODES: readonly string[] = ['NOT_FOUND', 'NOT_A_PACKAGE', 'PASSWORD_PROTECTED', 'LEGACY_FORMAT', 'TRUNCATED', 'CORRUPT', 'UNSUPPORTED', 'LIMIT_EXCEEDED', 'UNSAFE_NAME', 'DUPLICATE_ENTRY', 'XML_MALFORMED', 'XML_FORBIDDEN', 'MISSING_PART', 'INVALID_ARGUMENT'];

export function errorCode(code: string | undefined): DocumentErrorCode {
  return code && CODES.includes(code) ? (code as DocumentErrorCode) : 'CORRUPT';
}
