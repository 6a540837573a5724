// Encrypted in, encrypted out. pdf-lib decrypts a file as it loads it and would save the
// result in the clear, so a filled, merged, split or placed copy of a protected PDF would
// lose its protection without a word. Here the encryption an input was opened with is
// remembered (cipher, permissions, the password that opened it), and an output is
// encrypted the same way unless the caller asks for a new password or for none; the
// report says which, in words a person can act on.

import { randomBytes } from 'node:crypto';
import { PDFDict, PDFName, PDFNumber, type PDFDocument } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';

type Algorithm = 'AES-256' | 'AES-128' | 'RC4-128' | 'RC4-40';
type Printing = boolean | 'lowResolution' | 'highResolution';

export interface PdfPermissions {
  printing: Printing;
  modifying: boolean;
  copying: boolean;
  annotating: boolean;
  fillingForms: boolean;
  contentAccessibility: boolean;
  documentAssembly: boolean;
}

/** How an input was encrypted, as found when it was opened. */
export interface InputEncryption {
  algorithm: Algorithm;
  permissions: PdfPermissions;
  /** The password that opened it ('' when it opens without one: restrictions only). */
  password: string;
}

/** What the caller wants for the output; by default it is encrypted like its inputs. */
export interface EncryptionChoice {
  /** Write without encryption even when an input was encrypted. */
  none?: boolean;
  /** The password the output opens with, instead of the input's. */
  newPassword?: string;
  /** The owner password (full rights); default: the opening password, or a random one when that is empty. */
  ownerPassword?: string;
}

export interface OutputEncryption {
  encrypted: boolean;
  algorithm?: Algorithm;
  /** 'same': the password that opened the input; 'new': `newPassword`; 'none': opens without one. */
  opensWith?: 'same' | 'new' | 'none';
  /** 'random' when nobody was told it: the output's restrictions cannot be lifted (the input's can). */
  ownerPassword?: 'same' | 'given' | 'random';
  /** Permissions other than full, as the output keeps them (e.g. "no printing"). */
  restrictions: string[];
  /** One line for a person: what was done and why. */
  note: string;
}

const opened = new WeakMap<PDFDocument, InputEncryption>();

/** The encryption a document was opened with, if any (set by openPdfLib). */
export function encryptionOf(doc: PDFDocument): InputEncryption | undefined {
  return opened.get(doc);
}

const P = (d: PDFDict, key: string): number | undefined => {
  const v = d.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
};

/** The encryption dictionary's cipher: /V 5 is AES-256, /V 4 with /AESV2 is AES-128, the rest RC4. */
function algorithmOf(dict: PDFDict): Algorithm {
  const v = P(dict, 'V') ?? 0;
  if (v >= 5) return 'AES-256';
  if (v === 4) {
    const cf = dict.lookup(PDFName.of('CF'));
    const std = cf instanceof PDFDict ? cf.lookup(PDFName.of('StdCF')) : undefined;
    return std instanceof PDFDict && std.get(PDFName.of('CFM')) === PDFName.of('AESV2') ? 'AES-128' : 'RC4-128';
  }
  return (P(dict, 'Length') ?? 40) > 40 ? 'RC4-128' : 'RC4-40';
}

/** /P's bits (ISO 32000-1 table 22; bits counted from 1). Revision 2 has only bits 3-6. */
function permissionsOf(p: number, revision: number): PdfPermissions {
  const bit = (n: number) => (p & (1 << (n - 1))) !== 0;
  const r3 = (n: number) => revision < 3 || bit(n);
  return {
    printing: bit(3) ? (revision < 3 || bit(12) ? 'highResolution' : 'lowResolution') : false,
    modifying: bit(4),
    copying: bit(5),
    annotating: bit(6),
    fillingForms: r3(9),
    contentAccessibility: r3(10),
    documentAssembly: r3(11),
  };
}

/**
 * Called once a document is loaded with decryption: finds its (now stale) encryption
 * dictionary, remembers what it said and removes it, so it is not written out again.
 */
export function rememberEncryption(doc: PDFDocument, password: string): void {
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Filter')) !== PDFName.of('Standard') || !obj.has(PDFName.of('O'))) continue;
    opened.set(doc, { algorithm: algorithmOf(obj), permissions: permissionsOf(P(obj, 'P') ?? -1, P(obj, 'R') ?? 4), password });
    doc.context.delete(ref);
    return;
  }
}

const FULL: PdfPermissions = { printing: 'highResolution', modifying: true, copying: true, annotating: true, fillingForms: true, contentAccessibility: true, documentAssembly: true };

const PERMISSION_WORDS: [keyof PdfPermissions, string][] = [
  ['modifying', 'changes'],
  ['copying', 'copying text'],
  ['annotating', 'comments'],
  ['fillingForms', 'filling forms'],
  ['contentAccessibility', 'text for accessibility'],
  ['documentAssembly', 'page assembly'],
];

function restrictionsOf(p: PdfPermissions): string[] {
  const out: string[] = [];
  if (p.printing === false) out.push('no printing');
  else if (p.printing === 'lowResolution') out.push('low-resolution printing only');
  for (const [key, words] of PERMISSION_WORDS) if (!p[key]) out.push(`no ${words}`);
  return out;
}

/** Every input's restrictions at once: a permission survives only if all inputs grant it. */
function strictest(all: PdfPermissions[]): PdfPermissions {
  const rank = (x: Printing) => (x === false ? 0 : x === 'lowResolution' ? 1 : 2);
  const printing = all.map((p) => p.printing).reduce((a, b) => (rank(a) <= rank(b) ? a : b));
  const out = { printing } as PdfPermissions;
  for (const [key] of PERMISSION_WORDS) (out as unknown as Record<string, boolean>)[key] = all.every((p) => p[key]);
  return out;
}

/**
 * Encrypts `out` (before it is saved) as its sources were, or as `choice` says. Returns
 * undefined when there is nothing to say (no source encrypted, nothing asked).
 */
export function encryptOutput(out: PDFDocument, sources: { doc: PDFDocument; name?: string }[], choice: EncryptionChoice = {}): OutputEncryption | undefined {
  const enc = sources.flatMap((s) => {
    const e = encryptionOf(s.doc);
    return e ? [{ ...e, name: s.name }] : [];
  });
  if (choice.none) {
    if (choice.newPassword !== undefined || choice.ownerPassword !== undefined) throw new DocumentError('INVALID_ARGUMENT', 'a new or owner password and no encryption cannot both be asked for');
    return enc.length ? { encrypted: false, restrictions: [], note: 'written without encryption, as asked' } : undefined;
  }
  if (!enc.length && choice.newPassword === undefined) {
    if (choice.ownerPassword !== undefined) throw new DocumentError('INVALID_ARGUMENT', 'an owner password needs an encrypted input or a new password (--new-password-file or --new-password)');
    return undefined;
  }
  if (choice.newPassword === '') throw new DocumentError('INVALID_ARGUMENT', 'the new password is empty: give one, or ask for no encryption');
  const algorithm: Algorithm = enc.length && enc.every((e) => e.algorithm === 'AES-128') ? 'AES-128' : 'AES-256';
  const passwords = [...new Set(enc.map((e) => e.password))];
  // A merge of a file that needs a password with one that does not needs the password.
  const userPassword = choice.newPassword ?? passwords.find((p) => p !== '') ?? '';
  const opensWith = choice.newPassword !== undefined ? 'new' : userPassword === '' ? 'none' : 'same';
  const ownerGiven = choice.ownerPassword !== undefined && choice.ownerPassword !== '';
  const ownerPassword = ownerGiven ? choice.ownerPassword! : userPassword !== '' ? userPassword : randomBytes(18).toString('base64url');
  const owner = ownerGiven ? 'given' : userPassword !== '' ? 'same' : 'random';
  const permissions = enc.length ? strictest(enc.map((e) => e.permissions)) : FULL;
  out.encrypt({ userPassword, ownerPassword, permissions, algorithm });
  const restrictions = restrictionsOf(permissions);
  const why = enc.length === 0 ? 'encrypted'
    : sources.length > 1 && enc.length < sources.length ? `encrypted because ${enc.map((e) => e.name ?? 'an input').join(', ')} ${enc.length === 1 ? 'is' : 'are'}`
      : 'encrypted like the input';
  const from = enc.some((e) => e.algorithm !== algorithm) ? ` (the input had ${[...new Set(enc.map((e) => e.algorithm))].join(', ')})` : '';
  const opens = opensWith === 'new' ? 'opens with the new password' : opensWith === 'none' ? 'opens without a password' : 'opens with the same password';
  const parts = [`${algorithm}${from}`, opens];
  if (restrictions.length) parts.push(`restrictions kept: ${restrictions.join(', ')}`);
  if (owner === 'random' && restrictions.length) parts.push('a new random owner password was set: give one (--owner-password-file or --owner-password) to be able to lift them');
  return { encrypted: true, algorithm, opensWith, ownerPassword: owner, restrictions, note: `${why} (${parts.join('; ')})` };
}
