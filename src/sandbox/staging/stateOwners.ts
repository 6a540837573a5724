// Which processes are using a folder's state dir right now. Each one (the
// extension, a `cowork` CLI run) leaves a small file in <state>/owners/ naming
// itself (pid plus the kernel's start time, so a recycled pid is not taken for
// it) and the guest process it started. A run that is killed cannot remove its
// file: the next start finds the owner gone and cleans up after it
// (leftovers.ts). Several live owners of one folder are allowed; only dead
// ones are cleaned up.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** A process, as the kernel knows it: pid plus start time (clock ticks since boot). */
export interface ProcessId {
  pid: number;
  start: string;
}

/** What one owner file holds. */
export interface OwnerRecord extends ProcessId {
  /** The guest process (QEMU, or the namespace's unshare) this owner started, while it runs. */
  guest?: ProcessId;
}

/** The process's start time from /proc/<pid>/stat (field 22), or undefined when it is gone. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether that very process still runs (a zombie counts as gone). */
export function isRunning(p: ProcessId): boolean {
  if (processStart(p.pid) !== p.start) return false;
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${p.pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

export function ownersDir(stateDir: string): string {
  return path.join(stateDir, 'owners');
}

/** Every owner file of a state dir, with its path. Unreadable or torn files count as an owner that is gone. */
export function readOwners(stateDir: string): Array<{ file: string; record: OwnerRecord | undefined }> {
  const dir = ownersDir(stateDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((n) => {
    const file = path.join(dir, n);
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as OwnerRecord;
      return { file, record: typeof r.pid === 'number' && typeof r.start === 'string' ? r : undefined };
    } catch {
      return { file, record: undefined };
    }
  });
}

/** This process's claim on one state dir. */
export class StateOwner {
  private readonly self: ProcessId;
  private readonly file: string;
  private guest: ProcessId | undefined;
  private claimed = false;

  constructor(private readonly stateDir: string) {
    this.self = { pid: process.pid, start: processStart(process.pid) ?? '0' };
    this.file = path.join(ownersDir(stateDir), `${this.self.pid}-${this.self.start}.json`);
  }

  /** The guest recorded for this owner, while one runs. */
  get guestPid(): number | undefined {
    return this.guest?.pid;
  }

  /** Records this process as an owner (before it mounts anything there). */
  claim(): void {
    this.claimed = true;
    this.write();
  }

  /** Names the guest this owner runs now (undefined: none). Only while claimed. */
  setGuest(pid: number | undefined): void {
    const start = pid ? processStart(pid) : undefined;
    this.guest = pid && start ? { pid, start } : undefined;
    if (this.claimed) this.write();
  }

  /** Gives the state dir up (its layers unmounted, no guest left). */
  release(): void {
    this.claimed = false;
    fs.rmSync(this.file, { force: true });
  }

  private write(): void {
    const record: OwnerRecord = { ...this.self, ...(this.guest ? { guest: this.guest } : {}) };
    fs.mkdirSync(ownersDir(this.stateDir), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record));
    fs.renameSync(tmp, this.file);
  }
}
