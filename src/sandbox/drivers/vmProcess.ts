// Process plumbing both VM drivers share: who the agent runs as, turning the
// hypervisor process's exit into GuestConnection.exited, and a shutdown that
// is clean first and forceful after.

import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';

/**
 * vz: the uid/gid the agent runs as, the folder owner's, never root (root-owned
 * folders map to 1000). virtio-fs under Apple's framework shows the guest the
 * host's numeric owners, and the host side acts as the user running vfkit, so the
 * agent must carry the owner's uid to pass the guest kernel's permission checks.
 * (qemu maps uids in a user namespace instead: qemuSession.ts.)
 */
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
