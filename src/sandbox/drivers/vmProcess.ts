// Process plumbing both VM drivers share: who the agent runs as, turning the
// hypervisor process's exit into GuestConnection.exited, and a shutdown that
// is clean first and forceful after.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';

/** The uid/gid the agent runs as: the folder owner's, never root (root-owned folders map to 1000). */
export function guestIdentity(folder: string): { uid: number; gid: number } {
  const st = statSync(folder);
  return st.uid === 0 ? { uid: 1000, gid: 1000 } : { uid: st.uid, gid: st.gid };
}

/** Whether the hypervisor binary runs (`--version` exits 0); `installHint` says how to get it. */
export function binaryAnswers(bin: string, installHint: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve({ ok: false, reason: `${bin} not found (${installHint})` }));
    child.on('exit', (code) => resolve(code === 0 ? { ok: true } : { ok: false, reason: `${bin} --version failed` }));
  });
}

/**
 * An overlay's root directory takes its owner and mode from the upper layer, which
 * the host created (as root, when the host runs as root). Give it the guest
 * identity and the folder's mode, or the agent could not create files at the top
 * of /workspace.
 */
export function matchUpperRoot(folder: string, upperDir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = guestIdentity(folder);
  chownSync(upperDir, uid, gid);
  chmodSync(upperDir, statSync(folder).mode & 0o7777);
}

export function watchExit(child: ChildProcess, cleanup: () => void): Promise<{ code: number | null; reason: string }> {
  return new Promise((resolve) => {
    child.on('error', (e) => {
      cleanup();
      resolve({ code: null, reason: `hypervisor could not start: ${e.message}` });
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve({ code, reason: signal ? `hypervisor killed by ${signal}` : code === 0 ? 'guest powered off' : `hypervisor exited with ${code}` });
    });
  });
}

/**
 * Clean shutdown first: closing the control stream makes the agent exit and
 * init powers the guest off. When that takes too long the hypervisor process
 * gets SIGTERM, then SIGKILL. The guest's state (including the overlay upper
 * layer) lives in its RAM and is gone afterwards, by design.
 */
export async function stopGuest(child: ChildProcess, stream: Socket, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  stream.end();
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  if (await within(3000)) return;
  child.kill('SIGTERM');
  if (await within(2000)) return;
  child.kill('SIGKILL');
  await exited;
}
