// Second readers for the PDFs we write, independent of pdf-lib and pdf.js: python3-pypdf
// (field values, widget count), `qpdf --json` (fields per widget with value and
// appearance state) and poppler's pdftotext (what is drawn). Missing tools skip a test
// with the reason, and fail it under CI, where .ci/run installs them.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const SYSTEM_PYTHON = '/usr/bin/python3';

export function missingPdfReaders(): string | undefined {
  if (spawnSync('qpdf', ['--version']).error) return 'qpdf is not installed (apt-get install qpdf)';
  if (spawnSync('pdftotext', ['-v']).error) return 'pdftotext is not installed (apt-get install poppler-utils)';
  const py = spawnSync(SYSTEM_PYTHON, ['-c', 'import pypdf']);
  if (py.error || py.status !== 0) return `${SYSTEM_PYTHON} has no pypdf (apt-get install python3-pypdf)`;
  return undefined;
}

/** Skips (or under CI fails) the calling test when a reader is missing. */
export function needPdfReaders(ctx: Mocha.Context): void {
  const missing = missingPdfReaders();
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  console.log(`    (skipped: ${missing})`);
  ctx.skip();
}

export interface PypdfForm {
  fields: Record<string, string | string[] | null>;
  widgets: number;
  pages: number;
}

export function pypdfForm(file: string): PypdfForm {
  const r = spawnSync(SYSTEM_PYTHON, [path.join(__dirname, 'pdfFormReadback.py'), file], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pypdf could not read ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as PypdfForm;
}

export interface QpdfWidget {
  fullname: string;
  value: unknown;
  fieldtype: string;
  pageposfrom1: number;
  annotation: { appearancestate: string };
  ischeckbox: boolean;
  isradiobutton: boolean;
  ischoice: boolean;
  istext: boolean;
}

export function qpdfFields(file: string): QpdfWidget[] {
  const r = spawnSync('qpdf', ['--json', '--json-key=acroform', file], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf could not read ${file}: ${r.stderr}`);
  // qpdf's JSON v2 marks strings as `u:text` (Unicode) or `b:hex` (bytes).
  const plain = (v: unknown) => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : v);
  return (JSON.parse(r.stdout) as { acroform: { fields: QpdfWidget[] } }).acroform.fields.map((w) => ({ ...w, value: plain(w.value) }));
}

/** The text poppler draws, after qpdf has turned the widgets' own appearance streams into page content. */
export function drawnText(file: string, tmpOut: string): string {
  const q = spawnSync('qpdf', ['--flatten-annotations=all', file, tmpOut], { encoding: 'utf8' });
  if (q.status !== 0 && q.status !== 3) throw new Error(`qpdf --flatten-annotations failed: ${q.stderr}`);
  const t = spawnSync('pdftotext', ['-layout', tmpOut, '-'], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(`pdftotext failed: ${t.stderr}`);
  return t.stdout;
}

export interface PopplerWord { text: string; xMin: number; yMin: number; xMax: number; yMax: number; page: number }

/** Words with their boxes as poppler sees them (points, top-left of the page as shown). */
export function popplerWords(file: string): PopplerWord[] {
  const r = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext -bbox failed: ${r.stderr}`);
  const words: PopplerWord[] = [];
  let page = 0;
  for (const line of r.stdout.split('\n')) {
    if (/<page /.test(line)) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]!.replace(/&amp;/g, '&'), page });
  }
  return words;
}
