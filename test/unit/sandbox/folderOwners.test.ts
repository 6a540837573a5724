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
import { isMountPoint, MiB } from '../../../src/sandbox/staging/writeBudget';
import { fuseMissing } from '../../support/fuseTools';
import { needs } from '../../support/needs';
import { makeFixture, tempDir, type Fixture } from '../../support/sandboxFixture';
import { imageOrSkip, qemuOrSkip } from '../../support/requireImage';

function hasQemu(): boolean {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const caller = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
/** As root, a folder of another user's (a dev container on a bind-mounted checkout): an arbitrary uid, no account needed. */
const otherUser = { uid: 4321, gid: 4322 };

/** With `fuseBudget`, a write budget on the FUSE layer (an ordinary user's), taken by root here. */
const drivers: Array<[string, () => GuestDriver, number, { uid: number; gid: number }, { fuseBudget?: boolean }?]> = [
  ['namespace', () => new NamespaceDriver(), 60_000, caller],
  // A cold boot (no snapshot) under TCG: seconds, hence the longer timeout.
  ['qemu', () => new QemuDriver({ accel: process.env.COWORK_TEST_ACCEL === 'kvm' ? 'kvm' : 'tcg' }), 240_000, caller],
];
if (caller.uid === 0) {
  drivers.push(['namespace, root on a folder of uid 4321', () => new NamespaceDriver(), 60_000, otherUser]);
  // fuse-overlayfs once outlived the guest here (its parent had dropped to the owner, who may not
  // signal root's processes): dispose then hung on the driver's stdio and the layer stayed mounted.
  drivers.push(['namespace, FUSE budget layer, root on a folder of uid 4321', () => new NamespaceDriver(), 60_000, otherUser, { fuseBudget: true }]);
  // QEMU is never root: the mounts made, it runs as the folder's owner (in a user namespace mapping it to 1000).
  drivers.push(['qemu, root on a folder of uid 4321', () => new QemuDriver({ accel: process.env.COWORK_TEST_ACCEL === 'kvm' ? 'kvm' : 'tcg' }), 240_000, otherUser]);
}

/** Host uids of the QEMU processes whose parent names `stateRoot` (the owner-view shell of that fixture's guest). */
function qemuUidsUnder(stateRoot: string): number[] {
  const uids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('qemu-system')) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
      if (!ppid || !fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8').includes(stateRoot)) continue;
      uids.push(Number(/Uid:\s+(\d+)/.exec(status)?.[1]));
    } catch {
      // gone meanwhile
    }
  }
  return uids;
}

for (const [name, driver, timeout, me, opts] of drivers) {
  describe(`sandbox (${name}): the guest changes the person's own files (running as uid ${caller.uid})`, function () {
    this.timeout(timeout);
    let fx: Fixture | undefined;
    const stateRoot = opts?.fuseBudget ? tempDir('owners-state') : undefined;

    before(function () {
      const image = imageOrSkip(this);
      if (name.startsWith('qemu')) qemuOrSkip(this, hasQemu());
      if (opts?.fuseBudget) {
        needs(this, fuseMissing());
        process.env.COWORK_BUDGET_LAYER = 'fuse';
      }
      const budget = opts?.fuseBudget ? { writeBudgetBytes: 32 * MiB, stateRoot } : {};
      fx = makeFixture(image, { 'existing.txt': 'original\n', 'gone.txt': 'bye\n', 'sub/edit.md': 'draft\n', 'sub/old.txt': 'old\n' }, { driver: driver(), ...budget });
      for (const f of ['existing.txt', 'gone.txt', 'sub/edit.md', 'sub/old.txt']) fs.chmodSync(path.join(fx.folder, f), 0o644);
      if (me !== caller) execFileSync('chown', ['-R', `${me.uid}:${me.gid}`, fx.folder]);
    });
    after(async () => {
      if (opts?.fuseBudget) delete process.env.COWORK_BUDGET_LAYER;
      await fx?.dispose();
      if (!stateRoot) return;
      const mounted = fs.readdirSync(stateRoot).filter((d) => isMountPoint(path.join(stateRoot, d, 'layers')));
      fs.rmSync(stateRoot, { recursive: true, force: true });
      assert.deepEqual(mounted, [], 'the budget layer is unmounted on dispose');
    });

    it('overwrites, edits, deletes and creates; all staged; applied as the person', async () => {
      const { manager, folder } = fx!;
      const s = await manager.openSession(folder, { taskId: 'owners' });
      if (opts?.fuseBudget) assert.equal(manager.guestFor(folder).staging.overlayEngine, 'fuse');
      try {
        const r = await s.exec({ command: 'id -u && stat -c %u existing.txt && echo changed > existing.txt && rm gone.txt sub/old.txt && echo new > new.txt' });
        assert.equal(r.exitCode, 0, r.stderr);
        assert.equal(r.stdout, '1000\n1000\n', "the agent is uid 1000 and sees the person's files as its own");
        if (name.startsWith('qemu, root')) assert.deepEqual(qemuUidsUnder(fx!.stateRoot), [me.uid], 'QEMU runs as the folder owner');
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
