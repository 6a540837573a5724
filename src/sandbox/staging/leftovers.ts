// Cleaning up after a run that was killed mid-task (the extension host or a
// `cowork` CLI run got SIGKILL, the machine's session ended...). What such a
// run leaves behind, per folder state dir:
//  - its guest, if the guest did not die with it (QEMU is started with a
//    parent-death signal now, but a run of an older version had none);
//  - the write budget's layer, still mounted at <state>/layers: a loop-mounted
//    ext4 image (root) or a fuse2fs daemon (everyone else), plus the loop
//    device behind it. Overlays live in the guests' private mount namespaces
//    and go with the guest.
// The next SandboxManager sweeps its state root once before its first
// session: owners that are gone (stateOwners.ts) have their guest killed, and
// when no live owner is left, every mount under the state dir is unmounted.
// Staged changes are files in the layer's image and survive that.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { isRunning, readOwners, type ProcessId } from './stateOwners';

const run = promisify(execFile);

/** A mount at or below `dir`, from /proc/self/mountinfo. */
export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

export function mountsUnder(dir: string): MountEntry[] {
  let info: string;
  try {
    info = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: MountEntry[] = [];
  for (const line of info.split('\n')) {
    const fields = line.split(' ');
    const mountPoint = unescape(fields[4] ?? '');
    // After the optional fields comes "-", then the filesystem type.
    const fsType = fields[fields.indexOf('-') + 1] ?? '';
    if (mountPoint === dir || mountPoint.startsWith(`${dir}/`)) out.push({ mountPoint, fsType });
  }
  // Deepest first, so nested mounts come off before their parents.
  return out.sort((a, b) => b.mountPoint.length - a.mountPoint.length);
}

/** Unmounts one leftover mount; a busy one is detached lazily (it goes once its last user does). */
async function unmount(m: MountEntry): Promise<void> {
  const fuse = m.fsType.startsWith('fuse');
  try {
    if (fuse) await run('fusermount3', ['-u', m.mountPoint]);
    else await run('umount', [m.mountPoint]);
  } catch {
    if (fuse) await run('fusermount3', ['-uz', m.mountPoint]);
    else await run('umount', ['-l', m.mountPoint]);
  }
}

async function killAndWait(p: ProcessId, timeoutMs = 5000): Promise<boolean> {
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    return !isRunning(p);
  }
  const until = Date.now() + timeoutMs;
  while (isRunning(p) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !isRunning(p);
}

/** What one sweep did, for the log and the tests. */
export interface SweepResult {
  stateDir: string;
  /** Guests of dead owners that were still running, now killed. */
  killed: number[];
  unmounted: string[];
  /** Mounts that could not be removed (why), e.g. a root-made mount met by an ordinary user. */
  failed: string[];
}

/** Cleans up one folder's state dir after owners that are gone; undefined when there was nothing to do. */
export async function sweepStateDir(stateDir: string): Promise<SweepResult | undefined> {
  const owners = readOwners(stateDir);
  if (owners.length === 0) return undefined;
  const result: SweepResult = { stateDir, killed: [], unmounted: [], failed: [] };
  let live = 0;
  for (const { file, record } of owners) {
    if (record && isRunning(record)) {
      live++;
      continue;
    }
    if (record?.guest && isRunning(record.guest)) {
      if (!(await killAndWait(record.guest))) {
        // Still there (not ours to kill?): leave its mounts alone.
        result.failed.push(`guest pid ${record.guest.pid} of a run that is gone would not stop`);
        live++;
        continue;
      }
      result.killed.push(record.guest.pid);
    }
    fs.rmSync(file, { force: true });
  }
  if (live === 0) {
    for (const m of mountsUnder(stateDir)) {
      try {
        await unmount(m);
        result.unmounted.push(m.mountPoint);
      } catch (err) {
        result.failed.push(`${m.mountPoint}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
  const did = result.killed.length + result.unmounted.length + result.failed.length;
  return did > 0 ? result : undefined;
}

/** Sweeps every state dir under `stateRoot`; one log line per dir it had to clean. */
export async function sweepLeftovers(stateRoot: string, log: (line: string) => void = () => undefined): Promise<SweepResult[]> {
  let names: string[];
  try {
    names = fs.readdirSync(stateRoot);
  } catch {
    return [];
  }
  const results: SweepResult[] = [];
  for (const name of names) {
    const r = await sweepStateDir(path.join(stateRoot, name)).catch((err: Error) => ({ stateDir: path.join(stateRoot, name), killed: [], unmounted: [], failed: [err.message] }));
    if (!r) continue;
    results.push(r);
    const parts = [
      r.killed.length ? `stopped guest ${r.killed.join(', ')}` : '',
      r.unmounted.length ? `unmounted ${r.unmounted.map((m) => path.relative(r.stateDir, m) || '.').join(', ')}` : '',
      r.failed.length ? `could not clean: ${r.failed.join('; ')}` : '',
    ].filter(Boolean);
    log(`sandbox: cleaned up after a run that was killed (${path.basename(r.stateDir)}): ${parts.join('; ')}`);
  }
  return results;
}
