// The person's own files are changeable from inside the guest, whoever the
// person is, under every Linux driver: run as root (CI, dev containers: the
// files are root's 0644) and as an ordinary user (scripts/ciOrdinaryUser.sh runs
// this suite as one), the guest's uid-1000 agent overwrites, deletes and
// creates files through both the agent's own file operations (temp file +
// rename in the folder) and shell commands, every change is staged, and after
// approval the folder holds the new contents, still owned by the person.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestDriver } from '../../../src/sandbox/driver';
import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { QemuDriver } from '../../../src/sandbox/drivers/qemu';
import { makeFixture, type Fixture } from '../../support/sandboxFixture';
import { imageOrSkip, qemuOrSkip } from '../../support/requireImage';

function hasQemu(): boolean {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const drivers: Array<[string, () => GuestDriver, number]> = [
  ['namespace', () => new NamespaceDriver(), 60_000],
  // A cold boot (no snapshot) under TCG: seconds, hence the longer timeout.
  ['qemu', () => new QemuDriver({ accel: process.env.COWORK_TEST_ACCEL === 'kvm' ? 'kvm' : 'tcg' }), 240_000],
];

for (const [name, driver, timeout] of drivers) {
  describe(`sandbox (${name}): the guest changes the person's own files (running as uid ${process.getuid?.()})`, function () {
    this.timeout(timeout);
    let fx: Fixture | undefined;
    const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };

    before(function () {
      const image = imageOrSkip(this);
      if (name === 'qemu') qemuOrSkip(this, hasQemu());
      fx = makeFixture(image, { 'existing.txt': 'original\n', 'gone.txt': 'bye\n', 'sub/edit.md': 'draft\n', 'sub/old.txt': 'old\n' }, { driver: driver() });
      for (const f of ['existing.txt', 'gone.txt', 'sub/edit.md', 'sub/old.txt']) fs.chmodSync(path.join(fx.folder, f), 0o644);
    });
    after(async () => {
      await fx?.dispose();
    });

    it('overwrites, edits, deletes and creates; all staged; applied as the person', async () => {
      const { manager, folder } = fx!;
      const s = await manager.openSession(folder, { taskId: 'owners' });
      try {
        const r = await s.exec({ command: 'id -u && stat -c %u existing.txt && echo changed > existing.txt && rm gone.txt sub/old.txt && echo new > new.txt' });
        assert.equal(r.exitCode, 0, r.stderr);
        assert.equal(r.stdout, '1000\n1000\n', "the agent is uid 1000 and sees the person's files as its own");
        // The agent's own write path: a temp file next to the target, renamed over it.
        await s.editFile('sub/edit.md', 'draft', 'final');
        await s.writeFile('sub/written.md', '# written\n');
        const { items } = await s.pendingChanges();
        assert.deepEqual(
          items.map((i) => `${i.kind} ${i.path}`).sort(),
          ['deleted gone.txt', 'deleted sub/old.txt', 'modified existing.txt', 'modified sub/edit.md'],
        );
        // Files the task created are outputs: already in the folder, owned by the person.
        for (const out of ['new.txt', 'sub/written.md']) {
          const st = fs.statSync(path.join(folder, out));
          assert.deepEqual({ uid: st.uid, gid: st.gid }, me, out);
        }
        assert.equal(fs.readFileSync(path.join(folder, 'existing.txt'), 'utf8'), 'original\n', 'nothing existing changes before approval');
        await s.applyChanges();
        assert.equal(fs.readFileSync(path.join(folder, 'existing.txt'), 'utf8'), 'changed\n');
        assert.equal(fs.readFileSync(path.join(folder, 'sub/edit.md'), 'utf8'), 'final\n');
        assert.ok(!fs.existsSync(path.join(folder, 'gone.txt')) && !fs.existsSync(path.join(folder, 'sub/old.txt')));
        const st = fs.statSync(path.join(folder, 'existing.txt'));
        assert.deepEqual({ uid: st.uid, gid: st.gid }, me);
        assert.equal((await s.pendingChanges()).items.length, 0);
      } finally {
        await s.close();
      }
    });
  });
}
