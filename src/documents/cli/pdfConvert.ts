// `cowork doc convert FILE.(docx|xlsx|pptx|odt|…) -o OUT.pdf`: LibreOffice exports the
// document as PDF with its own profile and output folder (office/libreOffice.ts); the PDF
// is then moved into place in one step, so a failed export never leaves half a file. In
// the sandbox this is the guest's LibreOffice, with the profile under /scratch.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { LibreOfficeError, runLibreOffice } from '../office/libreOffice';
import { readInput, writeOutput } from './docCommand';

/** What LibreOffice opens and exports to PDF here: Word, Excel, PowerPoint and OpenDocument files, RTF, CSV. */
export const OFFICE_TO_PDF = /\.(docx|docm|doc|dotx|odt|rtf|xlsx|xlsm|xls|ods|csv|pptx|pptm|ppt|potx|odp)$/i;

export interface OfficePdf {
  file: string;
  output: string;
  bytes: number;
  pages?: number;
  ms: number;
}

export async function convertToPdf(file: string, out: string, timeoutMs?: number): Promise<OfficePdf> {
  readInput(file); // a missing or unreadable input says so before LibreOffice starts
  let result;
  try {
    result = await runLibreOffice({ input: file, convertTo: 'pdf', ...(timeoutMs ? { timeoutMs } : {}) });
  } catch (err) {
    if (err instanceof LibreOfficeError) {
      const code = err.code === 'ETIMEDOUT' ? 'LIMIT_EXCEEDED' : err.code === 'ENOTFOUND' ? 'UNSUPPORTED' : 'CORRUPT';
      throw new DocumentError(code, `${file}: ${err.message}`);
    }
    throw err;
  }
  try {
    const pdf = fs.readFileSync(result.output);
    if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new DocumentError('CORRUPT', `${file}: LibreOffice wrote something that is not a PDF`);
    writeOutput(out, pdf);
    return { file, output: out, bytes: pdf.length, pages: countPages(pdf), ms: result.ms };
  } finally {
    fs.rmSync(path.dirname(result.outDir), { recursive: true, force: true });
  }
}

/** LibreOffice writes one /Type /Page object per page, uncompressed. */
function countPages(pdf: Buffer): number | undefined {
  const n = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length;
  return n || undefined;
}
