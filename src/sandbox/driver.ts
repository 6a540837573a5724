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
  memoryMiB?: number;
  cpus?: number;
  /** Abort the boot. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface GuestConnection {
  /** Framed protocol stream to the guest agent. */
  readonly stream: Duplex;
  readonly driver: DriverName;
  readonly isolation: 'vm' | 'namespace';
  /** Resolves when the guest has gone, for whatever reason. */
  readonly exited: Promise<{ code: number | null; reason: string }>;
  stop(): Promise<void>;
}

export interface GuestDriver {
  readonly name: DriverName;
  readonly isolation: 'vm' | 'namespace';
  /** Whether this driver can run here, and if not, why. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
  start(opts: GuestStartOptions): Promise<GuestConnection>;
}
