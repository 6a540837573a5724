// What one more parallel task on a folder costs, per driver, for the choice of
// mechanism behind "parallel tasks on one folder" (issue 16, docs/ARCHITECTURE.md):
//  - another session in the folder's running guest (staging 'shared'; what an
//    upper layer per session inside the guest would build on): time of
//    openSession + a first call, and the memory the guest's processes grow by;
//  - another task on the same folder as it runs now (its own lane: a guest of
//    its own over the same folder, docs/ARCHITECTURE.md "Why lanes");
//  - another guest (what a guest per task would cost): time from openSession on
//    a second folder to its first answered call, and the memory of the new
//    process tree (QEMU or bwrap + the guest agent).
// Memory is the proportional set size (Pss, /proc/<pid>/smaps_rollup) summed over
// this process's descendants, so shared pages are split fairly between guests.
//
//   npx tsx bench/parallelSessions.bench.ts [--drivers namespace,qemu] [--runs 3]

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultFactory, selectDriver } from '../src/sandbox/drivers/select';
import { SandboxManager } from '../src/sandbox/manager';
import { findTestImage, guestTools, tempDir } from '../test/support/sandboxFixture';
import { percentile, writeResultsSection } from './results';

const argOf = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const DRIVERS = argOf('--drivers', 'namespace,qemu').split(',') as ('namespace' | 'qemu')[];
const RUNS = Number(argOf('--runs', '3'));

function descendants(): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, p] of parent) {
      if (p !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(process.pid);
  return out;
}

function pssKiB(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) sum += Number(m[1]);
    } catch {
      /* gone or not readable */
    }
  }
  return sum;
}

const treePss = () => pssKiB(descendants());
const settle = () => new Promise((r) => setTimeout(r, 500));

interface Sample {
  firstMs: number;
  extraSessionMs: number;
  extraSessionKiB: number;
  laneMs: number;
  laneKiB: number;
  extraGuestMs: number;
  extraGuestKiB: number;
  guestKiB: number;
}

async function measure(driverName: 'namespace' | 'qemu', image: string, toolsDir: string): Promise<Sample> {
  const { driver } = await selectDriver(driverName, defaultFactory, process.platform);
  const stateRoot = tempDir('bench-par-state');
  const folders = [tempDir('bench-par-a'), tempDir('bench-par-b')];
  for (const f of folders) fs.writeFileSync(path.join(f, 'notes.txt'), 'hello\n');
  const manager = new SandboxManager({ imageDir: image, toolsDir, driver, stateRoot });
  try {
    const base = treePss();
    let t = performance.now();
    const s1 = await manager.openSession(folders[0]);
    await s1.readFile('notes.txt');
    const firstMs = performance.now() - t;
    await settle();
    const oneGuest = treePss();

    t = performance.now();
    const s2 = await manager.openSession(folders[0], { staging: 'shared' });
    await s2.readFile('notes.txt');
    const extraSessionMs = performance.now() - t;
    await settle();
    const twoSessions = treePss();

    t = performance.now();
    const lane = await manager.openSession(folders[0]);
    await lane.readFile('notes.txt');
    const laneMs = performance.now() - t;
    await settle();
    const withLane = treePss();

    t = performance.now();
    const s3 = await manager.openSession(folders[1]);
    await s3.readFile('notes.txt');
    const extraGuestMs = performance.now() - t;
    await settle();
    const twoGuests = treePss();
    for (const s of [s1, s2, lane, s3]) await s.close();
    return { firstMs, extraSessionMs, extraSessionKiB: twoSessions - oneGuest, laneMs, laneKiB: withLane - twoSessions, extraGuestMs, extraGuestKiB: twoGuests - withLane, guestKiB: oneGuest - base };
  } finally {
    await manager.dispose();
    for (const d of [stateRoot, ...folders]) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const image = findTestImage();
  if (!image) throw new Error('no sandbox image: npm run sandbox:image');
  const toolsDir = guestTools();
  const rows: string[] = [];
  for (const d of DRIVERS) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure(d, image, toolsDir));
    const med = (f: (s: Sample) => number) => percentile(samples.map(f), 50);
    const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
    rows.push(
      `| ${d} | ${med((s) => s.firstMs).toFixed(0)} ms | ${mib(med((s) => s.guestKiB))} | ${med((s) => s.extraSessionMs).toFixed(0)} ms | ${mib(med((s) => s.extraSessionKiB))} | ${med((s) => s.laneMs).toFixed(0)} ms | ${mib(med((s) => s.laneKiB))} | ${med((s) => s.extraGuestMs).toFixed(0)} ms | ${mib(med((s) => s.extraGuestKiB))} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  const body = [
    `Median of ${RUNS} runs per driver; memory is Pss summed over the process tree (QEMU or bwrap + guest agent), so pages shared between guests are split. "First" = openSession on a folder with no guest + one readFile (the qemu row restores a saved guest when a snapshot exists).`,
    '',
    '| driver | first session | guest memory | extra session, same guest | its memory | extra task, same folder (own lane) | its memory | extra guest, second folder | its memory |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Reading: "extra session, same guest" (staging shared: what an upper layer per session in the one guest would cost) against',
    '"extra task, same folder" (what a second parallel task costs today: its own lane, a guest of its own over the same folder)',
    'and "extra guest" on another folder; docs/ARCHITECTURE.md records the choice made from these figures.',
  ].join('\n');
  writeResultsSection('Parallel task sessions (cost of one more task)', body);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
