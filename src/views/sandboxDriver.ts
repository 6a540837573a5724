// Picks the sandbox driver from the `cowork.sandbox.driver` setting, through the
// one selection rule in src/sandbox/drivers/select.ts ("auto": a VM where one
// can run, namespaces only where none can), and logs why it chose what it chose.

import type { GuestDriver } from '../sandbox/driver';
import { defaultFactory, selectDriver as select, type DriverSetting } from '../sandbox/drivers/select';

export type { DriverSetting };

/** The driver to use, or an error saying why none can run here. */
export async function selectDriver(setting: DriverSetting, log: (line: string) => void): Promise<GuestDriver> {
  const { driver, notes } = await select(setting, defaultFactory, process.platform, log);
  log(`sandbox driver: ${driver.name} (${driver.isolation === 'vm' ? 'VM isolation' : 'namespace isolation, lighter than a VM'}; ${notes.join('; ')})`);
  return driver;
}
