// A pids cgroup that bounds how many processes a namespace guest may have. Only
// needed when the host runs as root: the kernel does not apply RLIMIT_NPROC to
// uid 0, and bwrap maps the sandbox user to the caller's uid. Works with the
// cgroup v1 pids hierarchy and with cgroup v2 when the pids controller is on.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PidsCgroup {
  /** Write a pid here to move it (and its future children) into the cgroup. */
  procsFile: string;
  remove(): void;
}

let counter = 0;

function pidsRoot(): string | undefined {
  if (fs.existsSync('/sys/fs/cgroup/pids/cgroup.procs')) return '/sys/fs/cgroup/pids';
  try {
    if (fs.readFileSync('/sys/fs/cgroup/cgroup.subtree_control', 'utf8').split(/\s+/).includes('pids')) return '/sys/fs/cgroup';
  } catch {
    // no cgroup v2 at the usual place
  }
  return undefined;
}

/** Removes empty cgroups left by extension hosts that died before cleaning up. */
function sweepStale(root: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => n.startsWith('cowork-ns-'));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[2]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      fs.rmdirSync(path.join(root, name)); // fails, harmlessly, while processes remain
    } catch {
      // still in use
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Undefined when no writable pids controller exists; the limit then rests on RLIMIT_NPROC alone. */
export function createPidsCgroup(maxPids: number): PidsCgroup | undefined {
  const root = pidsRoot();
  if (!root) return undefined;
  sweepStale(root);
  const dir = path.join(root, `cowork-ns-${process.pid}-${++counter}`);
  try {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pids.max'), String(maxPids));
  } catch {
    try {
      fs.rmdirSync(dir);
    } catch {
      // never created
    }
    return undefined;
  }
  return {
    procsFile: path.join(dir, 'cgroup.procs'),
    remove() {
      // The last processes may take a moment to be reaped after the guest exits;
      // retry on timers rather than block the extension host.
      let tries = 0;
      const attempt = () => {
        try {
          fs.rmdirSync(dir);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && ++tries < 50) setTimeout(attempt, 20).unref();
        }
      };
      attempt();
    },
  };
}
