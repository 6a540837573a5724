// Writes one benchmark's section of bench/RESULTS.md, replacing the previous
// run's section with the same heading and leaving the others alone. Every
// section records the machine and the date, since absolute times drift.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const RESULTS = join(__dirname, 'RESULTS.md');
const HEADER = '# Benchmark results\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs again.\n';

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} × ${cpu}, ${gib} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
}

export function writeResultsSection(heading: string, body: string): void {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER;
  const section = `## ${heading}\n\n_Machine: ${machineLine()}. Date: ${new Date().toISOString().slice(0, 10)}._\n\n${body.trim()}\n`;
  const parts = current.split(/^(?=## )/m);
  const index = parts.findIndex((p) => p.startsWith(`## ${heading}\n`));
  if (index >= 0) parts[index] = section + '\n';
  else parts.push((parts[parts.length - 1].endsWith('\n\n') ? '' : '\n') + section);
  writeFileSync(RESULTS, parts.join(''));
}

/** p-th percentile (0..100) of a list of numbers, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
