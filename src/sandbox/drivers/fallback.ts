// What 'auto' runs: a VM driver, and the namespace driver for when the VM
// does not start. A VM that is available (its binary answers) can still fail
// to boot (a broken kernel, a hypervisor that refuses its arguments, a boot
// that times out); then this session runs with lighter isolation instead of
// no sandbox, and says so once: `notice` is shown by the sidebar and the CLI,
// the log gets one line. Later starts go straight to the namespace driver, so a
// broken VM is not retried on every task. An explicit driver setting never
// comes here: it fails with the VM's reason instead.

import * as fs from 'node:fs';
import type { GuestConnection, GuestDriver, GuestStartOptions } from '../driver';

export class FallbackDriver implements GuestDriver {
  /** Why the VM failed, once it has. */
  private failure: string | undefined;

  constructor(
    private readonly vm: GuestDriver,
    private readonly lighter: GuestDriver,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get name(): GuestDriver['name'] {
    return this.failure ? this.lighter.name : this.vm.name;
  }

  get isolation(): GuestDriver['isolation'] {
    return this.failure ? this.lighter.isolation : this.vm.isolation;
  }

  get notice(): string | undefined {
    return this.failure ? `VM failed: ${this.failure}; running with lighter isolation (${this.lighter.name})` : undefined;
  }

  available(): ReturnType<GuestDriver['available']> {
    return this.vm.available();
  }

  async start(opts: GuestStartOptions): Promise<GuestConnection> {
    if (!this.failure) {
      // A VM driver may re-own the overlay's root for its guest user; the lighter driver needs it as it was.
      const upper = opts.overlay ? fs.statSync(opts.overlay.upperDir) : undefined;
      try {
        return await this.vm.start(opts);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        this.failure = firstLine((err as Error)?.message ?? String(err));
        this.log(`sandbox: ${this.notice}`);
        if (opts.overlay && upper) restoreOwner(opts.overlay.upperDir, upper);
      }
    }
    return this.lighter.start(opts);
  }
}

function restoreOwner(dir: string, was: fs.Stats): void {
  const now = fs.statSync(dir);
  if (process.getuid?.() === 0 && (now.uid !== was.uid || now.gid !== was.gid)) fs.chownSync(dir, was.uid, was.gid);
  if ((now.mode & 0o7777) !== (was.mode & 0o7777)) fs.chmodSync(dir, was.mode & 0o7777);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
