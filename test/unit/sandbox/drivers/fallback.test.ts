// 'auto' with a VM driver whose start fails: the session runs on the namespace
// driver, says why (session.notice, the text the sidebar and the CLI show),
// the failure is logged once, and later starts skip the broken VM. An explicit
// choice of the same VM fails instead.

import * as assert from 'node:assert/strict';
import type { GuestConnection, GuestDriver, GuestStartOptions } from '../../../../src/sandbox/driver';
import { NamespaceDriver } from '../../../../src/sandbox/drivers/namespace';
import { selectDriver, type DriverFactory } from '../../../../src/sandbox/drivers/select';
import { findTestImage, makeFixture } from '../../../support/sandboxFixture';
import { needs, NO_IMAGE } from '../../../support/needs';

/** A VM driver that is available (its binary answers) but whose guest never boots. */
class BrokenVm implements GuestDriver {
  readonly name = 'qemu' as const;
  readonly isolation = 'vm' as const;
  starts = 0;
  async available() {
    return { ok: true as const };
  }
  async start(_opts: GuestStartOptions): Promise<GuestConnection> {
    this.starts++;
    throw new Error('qemu exited during boot: hypervisor exited with 1\nmore detail');
  }
}

describe('auto falls back when the VM fails to start', function () {
  this.timeout(60_000);
  const image = findTestImage();

  before(function () {
    needs(this, image ? undefined : NO_IMAGE);
  });

  it('runs the session on namespaces, says why, logs once', async () => {
    const vm = new BrokenVm();
    const factory: DriverFactory = (name) => (name === 'qemu' ? vm : new NamespaceDriver());
    const logs: string[] = [];
    const { driver, notes } = await selectDriver('auto', factory, 'linux', (l) => logs.push(l));
    assert.deepEqual(notes, ['qemu: selected (vm isolation)', 'namespace: used if the VM fails to start']);
    assert.equal(driver.name, 'qemu');
    assert.equal(driver.isolation, 'vm');
    const a = makeFixture(image!, { 'a.txt': 'a\n' }, { driver });
    const b = makeFixture(image!, {}, { driver });
    try {
      const s = await a.manager.openSession(a.folder, { taskId: 't1' });
      assert.equal(s.driver, 'namespace');
      assert.equal(s.isolation, 'namespace');
      assert.equal(s.notice, 'VM failed: qemu exited during boot: hypervisor exited with 1; running with lighter isolation (namespace)');
      assert.equal((await s.readFile('a.txt')).data, 'a\n');
      await s.writeFile('b.txt', 'b\n');
      // Another folder in the same session: straight to namespaces, nothing logged again.
      const s2 = await b.manager.openSession(b.folder, { taskId: 't2' });
      assert.equal(s2.driver, 'namespace');
      assert.equal(vm.starts, 1);
      assert.equal(logs.length, 1);
      assert.match(logs[0], /^sandbox: VM failed: .*running with lighter isolation/);
      await s.close();
      await s2.close();
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  it('an explicit VM setting never downgrades', async () => {
    const vm = new BrokenVm();
    const { driver } = await selectDriver('qemu', () => vm, 'linux');
    assert.equal(driver, vm);
    const fx = makeFixture(image!, {}, { driver });
    try {
      await assert.rejects(fx.manager.openSession(fx.folder, { taskId: 't' }), /cannot start the qemu guest: qemu exited during boot/);
    } finally {
      await fx.dispose();
    }
  });
});
