// Runs every benchmark (bench/*.bench.ts) one after another, so each has the
// machine to itself. Each benchmark writes its own section of bench/RESULTS.md
// (machine and date included); this script only sequences them.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${r.status ?? r.signal})`);
  }
}
console.log(`\n${benches.length - failed} benchmarks ran, ${failed} failed; see bench/RESULTS.md`);
process.exit(failed ? 1 : 0);
