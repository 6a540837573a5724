// LibreOffice as an independent reader of the documents the engine writes: one
// soffice per batch (own profile, own temp dir, under the lock file named by COWORK_HEAVY_LOCK when that
// exists, as the machine rules ask), driven by loInspect.py through python3-uno.
// Also python-docx (Debian's python3-docx; the pyenv `python3` on PATH lacks it).

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LoJob {
  file: string;
  mode?: 'none' | 'accept' | 'reject';
}

export interface LoResult {
  file: string;
  mode: string;
  text: string;
  redlines: { author: string; type: string }[];
  /** From a flat-ODF conversion (see loInspect.py); null when the conversion failed. */
  comments: { author: string; content: string }[] | null;
  error?: string;
}

const SYSTEM_PYTHON = '/usr/bin/python3';
// A machine-wide lock for heavy jobs, when the machine has one (COWORK_HEAVY_LOCK=/path/to/lock).
const HEAVY_LOCK = process.env.COWORK_HEAVY_LOCK ?? '';

function hasModule(module: string): boolean {
  return spawnSync(SYSTEM_PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

/** Why LibreOffice cannot be used here, or undefined when it can. */
export function libreOfficeMissing(): string | undefined {
  if (spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status !== 0) return 'soffice is not installed (apt-get install libreoffice-writer-nogui)';
  if (!hasModule('uno')) return `${SYSTEM_PYTHON} has no uno module (apt-get install python3-uno)`;
  return undefined;
}

export function pythonDocxMissing(): string | undefined {
  return hasModule('docx') ? undefined : `${SYSTEM_PYTHON} has no docx module (apt-get install python3-docx)`;
}

/**
 * Skips the test (or fails it under CI=true, where CI installs the tools) when a
 * reader is missing.
 */
export function requireTool(ctx: Mocha.Context, missing: string | undefined): void {
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(`CI needs this tool: ${missing}`);
  ctx.skip();
}

/** Opens every file in one LibreOffice run and reports what it sees. */
export function loInspect(jobs: LoJob[]): LoResult[] {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-cowork-'));
  try {
    const script = path.join(__dirname, 'loInspect.py');
    const args = [SYSTEM_PYTHON, script, profile];
    // COWORK_HEAVY_LOCK_HELD=1: the caller already runs under the lock (a nested flock would wait forever).
    const lock = HEAVY_LOCK !== '' && fs.existsSync(HEAVY_LOCK) && process.env.COWORK_HEAVY_LOCK_HELD !== '1';
    const cmd = lock ? 'flock' : args.shift()!;
    const out = execFileSync(cmd, lock ? [HEAVY_LOCK, ...args] : args, {
      input: JSON.stringify(jobs.map((j) => ({ file: path.resolve(j.file), mode: j.mode ?? 'none' }))),
      encoding: 'utf8',
      // Waiting for the machine-wide heavy lock can take minutes on a busy machine.
      timeout: 1_200_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out) as LoResult[];
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Runs a python-docx snippet with `path` bound to the file; returns its stdout parsed as JSON. */
export function pythonDocx<T>(file: string, code: string): T {
  const program = `import docx, json, sys\npath = sys.argv[1]\n${code}`;
  const out = execFileSync(SYSTEM_PYTHON, ['-c', program, file], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as T;
}
