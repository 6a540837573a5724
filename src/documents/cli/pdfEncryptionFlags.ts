// The output-encryption options every PDF command that writes from an input takes, and the
// line that says what the output got: `--new-password-file FILE | --new-password PW`,
// `--owner-password-file FILE | --owner-password PW`, `--no-encryption`. Without them an
// encrypted input gives an output encrypted the same way. The file forms keep the password
// out of the process list and the shell's history and read it like `--password-file` does
// (first line, one trailing line break dropped). There is no stdin form: every command that
// writes a PDF already lets `--password-stdin` read standard input for the input's password.

import type { EncryptionChoice, OutputEncryption } from '../pdf';
import { type parseFlags } from './docCommand';
import { passwordOption } from './pdfPasswordFlags';

export const ENCRYPTION_VALUES = ['--new-password', '--new-password-file', '--owner-password', '--owner-password-file'];
export const ENCRYPTION_SWITCHES = ['--no-encryption'];
export const ENCRYPTION_USAGE = '[--new-password-file FILE | --new-password PW | --no-encryption] [--owner-password-file FILE | --owner-password PW]';

export function encryptionChoice(flags: ReturnType<typeof parseFlags>): EncryptionChoice {
  return { newPassword: passwordOption(flags, '--new-password'), ownerPassword: passwordOption(flags, '--owner-password'), none: flags.switches.has('--no-encryption') };
}

/** `  encrypted like the input (AES-256; opens with the same password)\n`, or nothing. */
export function encryptionLine(e: OutputEncryption | undefined): string {
  return e ? `  ${e.note}\n` : '';
}
