// The qemu driver: boots the guest image in a QEMU microvm (Linux hosts).
// - Firmware-less PVH boot of the uncompressed vmlinux plus the small
//   initramfs (q35 spends ~6 s in SeaBIOS under TCG; microvm starts the
//   kernel directly).
// - KVM when a real boot under it works (kvmProbe), TCG otherwise.
// - No network device at all: `-nodefaults` and no -netdev, so the guest has `lo` only.
// - Shares are virtio-9p, security_model=none: the guest sees owners and modes
//   as QEMU sees them. QEMU runs in a user namespace that maps the host caller
//   (or, for root on another user's folder, that owner, whom root drops to)
//   to uid 1000, the agent's uid in the guest (qemuSession.ts), so the agent can
//   change exactly the files the person can. Only the host overlay of the
//   folder (writes land in the session's upper dir) is writable; the folder is
//   never written. All skills are one share (bind mounts in that namespace).
// - Control channel: a virtio-serial port whose QEMU end is a client socket
//   to a Unix socket server this driver owns, so the stream exists before the
//   guest boots and nothing is polled.
// The configuration, argument list and session layout both starts share are in
// qemuConfig.ts; the snapshot start is qemuSnapshot.ts.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuestDriver, GuestStartOptions } from '../driver';
import { imageInfo, type ImageInfo } from '../image/store';
import { kvmUsable } from './kvmProbe';
import { consoleReady, sessionLayout, type QemuConnection } from './qemuConfig';
import { socketsForOwner } from './qemuSession';
import { startFromSnapshot } from './qemuSnapshot';
import { binaryAnswers, bootOrKill, listenForGuest, stopGuest, watchExit } from './vmProcess';

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
    const { server, accepted } = await listenForGuest(controlSocket);

    const { config, wrap, identity } = sessionLayout(this.qemu, o, img, accel);
    socketsForOwner(identity, dir);
    const argv = wrap({ ...config, controlSocket });
    log(`qemu: ${accel}, ${argv.join(' ')}`);
    const t0 = Date.now();
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = watchExit(child, () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const ready = consoleReady(child, log);
    ready.catch(() => undefined); // observed through the race below; later failures only matter there

    const stream = await bootOrKill(child, exited, Promise.all([accepted, ready]).then(([s]) => s), bootTimeout, o.signal, {
      exited: (reason) => `qemu exited during boot: ${reason}`,
      timedOut: () => `guest did not start its agent within ${bootTimeout} ms`,
    });
    log(`qemu: guest agent starting after ${Date.now() - t0} ms`);
    return {
      stream,
      pid: child.pid,
      driver: 'qemu',
      isolation: 'vm',
      exited,
      stop: () => stopGuest(child, stream, exited),
    };
  }

  /** The snapshot path: the same session layout as a cold boot (host overlay, shares), with a saved guest restored. */
  private restore(o: GuestStartOptions, img: ImageInfo, accel: 'kvm' | 'tcg', timeoutMs: number): Promise<QemuConnection> {
    return startFromSnapshot({ qemu: this.qemu, image: img, opts: o, accel, cacheDir: this.opts.snapshotCache, timeoutMs });
  }
}
