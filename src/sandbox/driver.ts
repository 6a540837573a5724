// A driver is only a way to start the one guest (see src/sandbox/guest) and hand
// back a byte stream to its agent. Everything else (protocol, sessions, staging)
// is shared by all drivers.

import type { Duplex } from 'node:stream';

/** Where things are inside every guest, whatever the driver. */
export const GUEST_PATHS = {
  /** The task's view of the folder: the overlay whose lower layer is the real folder. */
  workspace: '/workspace',
  /** Skills, read-only. */
  skills: '/skills',
  /** Per-session scratch directories live below this. */
  scratch: '/scratch',
  /** The extension's guest-side files (guest agent bundle), read-only. */
  tools: '/opt/cowork',
} as const;

export type DriverName = 'qemu' | 'vz' | 'namespace';

export interface GuestStartOptions {
  /** Host folder shared with the guest (becomes the overlay's lower layer). */
  folder: string;
  /** Host folder with the built image (see src/sandbox/image). */
  imageDir: string;
  /** Host folder holding dist/guest-agent.js, mounted at GUEST_PATHS.tools. */
  toolsDir: string;
  /** Host folders mounted read-only under GUEST_PATHS.skills, by name. */
  skillDirs?: Record<string, string>;
  /**
   * Host folders for the workspace overlay (additive, sandbox core): everything
   * the guest writes under GUEST_PATHS.workspace lands in `upperDir`; the real
   * folder is only ever the read-only lower layer. `workDir` is overlayfs's work
   * dir, on the same filesystem as `upperDir`. Staging reads `upperDir` on the host.
   */
  overlay?: {
    upperDir: string;
    workDir: string;
    /** 'fuse' when the layers are on a FUSE write-budget layer: mount fuse-overlayfs (drivers/overlayMount.ts). */
    engine?: 'kernel' | 'fuse';
  };
  /** Resource limits the guest agent applies to commands (additive, sandbox core). */
  limits?: GuestLimits;
  memoryMiB?: number;
  cpus?: number;
  /** Abort the boot. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface GuestLimits {
  /** RLIMIT_NPROC for commands. */
  nproc?: number;
  /** RLIMIT_AS per command process, bytes. */
  addressSpaceBytes?: number;
  /** Size of the scratch tmpfs, bytes. */
  scratchBytes?: number;
}

/** The guest agent's command line for these limits (shared by all drivers). */
export function guestAgentArgs(limits: GuestLimits = {}): string[] {
  const args: string[] = [];
  if (limits.nproc) args.push('--limit-nproc', String(limits.nproc));
  if (limits.addressSpaceBytes) args.push('--limit-as', String(limits.addressSpaceBytes));
  return args;
}

export interface GuestConnection {
  /** Framed protocol stream to the guest agent. */
  readonly stream: Duplex;
  readonly driver: DriverName;
  readonly isolation: 'vm' | 'namespace';
  /** The guest's host process (QEMU, vfkit, unshare), recorded so a later run can clean up after a killed one. */
  readonly pid?: number;
  /** Resolves when the guest has gone, for whatever reason. */
  readonly exited: Promise<{ code: number | null; reason: string }>;
  stop(): Promise<void>;
}

export interface GuestDriver {
  readonly name: DriverName;
  readonly isolation: 'vm' | 'namespace';
  /** Set when the driver runs with less isolation than it was chosen for (see drivers/fallback.ts). */
  readonly notice?: string;
  /** Whether this driver can run here, and if not, why. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  start(opts: GuestStartOptions): Promise<GuestConnection>;
}
