// DOCX → PDF with LibreOffice headless inside the sandbox, per driver: the
// document engine's helper (src/documents/office/libreOffice.ts, a fresh
// profile and output folder per call) run by `node` in the guest on a
// generated ~12-page agreement. Two conversions per session: the first pays
// for a cold page cache in the guest, the second is the steady state; both
// create their own profile (that is the helper's rule). The host's own
// LibreOffice is the yardstick, in the same run. Writes "Office (LibreOffice
// in the guest)" in RESULTS.md.
// Run: npx tsx bench/office.bench.ts [--runs N]

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { runLibreOffice } from '../src/documents/office/libreOffice';
import type { GuestDriver } from '../src/sandbox/driver';
import { NamespaceDriver } from '../src/sandbox/drivers/namespace';
import { QemuDriver } from '../src/sandbox/drivers/qemu';
import { findImage } from '../src/sandbox/image/store';
import { SandboxManager } from '../src/sandbox/manager';
import { buildDocx } from '../test/support/docxBuilder';
import { guestTools, tempDir } from '../test/support/sandboxFixture';
import { percentile, writeResultsSection } from './results';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 2;

/** An agreement of ~12 pages: headings and long clauses. */
function agreement(): Buffer {
  const clause = 'The Supplier shall deliver the Services with reasonable skill and care, in accordance with Good Industry Practice, and shall remain liable for its subcontractors as for itself. ';
  let body = '';
  for (let i = 1; i <= 40; i++) {
    body += `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${i}. Clause ${i}</w:t></w:r></w:p>`;
    for (let j = 0; j < 3; j++) body += `<w:p><w:r><w:t xml:space="preserve">${clause.repeat(3)}</w:t></w:r></w:p>`;
  }
  return buildDocx({ body });
}

interface Row {
  name: string;
  start: number;
  first: number[];
  second: number[];
  wall: number[];
}

async function measure(name: string, driver: GuestDriver, imageDir: string, tools: string, folder: string): Promise<Row> {
  const row: Row = { name, start: 0, first: [], second: [], wall: [] };
  for (let run = 0; run < RUNS; run++) {
    const manager = new SandboxManager({ imageDir, toolsDir: tools, driver, stateRoot: tempDir('office-bench-state'), memoryMiB: 2048, limits: { nproc: 512, scratchBytes: 1 << 30 } });
    try {
      const t0 = performance.now();
      const session = await manager.openSession(folder, { taskId: `office-${run}` });
      await session.exec({ command: 'true' });
      if (run === 0) row.start = performance.now() - t0;
      for (const which of ['first', 'second'] as const) {
        const w0 = performance.now();
        const r = await session.exec({ command: 'node office-guest.js agreement.docx pdf', timeoutMs: 900_000 });
        if (r.exitCode !== 0) throw new Error(`${name}: conversion failed: ${r.stderr || r.stdout}`);
        const out = JSON.parse(r.stdout.trim()) as { ms: number; bytes: number };
        row[which].push(out.ms);
        if (which === 'second') row.wall.push(performance.now() - w0);
        console.log(`${name} run ${run + 1} ${which}: ${out.ms} ms in the guest (${out.bytes} bytes of PDF)`);
      }
      await session.close();
    } finally {
      await manager.dispose();
    }
  }
  return row;
}

async function main(): Promise<void> {
  const image = findImage();
  if (!image) throw new Error('no sandbox image: run `npm run sandbox:image` first');
  const tools = guestTools();
  const folder = tempDir('office-bench-folder');
  writeFileSync(join(folder, 'agreement.docx'), agreement());
  buildSync({ entryPoints: [join(__dirname, '../test/support/libreOfficeGuestRunner.ts')], outfile: join(folder, 'office-guest.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  const hostFirst = await runLibreOffice({ input: join(folder, 'agreement.docx'), convertTo: 'pdf', scratch: tempDir('office-bench-host') });
  const info = execFileSync('pdfinfo', [hostFirst.output], { encoding: 'utf8' });
  const pageCount = /Pages:\s+(\d+)/.exec(info)?.[1] ?? '?';
  const host: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) host.push((await runLibreOffice({ input: join(folder, 'agreement.docx'), convertTo: 'pdf', scratch: tempDir('office-bench-host') })).ms);
  const hostVersion = execFileSync('soffice', ['--version'], { encoding: 'utf8' }).trim().split(' ').slice(0, 2).join(' ');
  const guestVersion = 'LibreOffice 25.2 (Debian trixie)';
  const rows = [
    await measure('namespace (bwrap)', new NamespaceDriver(), image.dir, tools, folder),
    await measure('qemu, TCG, cold boot', new QemuDriver({ accel: 'tcg' }), image.dir, tools, folder),
    await measure('qemu, TCG, snapshot restore', new QemuDriver({ accel: 'tcg', snapshot: true, snapshotCache: tempDir('office-bench-snap') }), image.dir, tools, folder),
  ];
  const med = (xs: number[]) => (xs.length ? (percentile(xs, 50) / 1000).toFixed(1) : '–');
  const table = [
    '| where | sessions | sandbox start, s | 1st conversion, median s | 2nd conversion, median s | 2nd, host wall incl. exec, s |',
    '|---|---|---|---|---|---|',
    `| host (${hostVersion}, yardstick) | – | – | ${med([hostFirst.ms])} | ${med(host)} | – |`,
    ...rows.map((r) => `| ${r.name} | ${RUNS} | ${(r.start / 1000).toFixed(1)} | ${med(r.first)} | ${med(r.second)} | ${med(r.wall)} |`),
  ].join('\n');
  console.log(table);
  writeResultsSection(
    'Office (LibreOffice in the guest)',
    `DOCX → PDF of a generated agreement (${pageCount} pages) with \`runLibreOffice\` (own profile and output folder per call, so every call also creates a fresh profile), run by \`node\` inside the guest; times measured by the helper inside the guest. Guest: image ${image.version} (${guestVersion}), 1 vCPU for qemu, 2 GiB. "1st" is each session's first conversion (cold guest page cache), "2nd" the next one.\n\n${table}\n\nUnder TCG every instruction of LibreOffice is translated, so expect the VM rows to be many times the namespace row; with KVM (not usable on this host) they would be close to it.`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
