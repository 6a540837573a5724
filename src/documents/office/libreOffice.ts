// Runs LibreOffice headless for one conversion, isolated from every other
// call: its own user profile (-env:UserInstallation) and its own output
// folder under a scratch root (TMPDIR: the session's /scratch/<id> inside the
// sandbox, the system temp folder on the host), so concurrent calls never
// share a profile lock and an output never overwrites another call's. The
// whole process group is killed on timeout or abort (soffice forks
// soffice.bin; processGroup.ts). No `vscode`, no other layer: the document engine calls it in
// the extension host, the CLI and the guest.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runProcessGroup } from './processGroup';

export interface LibreOfficeCall {
  /** The document to open. */
  input: string;
  /** LibreOffice's --convert-to argument: `pdf`, `docx`, `xlsx`, `txt:Text`, `png`, `csv:Text - txt - csv (StarCalc):44,34,76`… */
  convertTo: string;
  /** Where the output goes; default a fresh folder under `scratch`. */
  outDir?: string;
  /** Root for the per-call profile (and default output folder); default $TMPDIR or the system temp folder. */
  scratch?: string;
  /** Default 120 s: a first start with a fresh profile takes a few seconds, a large document longer. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The program; default `soffice` on PATH. */
  soffice?: string;
  /**
   * Settings the fresh profile starts with: the text of a registrymodifications.xcu
   * (an `oor:items` document), written before LibreOffice starts (e.g. Calc's
   * "recalculate on load: always"). Without it the profile starts empty.
   */
  profileSettings?: string;
}

export interface LibreOfficeResult {
  /** The converted file. */
  output: string;
  outDir: string;
  ms: number;
  /** What soffice printed (its "convert … -> …" line, warnings). */
  log: string;
}

export class LibreOfficeError extends Error {
  constructor(
    readonly code: 'ENOTFOUND' | 'EINPUT' | 'ETIMEDOUT' | 'ECANCELLED' | 'EFAILED',
    message: string,
  ) {
    super(message);
    this.name = 'LibreOfficeError';
  }
}

/** Why LibreOffice cannot run here, or undefined when it can. */
export function libreOfficeMissing(soffice = 'soffice'): string | undefined {
  const r = spawnSync(soffice, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  return r.status === 0 ? undefined : `${soffice} is not installed (Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)`;
}

/** The file name LibreOffice gives the output: the input's name with the target's extension. */
export function outputName(input: string, convertTo: string): string {
  const ext = convertTo.split(':')[0]!;
  return `${basename(input, extname(input))}.${ext}`;
}

export async function runLibreOffice(call: LibreOfficeCall): Promise<LibreOfficeResult> {
  const input = resolve(call.input);
  if (!existsSync(input) || !statSync(input).isFile()) throw new LibreOfficeError('EINPUT', `${call.input}: no such file`);
  const scratch = call.scratch ?? process.env.TMPDIR ?? tmpdir();
  const work = mkdtempSync(join(scratch, 'libreoffice-'));
  const profile = join(work, 'profile');
  if (call.profileSettings !== undefined) {
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), call.profileSettings);
  }
  const outDir = call.outDir ? resolve(call.outDir) : join(work, 'out');
  const soffice = call.soffice ?? 'soffice';
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--headless',
    '--invisible',
    '--norestore',
    '--nologo',
    '--nolockcheck',
    '--nodefault',
    '--convert-to',
    call.convertTo,
    '--outdir',
    outDir,
    input,
  ];
  const t0 = Date.now();
  try {
    const timeoutMs = call.timeoutMs ?? 120_000;
    const exit = await runProcessGroup({
      program: soffice,
      args,
      // HOME too: anything LibreOffice or fontconfig writes outside the profile stays in this call's folder.
      env: { ...process.env, HOME: work, SAL_USE_VCLPLUGIN: 'svp' },
      timeoutMs,
      signal: call.signal,
      timedOut: () => new LibreOfficeError('ETIMEDOUT', `LibreOffice did not finish converting ${call.input} within ${timeoutMs / 1000} s`),
      cancelled: () => new LibreOfficeError('ECANCELLED', 'the conversion was cancelled'),
      notFound: () => new LibreOfficeError('ENOTFOUND', libreOfficeMissing(soffice) ?? `${soffice}: not found`),
    });
    const log = exit.log;
    if (exit.code !== 0) throw new LibreOfficeError('EFAILED', `LibreOffice exited with ${exit.code} converting ${call.input}: ${log.trim().slice(-500)}`);
    const output = join(outDir, outputName(input, call.convertTo));
    if (!existsSync(output)) {
      // soffice exits 0 when it cannot load a file; it says so on stderr ("Error: source file could not be loaded").
      throw new LibreOfficeError('EFAILED', `LibreOffice wrote no ${outputName(input, call.convertTo)} for ${call.input}: ${log.trim().slice(-500) || 'no output'}`);
    }
    return { output, outDir, ms: Date.now() - t0, log };
  } finally {
    // Only the output stays: the profile and whatever landed in HOME go.
    if (call.outDir) rmSync(work, { recursive: true, force: true });
    else for (const name of readdirSync(work)) if (name !== 'out') rmSync(join(work, name), { recursive: true, force: true });
  }
}
