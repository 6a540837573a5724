// Process plumbing the VM starts share (qemu cold boot, qemu snapshot, vz):
// who the agent runs as, the socket the guest's end connects to, turning the
// hypervisor process's exit into GuestConnection.exited, a boot raced against
// that exit and a time limit, and a shutdown that is clean first and forceful after.

import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';

export interface HypervisorExit {
  code: number | null;
  reason: string;
}

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

/** A Unix socket server at `path` for the guest's end of a channel; `accepted` is its first connection. */
export function listenForGuest(path: string): Promise<{ server: Server; accepted: Promise<Socket> }> {
  const server = createServer();
  const accepted = new Promise<Socket>((res) => server.once('connection', res));
  return new Promise((res, rej) => server.once('error', rej).listen(path, () => res({ server, accepted })));
}

export function watchExit(child: ChildProcess, cleanup: () => void): Promise<HypervisorExit> {
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

/** What a failed boot step says: the hypervisor's exit reason, or the time limit passing. */
export interface BootFailure {
  exited: (reason: string) => string;
  timedOut: () => string;
}

/** Rejects when the hypervisor exits or `ms` pass before `work` settles, so a hung step never hangs a start. */
export function raceBoot<T>(work: Promise<T>, exited: Promise<HypervisorExit>, ms: number, fail: BootFailure): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    exited.then((e) => Promise.reject(new Error(fail.exited(e.reason)))),
    new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(fail.timedOut())), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A whole boot: `work` raced as in raceBoot, with `signal` killing the
 * hypervisor; on any failure the process is killed and its exit awaited
 * before the error goes on, so nothing outlives a failed start.
 */
export async function bootOrKill<T>(child: ChildProcess, exited: Promise<HypervisorExit>, work: Promise<T>, ms: number, signal: AbortSignal | undefined, fail: BootFailure): Promise<T> {
  const onAbort = (): void => void child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await raceBoot(work, exited, ms, fail);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
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
