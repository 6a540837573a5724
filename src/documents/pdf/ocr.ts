// Text of scanned pages by OCR: the page is drawn at 300 dpi by pdftoppm and read by
// tesseract (Debian's tesseract-ocr, in the sandbox image and on the host), whose TSV
// output gives words with boxes and confidences. Words become lines (tesseract's own
// block / paragraph / line numbers) with positions in points from the page's top-left,
// the same coordinates as the text layer's, so a scanned form's labels can be found
// and text placed beside them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError } from '../ooxml/documentError';
import { rasterisePages } from '../raster/pdfPages';
import { runTool, toolMemoryMiB } from '../raster/runTool';
import type { PositionedLine } from './textLines';

export interface OcrOptions {
  /** Tesseract language(s), `eng` or `eng+deu`; default `eng`. */
  lang?: string;
  /** Resolution the page is read at; default 300. */
  dpi?: number;
  password?: string;
  /** Per page; default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  tesseract?: string;
  pdftoppm?: string;
  scratch?: string;
}

export interface OcrPage {
  text: string;
  lines: PositionedLine[];
  /** Mean word confidence, 0-100. */
  confidence: number;
  words: number;
}

export const TESSERACT_MISSING = 'tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-eng)';

/** The language option as tesseract takes it; anything else is INVALID_ARGUMENT. */
export function checkOcrLang(lang = 'eng'): string {
  if (!/^[A-Za-z_]+(\+[A-Za-z_]+)*$/.test(lang)) throw new DocumentError('INVALID_ARGUMENT', `OCR language ${JSON.stringify(lang)} is not a tesseract language name like eng or eng+deu`);
  return lang;
}

/** OCR of one page of the PDF file `pdf`; `pageWidth` (points, as shown) converts pixels to points. */
export async function ocrPage(pdf: string, page: number, pageWidth: number, opts: OcrOptions = {}): Promise<OcrPage> {
  const lang = checkOcrLang(opts.lang);
  const work = mkdtempSync(join(opts.scratch ?? process.env.TMPDIR ?? tmpdir(), 'ocr-'));
  try {
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const [image] = await rasterisePages({ pdf, outDir: work, dpi: Math.min(opts.dpi ?? 300, Math.floor((72 * 10_000) / Math.max(pageWidth, 1))), first: page, last: page, password: opts.password, timeoutMs, signal: opts.signal, pdftoppm: opts.pdftoppm });
    if (!image) throw new Error(`pdftoppm drew no image of page ${page}`);
    const tsv = await runTool({
      program: opts.tesseract ?? 'tesseract',
      args: [image.file, 'stdout', '-l', lang, 'tsv'],
      name: 'tesseract',
      missing: TESSERACT_MISSING,
      maxMemoryMiB: toolMemoryMiB(),
      timeoutMs,
      signal: opts.signal,
      // One thread: the machine (or the guest's vCPU) is shared; tesseract's OpenMP would take all cores.
      env: { OMP_THREAD_LIMIT: '1' },
    });
    return fromTsv(tsv, image.image.width / pageWidth);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text) as lines and text. */
export function fromTsv(tsv: string, pxPerPoint: number): OcrPage {
  interface Word { key: string; para: string; left: number; top: number; right: number; bottom: number; conf: number; text: string }
  const words: Word[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = c.slice(11).join('\t').trim();
    if (!text) continue;
    const [left, top, width, height, conf] = [c[6], c[7], c[8], c[9], c[10]].map(Number) as [number, number, number, number, number];
    words.push({ key: `${c[2]}.${c[3]}.${c[4]}`, para: `${c[2]}.${c[3]}`, left, top, right: left + width, bottom: top + height, conf, text });
  }
  const lines: (PositionedLine & { para: string })[] = [];
  let current: Word[] = [];
  const flush = (): void => {
    if (!current.length) return;
    const x0 = Math.min(...current.map((w) => w.left));
    const x1 = Math.max(...current.map((w) => w.right));
    // The bottom of the words' boxes, less descenders, is close to the baseline: take the median bottom.
    const bottoms = current.map((w) => w.bottom).sort((a, b) => a - b);
    const heights = current.map((w) => w.bottom - w.top).sort((a, b) => a - b);
    const r = (n: number) => Math.round((n / pxPerPoint) * 100) / 100;
    lines.push({ text: current.map((w) => w.text).join(' '), x: r(x0), y: r(bottoms[Math.floor(bottoms.length / 2)]!), width: r(x1 - x0), size: r(heights[Math.floor(heights.length / 2)]!), para: current[0]!.para });
    current = [];
  };
  for (const w of words) {
    if (current.length && current[0]!.key !== w.key) flush();
    current.push(w);
  }
  flush();
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (i > 0 && lines[i - 1]!.para !== l.para) out.push('');
    out.push(l.text);
  });
  const confident = words.filter((w) => w.conf >= 0);
  return {
    text: out.join('\n'),
    lines: lines.map(({ para: _para, ...l }) => l),
    confidence: confident.length ? Math.round(confident.reduce((s, w) => s + w.conf, 0) / confident.length) : 0,
    words: words.length,
  };
}
