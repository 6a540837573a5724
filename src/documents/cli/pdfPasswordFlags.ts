// The password that opens an encrypted input PDF, for every `cowork doc` command that reads
// one: `--password PW` (simple, but the password stays in the shell's history and in the
// process list), `--password-file FILE` (the file's first line) or `--password-stdin`
// (standard input, as `printf %s "$PW" | cowork doc text locked.pdf --password-stdin`).
// One trailing line break is dropped; every other character, spaces included, counts.
// The output's `--new-password-file` and `--owner-password-file` (pdfEncryptionFlags.ts) are
// read here too, by the same rules.

import * as fs from 'node:fs';
import { DocumentError } from '../ooxml';
import { one, UsageError, type parseFlags } from './docCommand';

export const PASSWORD_VALUES = ['--password', '--password-file'];
export const PASSWORD_SWITCHES = ['--password-stdin'];
export const PASSWORD_USAGE = '[--password PW | --password-file FILE | --password-stdin]';

/** The text up to its first line break (a file or pipe ends with one); '' when there is none. */
function firstLine(text: string): string {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
}

/**
 * The password on the first line of `file`, for the option `flag` (`--password-file`,
 * `--new-password-file`, `--owner-password-file`): one trailing line break is dropped, an
 * empty first line or an unreadable file is an error naming the option and the file.
 */
export function passwordFromFile(flag: string, file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocumentError('NOT_FOUND', `${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
  const pw = firstLine(text);
  if (!pw) throw new DocumentError('INVALID_ARGUMENT', `${flag} ${file}: the file's first line is empty; put the password on it`);
  return pw;
}

/**
 * The one value given for a password either as `--X PW` or as `--X-file FILE`, or undefined;
 * both at once is a usage error.
 */
export function passwordOption(flags: ReturnType<typeof parseFlags>, flag: string): string | undefined {
  const given = one(flags, flag);
  const file = one(flags, `${flag}-file`);
  if (given !== undefined && file !== undefined) throw new UsageError(`give ${flag} one way: ${flag}-file FILE or ${flag} PW`);
  return file !== undefined ? passwordFromFile(`${flag}-file`, file) : given;
}

/**
 * The input PDF's password: `--password`, `--password-file` or `--password-stdin`, or
 * undefined. More than one of them is a usage error naming all three ways (so the pair
 * `--password` with `--password-file` gets this message too, not passwordOption's).
 */
export function inputPassword(flags: ReturnType<typeof parseFlags>): string | undefined {
  const stdin = flags.switches.has('--password-stdin');
  const ways = PASSWORD_VALUES.filter((flag) => one(flags, flag) !== undefined).length + (stdin ? 1 : 0);
  if (ways > 1) throw new UsageError('give the password one way: --password, --password-file or --password-stdin');
  if (!stdin) return passwordOption(flags, '--password');
  if (flags.positional.includes('-')) throw new UsageError('--password-stdin reads standard input, so no other input can be "-"');
  const pw = firstLine(fs.readFileSync(0, 'utf8'));
  if (!pw) throw new DocumentError('INVALID_ARGUMENT', '--password-stdin: standard input gave no password (pipe it in: printf %s "$PW" | cowork doc … --password-stdin)');
  return pw;
}
