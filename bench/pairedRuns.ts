// Whole-process wall times of two commands run alternately (A B A B ...) after one
// warm-up each, so drift on a shared machine hits both; each bench takes its own
// medians and ratios from the raw times.

import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export type Cmd = { label: string; argv: string[] };

/** One run's wall time in ms; a failing command throws with its stderr. */
export function wall(cmd: Cmd, timeoutMs: number): number {
  const t = performance.now();
  const r = spawnSync(cmd.argv[0]!, cmd.argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd.label} failed (${r.status ?? r.signal}): ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/** `runs` alternating pairs after a warm-up of each: the times of A and of B, pair by pair. */
export function pairedWalls(a: Cmd, b: Cmd, runs: number, timeoutMs: number): { as: number[]; bs: number[] } {
  wall(a, timeoutMs);
  wall(b, timeoutMs);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(wall(a, timeoutMs));
    bs.push(wall(b, timeoutMs));
  }
  return { as, bs };
}
