// Picks the sandbox driver from the `cowork.sandbox.driver` setting:
// 'auto' prefers a VM wherever one can run (vz on macOS, qemu on Linux) and
// falls back to the namespace driver where no VM driver is available, or
// (fallback.ts) when the VM fails to start, saying so. An explicit choice is
// honoured or fails with the driver's own reason; it never downgrades isolation.

import type { DriverName, GuestDriver } from '../driver';
import { FallbackDriver } from './fallback';
import { NamespaceDriver } from './namespace';
import { QemuDriver } from './qemu';
import { VzDriver } from './vz';

export type DriverSetting = 'auto' | DriverName;

export interface Selection {
  driver: GuestDriver;
  /** Why this driver, and why not the ones tried before it (for logs and the UI). */
  notes: string[];
}

/** The order 'auto' tries on a platform: VMs first. */
export function autoOrder(platform: NodeJS.Platform = process.platform): DriverName[] {
  if (platform === 'darwin') return ['vz'];
  if (platform === 'linux') return ['qemu', 'namespace'];
  return [];
}

export type DriverFactory = (name: DriverName) => GuestDriver;

export const defaultFactory: DriverFactory = (name) => {
  switch (name) {
    case 'qemu':
      // Restoring a booted guest takes well under a second where a cold boot under
      // TCG takes several; any snapshot failure falls back to a cold boot.
      return new QemuDriver({ snapshot: true });
    case 'vz':
      return new VzDriver();
    case 'namespace':
      return new NamespaceDriver();
  }
};

/** `log` gets the one line 'auto' writes when its VM fails to start. */
export async function selectDriver(
  setting: DriverSetting,
  factory: DriverFactory = defaultFactory,
  platform: NodeJS.Platform = process.platform,
  log?: (line: string) => void,
): Promise<Selection> {
  const candidates = setting === 'auto' ? autoOrder(platform) : [setting];
  const notes: string[] = [];
  for (const [i, name] of candidates.entries()) {
    const driver = factory(name);
    const a = await driver.available();
    if (a.ok) {
      notes.push(`${name}: selected (${driver.isolation} isolation)`);
      const lighter = setting === 'auto' && driver.isolation === 'vm' ? await firstAvailable(candidates.slice(i + 1), factory) : undefined;
      if (!lighter) return { driver, notes };
      notes.push(`${lighter.name}: used if the VM fails to start`);
      return { driver: new FallbackDriver(driver, lighter, log), notes };
    }
    notes.push(`${name}: unavailable: ${a.reason}`);
  }
  const tried = notes.join('; ');
  throw new Error(candidates.length ? `no sandbox driver can run here (${tried})` : `no sandbox driver for platform ${platform}`);
}

/** The first of `names` whose driver can run here (the fallback for a VM that fails to start). */
async function firstAvailable(names: DriverName[], factory: DriverFactory): Promise<GuestDriver | undefined> {
  for (const name of names) {
    const d = factory(name);
    if ((await d.available()).ok) return d;
  }
  return undefined;
}
