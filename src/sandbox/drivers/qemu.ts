// The qemu driver: boots the guest image in a QEMU microvm (Linux hosts).
// - Firmware-less PVH boot of the uncompressed vmlinux plus the small
//   initramfs (q35 spends ~6 s in SeaBIOS under TCG; microvm starts the
//   kernel directly).
// - KVM when a real boot under it works (kvmProbe), TCG otherwise.
// - No network device at all: `-nodefaults` and no -netdev, so the guest has `lo` only.
// - Shares are virtio-9p, read-only, security_model=none: the guest sees the
//   host's owners and modes, which is what lets the agent (renumbered to the
//   folder owner's uid by init) read exactly what the host user can. Writes
//   never reach the share: they land in the guest's overlay upper layer.
// - Control channel: a virtio-serial port whose QEMU end is a client socket
//   to a Unix socket server this driver owns, so the stream exists before the
//   guest boots and nothing is polled.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GuestConnection, GuestDriver, GuestLimits, GuestStartOptions } from '../driver';
import { CONTROL_PORT_NAME, GO_PORT_NAME, INIT_READY_MARKER, MOUNT_TAGS, kernelCmdline } from '../image/initScript';
import { imageInfo, type ImageInfo } from '../image/store';
import { TIMER_ARGS, kvmUsable } from './kvmProbe';
import { overlayMountScript, overlayOptions } from './overlayMount';
import { startFromSnapshot } from './qemuSnapshot';
import { binaryAnswers, guestIdentity, matchUpperRoot, stopGuest, watchExit } from './vmProcess';

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
  skillDirs: Record<string, string>;
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
  const skills = Object.keys(c.skillDirs).sort();
  const snap = c.snapshot;
  const shares: Array<[string, string]> = [
    ...(snap ? [] : [[MOUNT_TAGS.root, c.rootfs] as [string, string]]),
    [MOUNT_TAGS.workspace, c.folder],
    [MOUNT_TAGS.tools, c.toolsDir],
    ...skills.map((s, i): [string, string] => [MOUNT_TAGS.skill(i), c.skillDirs[s] as string]),
  ];
  const cmdline = [
    // A parked guest learns the workspace mode, skill names and scratch size from its go line.
    snap
      ? kernelCmdline({ transport: '9p', uid: c.uid, gid: c.gid, limits: { nproc: c.limits?.nproc, addressSpaceBytes: c.limits?.addressSpaceBytes }, jitless: c.accel === 'tcg', console: 'ttyS0', snapshot: true })
      : kernelCmdline({ transport: '9p', workspace: c.workspace, uid: c.uid, gid: c.gid, skills, limits: c.limits, jitless: c.accel === 'tcg', console: 'ttyS0' }),
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
    args.push('-fsdev', `local,id=fs${i},path=${q(path)},security_model=none${ro}`);
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

/**
 * The command that runs QEMU inside a private mount namespace (a user
 * namespace too unless root) where the folder is overlaid with the session's
 * upper dir at `merged`, the same layering the namespace driver uses. QEMU
 * shares `merged` read-write, so guest writes land in `upperDir` on the host,
 * where staging reads them, and the folder itself is never written.
 */
export function overlayWrapper(lower: string, overlay: NonNullable<GuestStartOptions['overlay']>, merged: string, command: string[]): string[] {
  const root = process.getuid?.() === 0;
  const opts = overlayOptions(lower, overlay, overlay.engine, root);
  return [
    'unshare',
    ...(root ? ['--mount'] : ['--user', '--map-root-user', '--mount']),
    '--propagation', 'private',
    '/bin/sh', '-c', overlayMountScript(overlay.engine), 'cowork-vm', opts, merged,
    ...command,
  ];
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
 * host overlay at `merged`, whose root takes the guest identity), the QEMU
 * config without per-launch sockets, and the wrapper that runs QEMU inside the
 * overlay's mount namespace.
 */
function layoutFor(qemu: string, o: GuestStartOptions, img: ImageInfo, accel: 'kvm' | 'tcg'): { config: Omit<QemuConfig, 'controlSocket' | 'snapshot'>; wrap: (argv: string[]) => string[] } {
  const merged = o.overlay ? join(dirname(o.overlay.upperDir), 'merged') : undefined;
  if (merged) mkdirSync(merged, { recursive: true });
  if (o.overlay) matchUpperRoot(o.folder, o.overlay.upperDir);
  const overlay = o.overlay;
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
      skillDirs: o.skillDirs ?? {},
      limits: o.limits,
      memoryMiB: o.memoryMiB ?? 1024,
      cpus: o.cpus ?? 1,
      ...guestIdentity(o.folder),
    },
    wrap: (argv) => (overlay && merged ? overlayWrapper(realpathSync(o.folder), overlay, merged, argv) : argv),
  };
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
