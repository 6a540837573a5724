// The vz driver: boots the guest image with Apple's Virtualization framework
// through vfkit (macOS hosts). Same image, same init, same agent as qemu; only
// the transports differ: virtio-fs shares instead of 9p, and the control
// channel is vsock. macOS has no AF_VSOCK, so vfkit exposes the guest's vsock
// port as a Unix socket: in `listen` mode this driver listens on it, and the
// guest's init connects (socat VSOCK-CONNECT:2:<port>) once the agent is
// about to start. That connection is therefore also the "ready" signal.
// No network device is configured: the guest has `lo` only.
// macOS has no overlayfs, so GuestStartOptions.overlay cannot be honoured on
// the host: the workspace is overlaid inside the guest (upper layer in guest
// RAM) and the host-side upper dir stays empty. See docs/sandbox-images.md.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuestConnection, GuestDriver, GuestLimits, GuestStartOptions } from '../driver';
import { DEFAULT_VSOCK_PORT, MOUNT_TAGS, kernelCmdline } from '../image/initScript';
import { imageInfo } from '../image/store';
import { binaryAnswers, bootOrKill, guestIdentity, listenForGuest, stopGuest, watchExit } from './vmProcess';

export interface VfkitConfig {
  kernel: string;
  initramfs: string;
  rootfs: string;
  folder: string;
  toolsDir: string;
  skillDirs: Record<string, string>;
  limits?: GuestLimits;
  memoryMiB: number;
  cpus: number;
  /** Unix socket vfkit forwards the guest's vsock connection to (this driver listens on it). */
  vsockSocket: string;
  vsockPort: number;
  /** File the guest console (hvc0) is written to. */
  consoleLog: string;
  uid: number;
  gid: number;
}

/** vfkit splits options on commas and quotes; such paths cannot be passed safely. */
function safe(path: string): string {
  if (/[,"]/.test(path)) throw new Error(`path not supported by vfkit options (contains , or "): ${path}`);
  return path;
}

/** The full vfkit argument list (pure, so tests can check it exactly). */
export function vfkitArgs(c: VfkitConfig): string[] {
  const skills = Object.keys(c.skillDirs).sort();
  const cmdline = kernelCmdline({ transport: 'virtiofs', workspace: 'overlay', uid: c.uid, gid: c.gid, skills, limits: c.limits, vsockPort: c.vsockPort, console: 'hvc0' });
  const shares: Array<[string, string]> = [
    [MOUNT_TAGS.root, c.rootfs],
    [MOUNT_TAGS.workspace, c.folder],
    [MOUNT_TAGS.tools, c.toolsDir],
    ...skills.map((s, i): [string, string] => [MOUNT_TAGS.skill(i), c.skillDirs[s] as string]),
  ];
  return [
    '--cpus', String(c.cpus),
    '--memory', String(c.memoryMiB),
    '--bootloader', `linux,kernel=${safe(c.kernel)},initrd=${safe(c.initramfs)},cmdline="${cmdline}"`,
    ...shares.flatMap(([tag, dir]) => ['--device', `virtio-fs,sharedDir=${safe(dir)},mountTag=${tag}`]),
    '--device', `virtio-vsock,port=${c.vsockPort},socketURL=${safe(c.vsockSocket)},listen`,
    '--device', `virtio-serial,logFilePath=${safe(c.consoleLog)}`,
  ];
}

export interface VzDriverOptions {
  /** The vfkit binary (tests substitute a stand-in). */
  vfkit?: string;
  bootTimeoutMs?: number;
}

export class VzDriver implements GuestDriver {
  readonly name = 'vz' as const;
  readonly isolation = 'vm' as const;
  private readonly vfkit: string;

  constructor(private readonly opts: VzDriverOptions = {}) {
    this.vfkit = opts.vfkit ?? 'vfkit';
  }

  available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (process.platform !== 'darwin') return Promise.resolve({ ok: false, reason: 'the vz driver needs macOS (Virtualization framework)' });
    return binaryAnswers(this.vfkit, 'brew install vfkit');
  }

  async start(o: GuestStartOptions): Promise<GuestConnection & { readonly pid: number | undefined }> {
    const log = o.log ?? (() => undefined);
    const img = imageInfo(o.imageDir);
    const dir = mkdtempSync(join(tmpdir(), 'cowork-vz-'));
    const vsockSocket = join(dir, 'vsock.sock');
    const consoleLog = join(dir, 'console.log');
    const { server, accepted } = await listenForGuest(vsockSocket);

    const args = vfkitArgs({
      kernel: img.kernel,
      initramfs: img.initramfs,
      rootfs: img.rootfs,
      folder: o.folder,
      toolsDir: o.toolsDir,
      skillDirs: o.skillDirs ?? {},
      limits: o.limits,
      memoryMiB: o.memoryMiB ?? 1024,
      cpus: o.cpus ?? 2,
      vsockSocket,
      vsockPort: DEFAULT_VSOCK_PORT,
      consoleLog,
      ...guestIdentity(o.folder),
    });
    log(`vz: ${this.vfkit} ${args.join(' ')}`);
    const t0 = Date.now();
    const child = spawn(this.vfkit, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const consoleTail = (): string => {
      try {
        return readFileSync(consoleLog, 'utf8').trim().split('\n').slice(-5).join(' | ');
      } catch {
        return '(no console output)';
      }
    };
    let vfkitOutput = '';
    const keep = (b: Buffer): void => {
      vfkitOutput = (vfkitOutput + b.toString()).slice(-2000);
      for (const line of b.toString().split('\n')) if (line.trim()) log(`vfkit: ${line.trim()}`);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = watchExit(child, () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const bootTimeout = this.opts.bootTimeoutMs ?? 30_000;
    const stream = await bootOrKill(child, exited, accepted, bootTimeout, o.signal, {
      exited: (reason) => `vfkit exited during boot: ${reason}; ${vfkitOutput.trim() || consoleTail()}`,
      timedOut: () => `guest did not connect within ${bootTimeout} ms; console: ${consoleTail()}`,
    });
    // One guest, one connection: later connections to the socket are refused.
    server.on('connection', (s: Socket) => s.destroy());
    log(`vz: guest agent connected after ${Date.now() - t0} ms`);
    return { stream, pid: child.pid, driver: 'vz', isolation: 'vm', exited, stop: () => stopGuest(child, stream, exited) };
  }
}
