// Runs LibreOffice Calc headless to recalculate a workbook through the one LibreOffice
// runner (office/libreOffice.ts): a fresh profile per call, seeded to recalculate every
// formula on load (OOXMLRecalcMode = always) instead of trusting cached results, then
// saved back as .xlsx for the reader to take the values from. Node only (host, CLI, guest).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError } from '../../ooxml';
import { libreOfficeMissing, LibreOfficeError, runLibreOffice } from '../../office/libreOffice';

/** Calc's "Recalculation on file load: always" for Excel and ODF files, as a profile's registrymodifications.xcu. */
export const RECALC_ALWAYS_SETTINGS =
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

/**
 * Where LibreOffice recalculates: gets the workbook, returns it as Calc saved it after
 * recalculating every formula. The default, recalculateWithCalc, runs this machine's
 * LibreOffice (inside the sandbox, the image's own); the host CLI passes one that runs
 * the guest's (src/cli/sandboxRecalc.ts). `where` names it in the report ("the sandbox (namespace)").
 */
export type CalcEngine = (input: Buffer, ext: 'xlsx' | 'xlsm', opts: { timeoutMs?: number }) => Promise<{ bytes: Buffer; ms: number; where?: string }>;

export function calcMissing(soffice = process.env.COWORK_SOFFICE ?? 'soffice'): string | undefined {
  return libreOfficeMissing(soffice);
}

/** The workbook as LibreOffice Calc saves it after recalculating every formula. */
export async function recalculateWithCalc(input: Buffer, ext: 'xlsx' | 'xlsm', opts: CalcRunOptions = {}): Promise<{ bytes: Buffer; ms: number }> {
  const soffice = opts.soffice ?? process.env.COWORK_SOFFICE ?? 'soffice';
  const scratch = opts.scratch ?? process.env.TMPDIR ?? os.tmpdir();
  const work = fs.mkdtempSync(path.join(scratch, 'cowork-recalc-'));
  try {
    const inFile = path.join(work, `book.${ext}`);
    fs.writeFileSync(inFile, input);
    const res = await runLibreOffice({
      input: inFile,
      convertTo: 'xlsx:Calc MS Excel 2007 XML',
      outDir: path.join(work, 'out'),
      scratch: work,
      soffice,
      timeoutMs: opts.timeoutMs ?? 180_000,
      profileSettings: RECALC_ALWAYS_SETTINGS,
    }).catch((err: unknown) => {
      throw toDocumentError(err, soffice);
    });
    return { bytes: fs.readFileSync(res.output), ms: res.ms };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function toDocumentError(err: unknown, soffice: string): unknown {
  if (!(err instanceof LibreOfficeError)) return err;
  switch (err.code) {
    case 'ENOTFOUND':
      return new DocumentError('NOT_FOUND', `cannot start LibreOffice "${soffice}": ${err.message}`);
    case 'ETIMEDOUT':
      return new DocumentError('LIMIT_EXCEEDED', err.message.replace('converting', 'recalculating'));
    default:
      return new DocumentError('CORRUPT', `LibreOffice could not open or save the workbook (${err.message})`);
  }
}
