// Picks the sandbox driver from the `cowork.sandbox.driver` setting. "auto"
// prefers a VM (qemu with KVM) and falls back to Linux namespaces, which start
// faster but isolate less (the guest shares the host kernel).

import { accessSync, constants } from 'node:fs';
import type { GuestDriver } from '../sandbox/driver';
import { NamespaceDriver } from '../sandbox/drivers/namespace';
import { QemuDriver } from '../sandbox/drivers/qemu';

export type DriverSetting = 'auto' | 'qemu' | 'vz' | 'namespace';

function kvmAccessible(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The driver to use, or an error saying why none can run here. */
export async function selectDriver(setting: DriverSetting, log: (line: string) => void): Promise<GuestDriver> {
  if (setting === 'vz') {
    throw new Error('the "vz" sandbox driver (Apple Virtualization) is not available in this build; choose "auto", "qemu" or "namespace" in the cowork.sandbox.driver setting.');
  }
  const candidates: GuestDriver[] =
    setting === 'qemu' ? [new QemuDriver()] : setting === 'namespace' ? [new NamespaceDriver()] : kvmAccessible() ? [new QemuDriver(), new NamespaceDriver()] : [new NamespaceDriver(), new QemuDriver()];
  const reasons: string[] = [];
  for (const d of candidates) {
    const a = await d.available();
    if (a.ok) {
      log(`sandbox driver: ${d.name} (${d.isolation === 'vm' ? 'VM isolation' : 'namespace isolation, lighter than a VM'})`);
      return d;
    }
    reasons.push(`${d.name}: ${a.reason}`);
  }
  throw new Error(`no sandbox driver can run here (${reasons.join('; ')}).`);
}
