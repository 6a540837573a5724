// The qemu driver: boots the guest image in a QEMU microvm (Linux hosts).
// - Firmware-less PVH boot of the uncompressed vmlinux plus the small
//   initramfs (q35 spends ~6 s in SeaBIOS under TCG; microvm starts the
//   kernel directly).
// - KVM when a real boot under it works (kvmProbe), TCG otherwise.
// - No network device at all: `-nodefaults` and no -netdev, so the guest has `lo` only.
// - Shares are virtio-9p, security_model=none: the guest sees owners and modes
//   as QEMU sees them. QEMU runs in a user namespace that maps the host caller
//   to uid 1000, the agent's uid in the guest (qemuSession.ts), so the agent can
//   change exactly the files the person can. Only the host overlay of the
//   folder (writes land in the session's upper dir) is writable; the folder is
//   never written. All skills are one share (bind mounts in that namespace).
// - Control channel: a virtio-serial port whose QEMU end is a client socket
//   to a Unix socket server this driver owns, so the stream exists before the
//   guest boots and nothing is polled.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GuestConnection, GuestDriver, GuestLimits, GuestStartOptions } from '../driver';
import { CONTROL_PORT_NAME, GO_PORT_NAME, INIT_READY_MARKER, MOUNT_TAGS, kernelCmdline } from '../image/initScript';
import { imageInfo, type ImageInfo } from '../image/store';
import { TIMER_ARGS, kvmUsable } from './kvmProbe';
import { startFromSnapshot } from './qemuSnapshot';
import { prepareSkillsView, qemuIdentity, sessionWrapper, type QemuIdentity } from './qemuSession';
import { binaryAnswers, stopGuest, watchExit } from './vmProcess';

export interface QemuConfig {
  qemu: string;
  accel: 'kvm' | 'tcg';
  kernel: string;
  initramfs: string;
  rootfs: string;
  /** What the guest sees at /workspace: the folder itself, or the host's overlay of it (see `workspace`). */
  folder: string;
  workspace: 'overlay' | 'direct';
  toolsDir: string;
  /** Skill name -> host folder; all of them reach the guest as one share of `skillsView`. */
  skillDirs: Record<string, string>;
  /** The folder the skills are bound into (inside QEMU's mount namespace), shared as /skills. */
  skillsView: string;
  limits?: GuestLimits;
  memoryMiB: number;
  cpus: number;
  /** Unix socket the virtio-serial control port connects to. */
  controlSocket: string;
  uid: number;
  gid: number;
  /** Snapshot mode (qemuSnapshot.ts): ext4 root disk, go port, QMP, optionally restoring a saved state. */
  snapshot?: QemuSnapshotDevices;
}

export interface QemuSnapshotDevices {
  /** The rootfs as a read-only ext4 image (replaces the 9p root share, which would block migration). */
  rootDisk: string;
  /** Unix socket the go port (GO_PORT_NAME) connects to. */
  goSocket: string;
  /** QMP server socket QEMU creates. */
  qmpSocket: string;
  /** Saved migration stream to load instead of booting. */
  incoming?: string;
}

/** QEMU's option syntax doubles commas inside values. */
function q(value: string): string {
  return value.replace(/,/g, ',,');
}

/** The full QEMU argument list (pure, so tests can check it exactly). */
export function qemuArgs(c: QemuConfig): string[] {
  const snap = c.snapshot;
  const shares: Array<[string, string]> = [
    ...(snap ? [] : [[MOUNT_TAGS.root, c.rootfs] as [string, string]]),
    [MOUNT_TAGS.workspace, c.folder],
    [MOUNT_TAGS.tools, c.toolsDir],
    // One device whatever the number of skills: the device list (and so a saved guest) never changes with them.
    [MOUNT_TAGS.skills, c.skillsView],
  ];
  const cmdline = [
    // A parked guest learns the workspace mode and scratch size from its go line. No skill names: /skills is one share.
    snap
      ? kernelCmdline({ transport: '9p', uid: c.uid, gid: c.gid, limits: { nproc: c.limits?.nproc, addressSpaceBytes: c.limits?.addressSpaceBytes }, jitless: c.accel === 'tcg', console: 'ttyS0', snapshot: true })
      : kernelCmdline({ transport: '9p', workspace: c.workspace, uid: c.uid, gid: c.gid, limits: c.limits, jitless: c.accel === 'tcg', console: 'ttyS0' }),
    // microvm has no PCI bus; skip probing for one.
    'pci=off',
    ...(c.accel === 'tcg' ? [TIMER_ARGS] : []),
  ].join(' ');
  const args = [
    // PIT and PIC: without them TCG guests may never finish timer calibration.
    '-M', c.accel === 'kvm' ? 'microvm,rtc=on' : 'microvm,pit=on,pic=on,rtc=on',
    '-accel', c.accel,
    ...(c.accel === 'kvm' ? ['-cpu', 'host'] : []),
    '-m', `${c.memoryMiB}M`,
    '-smp', String(c.cpus),
    '-nodefaults', '-no-user-config', '-nographic', '-no-reboot',
    '-serial', 'stdio',
    '-kernel', c.kernel,
    '-initrd', c.initramfs,
    '-append', cmdline,
  ];
  // Device order is part of a saved guest: the restoring QEMU builds the same list.
  if (snap) args.push('-drive', `if=none,id=root,file=${q(snap.rootDisk)},format=raw,readonly=on`, '-device', 'virtio-blk-device,drive=root');
  shares.forEach(([tag, path], i) => {
    // Only a host-side overlay is ever writable; the folder itself never is.
    const ro = tag === MOUNT_TAGS.workspace && c.workspace === 'direct' ? '' : ',readonly=on';
    // The skills view holds one bind mount per skill: several devices, so remap inode numbers.
    const devs = tag === MOUNT_TAGS.skills ? ',multidevs=remap' : '';
    args.push('-fsdev', `local,id=fs${i},path=${q(path)},security_model=none${ro}${devs}`);
    args.push('-device', `virtio-9p-device,fsdev=fs${i},mount_tag=${tag}`);
  });
  args.push('-chardev', `socket,id=ctl,path=${q(c.controlSocket)}`);
  args.push('-device', 'virtio-serial-device', '-device', `virtserialport,chardev=ctl,name=${CONTROL_PORT_NAME}`);
  if (snap) {
    args.push('-chardev', `socket,id=go,path=${q(snap.goSocket)}`, '-device', `virtserialport,chardev=go,name=${GO_PORT_NAME}`);
    args.push('-qmp', `unix:${q(snap.qmpSocket)},server=on,wait=off`);
    if (snap.incoming) {
      if (snap.incoming.includes("'")) throw new Error(`snapshot path not allowed: ${snap.incoming}`);
      args.push('-incoming', `exec:cat '${snap.incoming}'`);
    }
  }
  return args;
}

/** A GuestConnection plus the QEMU process id (for diagnostics and tests). */
export interface QemuConnection extends GuestConnection {
  readonly pid: number | undefined;
}

export interface QemuDriverOptions {
  qemu?: string;
  /** Force an accelerator instead of probing. */
  accel?: 'kvm' | 'tcg';
  /** Give up on a boot that has not reached the agent by then. */
  bootTimeoutMs?: number;
  /**
   * Start from a saved, already-booted guest (qemuSnapshot.ts), building the
   * snapshot on first use; any failure falls back to a cold boot. Off by default.
   */
  snapshot?: boolean;
  /** Snapshot cache folder (default ~/.cache/cowork/snapshots). */
  snapshotCache?: string;
}

export class QemuDriver implements GuestDriver {
  readonly name = 'qemu' as const;
  readonly isolation = 'vm' as const;
  private readonly qemu: string;

  constructor(private readonly opts: QemuDriverOptions = {}) {
    this.qemu = opts.qemu ?? 'qemu-system-x86_64';
  }

  available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (process.platform !== 'linux') return Promise.resolve({ ok: false, reason: 'the qemu driver runs on Linux hosts' });
    if (process.arch !== 'x64') return Promise.resolve({ ok: false, reason: `no qemu guest for ${process.arch} yet` });
    return binaryAnswers(this.qemu, 'install qemu-system-x86');
  }

  async start(o: GuestStartOptions): Promise<QemuConnection> {
    const log = o.log ?? (() => undefined);
    const img = imageInfo(o.imageDir);
    const accel = this.opts.accel ?? ((await kvmUsable(img.kernel, this.qemu)).ok ? 'kvm' : 'tcg');
    const bootTimeout = this.opts.bootTimeoutMs ?? (accel === 'kvm' ? 15_000 : 90_000);
    if (this.opts.snapshot) {
      try {
        return await this.restore(o, img, accel, bootTimeout);
      } catch (e) {
        if (o.signal?.aborted) throw e;
        log(`qemu: snapshot start failed, cold boot instead: ${(e as Error).message}`);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'cowork-qemu-'));
    const controlSocket = join(dir, 'control.sock');
    const server = createServer();
    await new Promise<void>((res, rej) => server.once('error', rej).listen(controlSocket, res));
    const accepted = new Promise<Socket>((res) => server.once('connection', res));

    const { config, wrap } = layoutFor(this.qemu, o, img, accel);
    const argv = wrap([this.qemu, ...qemuArgs({ ...config, controlSocket })]);
    log(`qemu: ${accel}, ${argv.join(' ')}`);
    const t0 = Date.now();
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = watchExit(child, () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const ready = consoleReady(child, log);
    ready.catch(() => undefined); // observed through the race below; later failures only matter there

    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => void child.kill('SIGKILL');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const stream = await Promise.race([
        Promise.all([accepted, ready]).then(([s]) => s),
        exited.then((e) => Promise.reject(new Error(`qemu exited during boot: ${e.reason}`))),
        new Promise<never>((_, rej) => {
          timer = setTimeout(() => rej(new Error(`guest did not start its agent within ${bootTimeout} ms`)), bootTimeout);
        }),
      ]);
      log(`qemu: guest agent starting after ${Date.now() - t0} ms`);
      return {
        stream,
        pid: child.pid,
        driver: 'qemu',
        isolation: 'vm',
        exited,
        stop: () => stopGuest(child, stream, exited),
      };
    } catch (e) {
      child.kill('SIGKILL');
      await exited;
      throw e;
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The snapshot path: the same session layout as a cold boot (host overlay, shares), with a saved guest restored. */
  private restore(o: GuestStartOptions, img: ImageInfo, accel: 'kvm' | 'tcg', timeoutMs: number): Promise<QemuConnection> {
    const { config, wrap } = layoutFor(this.qemu, o, img, accel);
    return startFromSnapshot({
      qemu: this.qemu,
      image: img,
      opts: o,
      config,
      qemuArgs,
      wrap,
      consoleReady,
      cacheDir: this.opts.snapshotCache,
      timeoutMs,
    });
  }
}

/**
 * What a cold boot and a restore share: the session's view of the folder (the
 * host overlay at `merged`), the skills view, the QEMU config without
 * per-launch sockets, and the wrapper that runs QEMU in the session's user and
 * mount namespace (qemuSession.ts).
 */
function layoutFor(qemu: string, o: GuestStartOptions, img: ImageInfo, accel: 'kvm' | 'tcg'): { config: Omit<QemuConfig, 'controlSocket' | 'snapshot'>; wrap: (argv: string[]) => string[] } {
  const overlay = o.overlay;
  // Per-session folders next to the overlay layers; without an overlay (tests), a temp folder.
  const sessionDir = overlay ? dirname(overlay.upperDir) : mkdtempSync(join(tmpdir(), 'cowork-qemu-view-'));
  const merged = overlay ? join(sessionDir, 'merged') : undefined;
  if (merged) mkdirSync(merged, { recursive: true });
  const id = qemuIdentity(o.folder);
  if (overlay) upperRootLikeFolder(o.folder, overlay.upperDir, id);
  const skillDirs = o.skillDirs ?? {};
  const skillsView = join(sessionDir, 'skills');
  prepareSkillsView(skillsView, skillDirs);
  return {
    config: {
      qemu,
      accel,
      kernel: img.kernel,
      initramfs: img.initramfs,
      rootfs: img.rootfs,
      folder: merged ?? o.folder,
      workspace: merged ? 'direct' : 'overlay',
      toolsDir: o.toolsDir,
      skillDirs,
      skillsView,
      limits: o.limits,
      memoryMiB: o.memoryMiB ?? 1024,
      cpus: o.cpus ?? 1,
      uid: id.uid,
      gid: id.gid,
    },
    wrap: (argv) =>
      sessionWrapper(
        { userns: id.userns, overlay: overlay && merged ? { lower: realpathSync(o.folder), ...overlay, merged } : undefined, skillsView, skillDirs },
        argv,
      ),
  };
}

/**
 * The overlay's root directory takes owner and mode from the upper dir: it must
 * be the agent's, i.e. the host caller's when QEMU maps the caller to the agent
 * (also when an older version gave it to another uid), else the folder owner's;
 * and it gets the folder's mode.
 */
function upperRootLikeFolder(folder: string, upperDir: string, id: QemuIdentity): void {
  if (process.getuid?.() === 0) {
    const [uid, gid] = id.userns ? [0, 0] : [id.uid, id.gid];
    const st = statSync(upperDir);
    if (st.uid !== uid || st.gid !== gid) chownSync(upperDir, uid, gid);
  }
  chmodSync(upperDir, statSync(folder).mode & 0o7777);
}

/** Resolves once the init prints `marker` (its ready marker by default); rejects on its failure line. Logs every console line. */
export function consoleReady(child: ChildProcess, log: (line: string) => void, marker: string = INIT_READY_MARKER): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const onData = (b: Buffer): void => {
      pending += b.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        log(`guest: ${line}`);
        if (line.includes(marker)) resolve();
        const failed = /cowork-init: FAILED: (.*)/.exec(line);
        if (failed) reject(new Error(`guest init failed: ${failed[1]}`));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}
