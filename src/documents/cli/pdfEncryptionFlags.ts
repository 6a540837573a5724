// The output-encryption options every PDF command that writes from an input takes, and the
// line that says what the output got: `--new-password PW`, `--owner-password PW`,
// `--no-encryption`. Without them an encrypted input gives an output encrypted the same way.

import type { EncryptionChoice, OutputEncryption } from '../pdf';
import { one, type parseFlags } from './docCommand';

export const ENCRYPTION_VALUES = ['--new-password', '--owner-password'];
export const ENCRYPTION_SWITCHES = ['--no-encryption'];
export const ENCRYPTION_USAGE = '[--new-password PW | --no-encryption] [--owner-password PW]';

export function encryptionChoice(flags: ReturnType<typeof parseFlags>): EncryptionChoice {
  return { newPassword: one(flags, '--new-password'), ownerPassword: one(flags, '--owner-password'), none: flags.switches.has('--no-encryption') };
}

/** `  encrypted like the input (AES-256; opens with the same password)\n`, or nothing. */
export function encryptionLine(e: OutputEncryption | undefined): string {
  return e ? `  ${e.note}\n` : '';
}
