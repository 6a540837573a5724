// Which process uses a lane's state dir (a folder's staging for one task at a
// time, see manager.ts). Two `cowork` runs on one folder are two processes,
// each with its own SandboxManager: the lock makes the second take another
// lane instead of sharing the first one's upper layer. The lock names the
// process (pid + start time, stateOwners.ts), so one left by a killed run is
// taken over.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRunning, processStart, type ProcessId } from './stateOwners';

const LOCK = 'lane.lock';

function self(): ProcessId {
  return { pid: process.pid, start: processStart(process.pid) ?? '0' };
}

function holder(file: string): ProcessId | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessId;
    return typeof r.pid === 'number' && typeof r.start === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lane for this process; false when another live process holds it. */
export function lockLane(stateDir: string): boolean {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, LOCK);
  const me = self();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const h = holder(file);
    if (h && h.pid === me.pid && h.start === me.start) return true;
    if (h && isRunning(h)) return false;
    // Left by a run that is gone (or torn): take it over.
    fs.rmSync(file, { force: true });
  }
  return false;
}

/** Whether a live process other than this one holds the lane. */
export function laneHeldElsewhere(stateDir: string): boolean {
  const h = holder(path.join(stateDir, LOCK));
  if (!h) return false;
  if (h.pid === process.pid) return false;
  return isRunning(h);
}

export function unlockLane(stateDir: string): void {
  const file = path.join(stateDir, LOCK);
  const h = holder(file);
  if (h && h.pid === process.pid) fs.rmSync(file, { force: true });
}
