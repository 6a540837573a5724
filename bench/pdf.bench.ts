// PDF engine speed beside the yardsticks the issue names, measured in the same run on
// the same files: the text of a 500-page PDF (ours vs poppler's pdftotext, both in
// reading order and in layout mode), and discovering + filling a 100-field form (ours vs
// python3-pypdf). Results: bench/RESULTS.md ("PDF").

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { fillPdf, pdfFields, pdfText } from '../src/documents/pdf';
import { manyFieldsFormPdf } from '../test/support/pdfFixtures';
import { writeResultsSection } from './results';

const RUNS = 3;

async function bigPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const words = 'the quick brown fox jumps over a lazy dog while the committee reviews its quarterly figures'.split(' ');
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Chapter ${p + 1}`, { x: 72, y: 740, size: 16, font });
    for (let l = 0; l < 45; l++) {
      for (const col of [0, 1]) {
        const line = Array.from({ length: 6 }, (_, k) => words[(p * 7 + l * 3 + k + col) % words.length]).join(' ');
        page.drawText(line, { x: 72 + col * 250, y: 710 - l * 14, size: 10, font });
      }
    }
  }
  return doc.save();
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-bench-'));
  const big = path.join(dir, 'big.pdf');
  fs.writeFileSync(big, await bigPdf(500));
  const data = fs.readFileSync(big);
  const rows: string[] = [];
  for (const layout of [false, true]) {
    const ours: number[] = [];
    const poppler: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await time(() => pdfText(data, { layout })));
      poppler.push(await time(() => spawnSync('pdftotext', [...(layout ? ['-layout'] : []), big, path.join(dir, 'out.txt')])));
    }
    rows.push(`| text of 500 pages${layout ? ' (--layout)' : ''} | ${median(ours).toFixed(0)} ms | pdftotext${layout ? ' -layout' : ''}: ${median(poppler).toFixed(0)} ms | ${(median(ours) / median(poppler)).toFixed(1)}× |`);
  }
  const form = path.join(dir, 'form.pdf');
  fs.writeFileSync(form, await manyFieldsFormPdf(100));
  const formData = fs.readFileSync(form);
  const ours: number[] = [];
  const pypdf: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(
      await time(async () => {
        const fields = await pdfFields(formData);
        const values = Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkbox' ? true : `value ${f.name}`]));
        fs.writeFileSync(path.join(dir, 'ours.pdf'), (await fillPdf(formData, values)).data);
      }),
    );
    const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'pdfFormPypdf.py'), form, path.join(dir, 'pypdf.pdf')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pypdf failed: ${r.stderr}`);
    pypdf.push(Number(r.stdout.split(' ')[0]));
  }
  rows.push(`| discover + fill 100 fields (appearances regenerated) | ${median(ours).toFixed(0)} ms | python3-pypdf (in-process time, no interpreter start): ${median(pypdf).toFixed(0)} ms | ${(median(ours) / median(pypdf)).toFixed(1)}× |`);
  const body = [
    `Median of ${RUNS} runs, each pair measured back to back in the same run on the same file. Ours runs in-process (one Node process; pdf.js loaded once, which the first run pays for); pdftotext is a process per run. The 500-page file is generated with pdf-lib: two columns of 45 lines per page (${(data.length / 1048576).toFixed(1)} MiB).`,
    '',
    '| task | ours | yardstick | ours / yardstick |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
  writeResultsSection('PDF', body);
  console.log(body);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
