// Runs LibreOffice Calc headless to recalculate a workbook: a fresh profile per call,
// configured to recalculate every formula on load (OOXMLRecalcMode = always) instead
// of trusting cached results, then saved back as .xlsx for the reader to take the
// values from. The process group is killed on timeout. Node only (host, CLI, guest).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentError } from '../../ooxml';

const RECALC_ALWAYS =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>' +
  '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>' +
  '</oor:items>\n';

export interface CalcRunOptions {
  /** The LibreOffice program (default `soffice` on PATH, or $COWORK_SOFFICE). */
  soffice?: string;
  timeoutMs?: number;
  /** Root for the per-call profile and output (default $TMPDIR or the system temp folder). */
  scratch?: string;
}

export function calcMissing(soffice = process.env.COWORK_SOFFICE ?? 'soffice'): string | undefined {
  const r = spawnSync(soffice, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
  return r.status === 0 ? undefined : `${soffice} is not installed (Debian: apt-get install libreoffice-calc-nogui)`;
}

/** The workbook as LibreOffice Calc saves it after recalculating every formula. */
export async function recalculateWithCalc(input: Buffer, ext: 'xlsx' | 'xlsm', opts: CalcRunOptions = {}): Promise<{ bytes: Buffer; ms: number }> {
  const soffice = opts.soffice ?? process.env.COWORK_SOFFICE ?? 'soffice';
  const work = fs.mkdtempSync(path.join(opts.scratch ?? process.env.TMPDIR ?? os.tmpdir(), 'cowork-recalc-'));
  const started = Date.now();
  try {
    const profile = path.join(work, 'profile');
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    const inFile = path.join(work, `book.${ext}`);
    fs.writeFileSync(inFile, input);
    const outDir = path.join(work, 'out');
    fs.mkdirSync(outDir);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless', '--invisible', '--norestore', '--nologo', '--nolockcheck', '--nodefault',
      '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, inFile,
    ];
    const log = await run(soffice, args, work, opts.timeoutMs ?? 180_000);
    const out = path.join(outDir, 'book.xlsx');
    if (!fs.existsSync(out)) throw new DocumentError('CORRUPT', `LibreOffice could not open or save the workbook (${log.trim().split('\n').pop() || 'no output'})`);
    return { bytes: fs.readFileSync(out), ms: Date.now() - started };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], home: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: home } });
    } catch (err) {
      reject(new DocumentError('NOT_FOUND', `cannot start LibreOffice (${(err as Error).message})`));
      return;
    }
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new DocumentError('LIMIT_EXCEEDED', `LibreOffice did not finish recalculating within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new DocumentError('NOT_FOUND', `cannot start LibreOffice "${cmd}" (${(err as NodeJS.ErrnoException).code ?? err.message}); install libreoffice-calc-nogui`));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(log);
    });
  });
}
