// What every `cowork doc <sub>` command shares: the command shape, flag parsing,
// reading the input file (or a JSON file) with a clear error, errors that name the
// file, and writing the output file atomically.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import type { DeckRenderer } from '../render';
import type { CalcEngine } from '../xlsx';

export interface DocIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where `recalc` runs LibreOffice; default this machine's (the host CLI passes the sandbox's). */
  calcEngine?: CalcEngine;
  /** Where `thumbnails` runs LibreOffice; default this machine's (the host CLI passes the sandbox's). */
  deckRenderer?: DeckRenderer;
}

export interface DocCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines shown by `cowork doc <name> --help` and on bad usage. */
  usage: string;
  run(args: string[], io: DocIo): Promise<number> | number;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad command-line usage: reported with the command's usage, exit 2. */
export class UsageError extends Error {}

export interface Flags {
  positional: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
}

/**
 * Parses `args` given which flags take values. A value flag may repeat and, when listed in
 * `multi`, takes every following word up to the next flag (`--id 3 7 9`).
 */
export function parseFlags(args: string[], spec: { values?: string[]; switches?: string[]; multi?: string[]; aliases?: Record<string, string> }): Flags {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) {
      inline = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    a = spec.aliases?.[a] ?? a;
    if (spec.switches?.includes(a)) {
      switches.add(a);
    } else if (spec.values?.includes(a)) {
      const list = values.get(a) ?? [];
      values.set(a, list);
      if (inline !== undefined) {
        list.push(inline);
        continue;
      }
      const first = args[i + 1];
      if (first === undefined || first.startsWith('-')) throw new UsageError(`${a} needs a value`);
      list.push(first);
      i++;
      if (spec.multi?.includes(a)) while (args[i + 1] !== undefined && !args[i + 1].startsWith('-')) list.push(args[++i]);
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { positional, values, switches };
}

/** The one FILE a command takes. */
export function onlyFile(flags: Flags): string {
  const [file, ...extra] = flags.positional;
  if (!file || extra.length) throw new UsageError('give exactly one FILE');
  return file;
}

export function one(flags: Flags, name: string): string | undefined {
  const v = flags.values.get(name);
  if (v && v.length > 1) throw new UsageError(`${name} given more than once`);
  return v?.[0];
}

/** `cowork doc new SPEC -o OUT`: the one spec file and the output a creating command takes; `outHint` names the output in the usage error (OUT, OUT.pptx). */
export function specAndOutput(args: string[], outHint: string): { flags: Flags; specFile: string; out: string } {
  const flags = parseFlags(args, { values: ['-o'], switches: ['--json'], aliases: { '--output': '-o' } });
  const [specFile, ...extra] = flags.positional;
  if (!specFile || extra.length) throw new UsageError('give exactly one SPEC.json');
  const out = one(flags, '-o');
  if (!out) throw new UsageError(`give the output file with -o ${outHint}`);
  return { flags, specFile, out };
}

/** Reads a document named on the command line; a missing file is a DocumentError naming it. */
export function readInput(file: string): Buffer {
  return openInput(file, () => fs.readFileSync(file));
}

/** Runs `open` on a document named on the command line: a folder, a missing or unreadable file is a DocumentError naming it. */
export function openInput<T>(file: string, open: () => T): T {
  try {
    if (fs.statSync(file).isDirectory()) throw new DocumentError('NOT_FOUND', `${file}: is a folder, not a document`);
    return open();
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new DocumentError('NOT_FOUND', `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
}

/** The hidden temporary file next to `file` that an output is written to before it is renamed into place. */
function tempPathFor(file: string): string {
  return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
}

/** Writes through a temporary file in the same folder, so a failed write never leaves half a document. */
export function writeOutput(file: string, data: Buffer): void {
  const tmp = tempPathFor(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new DocumentError('NOT_FOUND', `${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** writeOutput for output made a piece at a time: `body` writes text through `write`; the file appears whole or not at all. */
export async function writeOutputStreaming(file: string, body: (write: (text: string) => void) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
    const out = fd;
    await body((text) => {
      fs.writeSync(out, text);
    });
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if (err instanceof DocumentError || !(err as NodeJS.ErrnoException).code) throw err;
    throw new DocumentError('NOT_FOUND', `${file}: cannot write (${(err as NodeJS.ErrnoException).code})`);
  }
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** Runs `body` and turns a DocumentError about the input into one naming `file`. */
export function withFile<T>(file: string, body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (err instanceof DocumentError && !err.message.startsWith(`${file}:`)) throw err.withFile(file);
    throw err;
  }
}

/** `withFile` for engine calls that return a promise. */
export async function withFileAsync<T>(file: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    return withFile(file, () => {
      throw err;
    });
  }
}

/** Reads and parses a JSON file named on the command line ("-" is stdin); errors name the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : readInput(file).toString('utf8');
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError('NOT_FOUND', `${file}: cannot read (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DocumentError('INVALID_ARGUMENT', `${file}: not valid JSON (${(err as Error).message})`);
  }
}
