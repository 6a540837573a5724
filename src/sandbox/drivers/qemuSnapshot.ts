// Starting the qemu guest from a saved, already-booted one. Under TCG the
// agent's Node start-up alone costs seconds; a guest saved after that
// (QEMU migration to a file) and restored skips kernel, init and Node.
//
// Build (once per key, see qemuSnapshotStore): a cold boot in snapshot mode
// (ext4 root disk, agent started, no 9p share mounted, since QEMU refuses to
// migrate while one is) that parks waiting for a go line; once the agent
// answers hello the VM is paused and migrated to `state`.
// Restore: QEMU with the same device list, the session's share paths and
// `-incoming`; the state file is hashed while QEMU loads it and the guest is
// resumed only if it matches. The go line then brings the host clock, a fresh
// entropy seed and the session's share settings; init mounts the shares and
// prints its usual ready marker. Any failure here is the caller's cue to
// fall back to a cold boot.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestClient } from '../client';
import type { GuestStartOptions } from '../driver';
import { INIT_PARKED_MARKER, goLine } from '../image/initScript';
import type { ImageInfo } from '../image/store';
import { consoleReady, sessionLayout, type QemuConfig, type QemuConnection, type QemuSnapshotDevices, type SessionLayout } from './qemuConfig';
import { Qmp } from './qemuSnapshotQmp';
import {
  SNAPSHOT_FILES,
  SNAPSHOT_FORMAT,
  checkSnapshot,
  commitSnapshot,
  discardSnapshot,
  makeRootfsDisk,
  qemuVersion,
  sha256File,
  sha256FileSync,
  snapshotKey,
  snapshotsRoot,
  type SnapshotKeyInputs,
  type SnapshotMeta,
} from './qemuSnapshotStore';
import { socketsForOwner } from './qemuSession';
import { bootOrKill, listenForGuest, raceBoot, stopGuest, watchExit, type BootFailure, type HypervisorExit } from './vmProcess';

/** What the qemu driver hands over: plain data; the session's layout is made here from it, as a cold boot makes it. */
export interface SnapshotHost {
  qemu: string;
  image: ImageInfo;
  opts: GuestStartOptions;
  accel: 'kvm' | 'tcg';
  /** Snapshot cache folder (default snapshotsRoot()). */
  cacheDir?: string;
  timeoutMs: number;
}

/** A snapshot start under way: what the driver handed over plus the session's layout (qemuConfig.ts). */
type Session = SnapshotHost & SessionLayout;

export function snapshotKeyInputs(h: Session): SnapshotKeyInputs {
  const c = h.config;
  return {
    format: SNAPSHOT_FORMAT,
    imageVersion: h.image.version,
    imageManifest: sha256FileSync(h.image.manifest),
    agent: sha256FileSync(join(c.toolsDir, 'guest-agent.js')),
    qemuVersion: qemuVersion(h.qemu),
    accel: c.accel,
    memoryMiB: c.memoryMiB,
    cpus: c.cpus,
    uid: c.uid,
    gid: c.gid,
    nproc: Math.floor(c.limits?.nproc ?? 0),
    addressSpaceBytes: Math.floor(c.limits?.addressSpaceBytes ?? 0),
  };
}

/** Restores the guest for this session, building its snapshot first when there is no usable one. */
export async function startFromSnapshot(host: SnapshotHost): Promise<QemuConnection> {
  const h: Session = { ...host, ...sessionLayout(host.qemu, host.opts, host.image, host.accel) };
  const log = h.opts.log ?? (() => undefined);
  const root = h.cacheDir ?? snapshotsRoot();
  const inputs = snapshotKeyInputs(h);
  const key = snapshotKey(inputs);
  let check = checkSnapshot(root, key);
  if (!check.ok) {
    log(`qemu snapshot ${key}: ${check.reason}; building it`);
    discardSnapshot(check.dir);
    await buildSnapshot(h, root, key, inputs);
    check = checkSnapshot(root, key);
    if (!check.ok) throw new Error(`snapshot just built is unusable: ${check.reason}`);
  }
  try {
    return await restore(h, check.dir, check.meta);
  } catch (e) {
    // Whatever went wrong (short of the caller aborting), this snapshot is not
    // trusted again: the next start rebuilds it.
    if (!h.opts.signal?.aborted) discardSnapshot(check.dir);
    throw e;
  }
}

interface Launched {
  child: ChildProcess;
  exited: Promise<HypervisorExit>;
  control: Promise<Socket>;
  go: Promise<Socket>;
  qmpSocket: string;
}

/** Starts QEMU in snapshot mode with its sockets in a fresh temp dir (removed when QEMU exits). */
async function launch(h: Session, c: QemuConfig & { snapshot: QemuSnapshotDevices }, wrap: (c: QemuConfig) => string[], log: (l: string) => void): Promise<Launched> {
  const sockDir = c.controlSocket.slice(0, c.controlSocket.lastIndexOf('/'));
  const control = await listenForGuest(c.controlSocket);
  const go = await listenForGuest(c.snapshot.goSocket);
  // A restore (it has a state to load) runs QEMU as the folder's owner when root works on another user's folder; a build never does (wrapBare).
  if (c.snapshot.incoming) socketsForOwner(h.identity, sockDir);
  const argv = wrap(c);
  log(`qemu snapshot: ${argv.join(' ')}`);
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = watchExit(child, () => {
    control.server.close();
    go.server.close();
    rmSync(sockDir, { recursive: true, force: true });
  });
  return { child, exited, control: control.accepted, go: go.accepted, qmpSocket: c.snapshot.qmpSocket };
}

function socketsIn(dir: string): { controlSocket: string; goSocket: string; qmpSocket: string } {
  return { controlSocket: join(dir, 'control.sock'), goSocket: join(dir, 'go.sock'), qmpSocket: join(dir, 'qmp.sock') };
}

/** How a snapshot step that QEMU's exit or the time limit cut short is reported. */
function failed(what: string, ms: number): BootFailure {
  return { exited: (reason) => `qemu exited during ${what}: ${reason}`, timedOut: () => `${what} took longer than ${ms} ms` };
}

/** Rejects when QEMU exits or the time is up, so a hung step never hangs start(). */
function guard<T>(work: Promise<T>, l: Launched, ms: number, what: string): Promise<T> {
  return raceBoot(work, l.exited, ms, failed(what, ms));
}

/**
 * Cold-boots a parked guest with stand-in shares (empty folders: only the
 * device list is part of the saved state, not the host paths) and saves it.
 */
async function buildSnapshot(h: Session, root: string, key: string, inputs: SnapshotKeyInputs): Promise<void> {
  const log = h.opts.log ?? (() => undefined);
  const t0 = Date.now();
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `${key}.partial-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    await makeRootfsDisk(h.image.rootfs, join(tmp, SNAPSHOT_FILES.disk));
    const stub = join(tmp, 'stub');
    const tools = join(stub, 'tools');
    mkdirSync(tools, { recursive: true, mode: 0o755 });
    // A private copy, so the agent the snapshot runs is exactly the one its key names.
    copyFileSync(join(h.config.toolsDir, 'guest-agent.js'), join(tools, 'guest-agent.js'));
    if (sha256FileSync(join(tools, 'guest-agent.js')) !== inputs.agent) throw new Error('guest-agent.js changed while building the snapshot');
    // The skills share is one device whatever the session mounts: an empty stand-in.
    mkdirSync(join(stub, 'skills'));
    mkdirSync(join(stub, 'ws'));

    const socks = socketsIn(mkdtempSync(join(tmpdir(), 'cowork-snap-')));
    const l = await launch(h, {
      ...h.config, folder: join(stub, 'ws'), toolsDir: tools, skillDirs: {}, skillsView: join(stub, 'skills'),
      controlSocket: socks.controlSocket,
      snapshot: { rootDisk: join(tmp, SNAPSHOT_FILES.disk), goSocket: socks.goSocket, qmpSocket: socks.qmpSocket },
    }, (cfg) => h.wrapBare(cfg, join(stub, 'skills')), log);
    try {
      const parked = consoleReady(l.child, log, INIT_PARKED_MARKER);
      parked.catch(() => undefined);
      const stream = await guard(l.control, l, h.timeoutMs, 'snapshot boot');
      await guard(parked, l, h.timeoutMs, 'snapshot boot');
      // hello answered: Node is up and the agent loaded, which is what the snapshot is for.
      await guard(new GuestClient(stream).call('hello', {}), l, h.timeoutMs, 'snapshot boot (agent hello)');
      const qmp = await Qmp.open(l.qmpSocket);
      try {
        await qmp.execute('stop');
        const state = join(tmp, SNAPSHOT_FILES.state);
        await qmp.execute('migrate', { uri: `exec:cat > '${state.replace(/'/g, `'\\''`)}'` });
        for (;;) {
          const m = (await qmp.execute('query-migrate')) as { status?: string; 'error-desc'?: string };
          if (m.status === 'completed') break;
          if (m.status === 'failed' || m.status === 'cancelled') throw new Error(`saving the guest failed: ${m['error-desc'] ?? m.status}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        qmp.close();
      }
    } finally {
      l.child.kill('SIGKILL');
      await l.exited;
    }
    rmSync(stub, { recursive: true, force: true });
    await commitSnapshot(tmp, root, key, inputs);
    log(`qemu snapshot ${key}: built in ${Date.now() - t0} ms`);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function restore(h: Session, dir: string, meta: SnapshotMeta): Promise<QemuConnection> {
  const log = h.opts.log ?? (() => undefined);
  const t0 = Date.now();
  const state = join(dir, SNAPSHOT_FILES.state);
  const socks = socketsIn(mkdtempSync(join(tmpdir(), 'cowork-qemu-')));
  // Hashed while QEMU reads it (the page cache serves both): no resume unless it matches.
  const hashed = sha256File(state);
  hashed.catch(() => undefined);
  const l = await launch(h, {
    ...h.config,
    controlSocket: socks.controlSocket,
    snapshot: { rootDisk: join(dir, SNAPSHOT_FILES.disk), goSocket: socks.goSocket, qmpSocket: socks.qmpSocket, incoming: state },
  }, h.wrap, log);
  const ready = consoleReady(l.child, log);
  ready.catch(() => undefined);
  const stream = await bootOrKill(l.child, l.exited, (async () => {
    const qmp = await Qmp.open(l.qmpSocket);
    try {
      // "inmigrate" while loading; the saved guest was paused, so it loads as paused.
      for (;;) {
        const st = await qmp.status();
        if (st === 'paused' || st === 'postmigrate') break;
        if (st !== 'inmigrate') throw new Error(`unexpected run state after loading: ${st}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      if ((await hashed) !== meta.stateSha256) throw new Error('snapshot state does not match its sha256 (corrupt)');
      await qmp.execute('cont');
    } finally {
      qmp.close();
    }
    const go = await l.go;
    go.write(goLine({
      nowMs: Date.now(),
      seedHex: randomBytes(32).toString('hex'),
      workspace: h.config.workspace,
      scratchBytes: h.opts.limits?.scratchBytes ?? 0,
    }));
    await ready;
    return l.control;
  })(), h.timeoutMs, h.opts.signal, failed('snapshot restore', h.timeoutMs));
  log(`qemu: restored guest agent starting after ${Date.now() - t0} ms`);
  return {
    stream,
    pid: l.child.pid,
    driver: 'qemu',
    isolation: 'vm',
    exited: l.exited,
    stop: () => stopGuest(l.child, stream, l.exited),
  };
}
