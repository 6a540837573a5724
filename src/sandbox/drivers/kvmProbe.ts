// Whether QEMU can really use KVM here. /dev/kvm existing is not enough: on
// some hosts (nested virtualisation, broken modules) it opens fine and even
// runs trivial real-mode code, yet a Linux boot hangs in the host kernel or
// aborts QEMU. So the probe boots the image's own kernel with no root and
// `panic=-1`: a working guest panics at once ("no init found"), reboots, and
// with -no-reboot QEMU exits 0 in well under a second. A hang hits the
// timeout. The verdict is cached per host kernel, QEMU binary and guest kernel.

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { coworkCacheDir } from '../cacheDir';

export interface ProbeResult {
  ok: boolean;
  reason: string;
}

/**
 * Under TCG the kernel's TSC/PIT calibration sometimes never finishes on a
 * busy host; giving it the numbers skips those loops. Shared with the qemu driver.
 */
export const TIMER_ARGS = 'tsc_early_khz=2000000 lpj=4000000 no_timer_check';

/** The panic message a healthy boot reaches; proves the kernel actually ran. */
const PANIC_MARK = 'Kernel panic';

/** Boots `kernel` once under `accel` and reports whether it reached its panic; exported so tests can check the mechanism under TCG. */
export function runProbe(qemu: string, kernel: string, accel: 'kvm' | 'tcg', timeoutMs: number): Promise<ProbeResult> {
  const args = ['-M', 'microvm,pit=on,pic=on,rtc=on', '-accel', accel, '-m', '128', '-nodefaults', '-no-user-config', '-display', 'none',
    '-no-reboot', '-serial', 'stdio', '-kernel', kernel, '-append', `console=ttyS0 panic=-1 rdinit=/none root=/dev/none loglevel=1 ${TIMER_ARGS}`];
  return new Promise<ProbeResult>((resolve) => {
    const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer): void => {
      out = (out + b.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, reason: `${accel} guest kernel did not boot within ${timeoutMs} ms (hung)` });
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `cannot run ${qemu}: ${e.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && out.includes(PANIC_MARK)) resolve({ ok: true, reason: `${accel} guest kernel booted` });
      else resolve({ ok: false, reason: `${accel} guest failed (exit ${code ?? signal}): ${out.trim().split('\n').pop() ?? ''}` });
    });
  });
}

const memo = new Map<string, Promise<ProbeResult>>();

function cachePath(): string {
  return coworkCacheDir('kvm-probe.json');
}

/**
 * Whether `-accel kvm` works for `kernel`, probing at most once per host
 * kernel, QEMU binary and guest kernel (kept in ~/.cache/cowork/kvm-probe.json).
 */
export function kvmUsable(kernel: string, qemu = 'qemu-system-x86_64', timeoutMs = 8000): Promise<ProbeResult> {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return Promise.resolve({ ok: false, reason: '/dev/kvm is missing or not accessible' });
  }
  let qemuId = qemu;
  try {
    qemuId = `${qemu}@${statSync(qemu).mtimeMs}`;
  } catch {
    // A bare command name: PATH lookup, keyed by name only.
  }
  const key = `${release()} ${qemuId} ${kernel}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const p = (async () => {
    try {
      const cached = JSON.parse(readFileSync(cachePath(), 'utf8')) as Record<string, ProbeResult>;
      if (cached[key]) return cached[key];
    } catch {
      // No cache yet.
    }
    const result = await runProbe(qemu, kernel, 'kvm', timeoutMs);
    try {
      mkdirSync(join(cachePath(), '..'), { recursive: true });
      let all: Record<string, ProbeResult> = {};
      try {
        all = JSON.parse(readFileSync(cachePath(), 'utf8')) as Record<string, ProbeResult>;
      } catch {
        // Start a new cache file.
      }
      all[key] = result;
      writeFileSync(cachePath(), JSON.stringify(all, null, 2));
    } catch {
      // A read-only cache only costs a probe next time.
    }
    return result;
  })();
  memo.set(key, p);
  return p;
}
