// The write budget, driven as a task would: a shell command that writes far past
// a small budget gets ENOSPC inside the guest, the tool result says the budget is
// exhausted and how large it is, the host holds no more than the budget, and the
// folder and the changes staged before are intact. Once per driver: namespace,
// qemu cold boot and qemu snapshot restore (TCG here: slow, run under the heavy lock),
// and for root the FUSE layer an ordinary user gets (the ordinary user's own run has it already).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestDriver } from '../../../src/sandbox/driver';
import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { QemuDriver } from '../../../src/sandbox/drivers/qemu';
import { SandboxError } from '../../../src/sandbox/session';
import { MiB, budgetUnsupported, effectiveBudget, formatSize, imageBytesFor, isMountPoint, parseSize } from '../../../src/sandbox/staging/writeBudget';

import { findTestImage, makeFixture, snapshot, tempDir } from '../../support/sandboxFixture';
import { fuseMissing } from '../../support/fuseTools';
import { needs } from '../../support/needs';

const BUDGET = 32 * MiB;

describe('write budget: sizes', () => {
  it('parses sizes people type and refuses the rest', () => {
    assert.equal(parseSize('500M'), 500 * MiB);
    assert.equal(parseSize('10G'), 10 * 1024 * MiB);
    assert.equal(parseSize('10GiB'), 10 * 1024 * MiB);
    assert.equal(parseSize('1.5g'), 1536 * MiB);
    assert.equal(parseSize('4096'), 4096);
    for (const bad of ['', 'ten', '-5M', '5X', '0']) assert.equal(parseSize(bad), undefined, bad);
  });

  it('never gives more than a quarter of the free disk', () => {
    assert.equal(effectiveBudget(10 * 1024 * MiB, 100 * 1024 * MiB), 10 * 1024 * MiB);
    assert.equal(effectiveBudget(10 * 1024 * MiB, 8 * 1024 * MiB), 2 * 1024 * MiB);
    assert.equal(formatSize(BUDGET), '32 MiB');
  });
});

function qemuMissing(): string | undefined {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'qemu-system-x86_64 is not installed';
  }
}

const drivers: Array<[string, () => GuestDriver, () => string | undefined]> = [
  ['namespace', () => new NamespaceDriver(), () => undefined],
  ['qemu cold boot', () => new QemuDriver({ accel: 'tcg' }), qemuMissing],
  ['qemu snapshot restore', () => new QemuDriver({ accel: 'tcg', snapshot: true }), qemuMissing],
];
// An ordinary user's layer (fuse2fs + fuse-overlayfs), taken by root too here; an ordinary user's plain case is it already.
if (process.getuid?.() === 0) drivers.splice(1, 0, ['namespace, FUSE layer', () => new NamespaceDriver(), fuseMissing]);

for (const [label, makeDriver, missing] of drivers) {
  describe(`write budget: ${label}`, function () {
    this.timeout(600_000);
    const image = findTestImage();
    const unsupported = budgetUnsupported();

    const forced = label.includes('FUSE');
    before(function () {
      const skip = !image ? 'no sandbox image (npm run sandbox:image)' : missing();
      needs(this, skip);
      if (forced) process.env.COWORK_BUDGET_LAYER = 'fuse';
    });
    after(() => {
      if (forced) delete process.env.COWORK_BUDGET_LAYER;
    });

    it('a command writing past the budget gets ENOSPC, is told so, and the host keeps only the budget', async function () {
      const stateRoot = tempDir('budget-state');
      const fx = makeFixture(image!, { 'notes.txt': 'original\n', 'keep/data.csv': 'a,b\n1,2\n' }, { driver: makeDriver(), writeBudgetBytes: BUDGET, stateRoot });
      // In a VM as root, the folder belongs to an ordinary user, as on a desktop (the agent takes its uid).
      if (!label.startsWith('namespace') && process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', fx.folder]);
      const before = snapshot(fx.folder);
      try {
        const s = await fx.manager.openSession(fx.folder, { taskId: 'budget-1' });
        const staging = fx.manager.guestFor(fx.folder).staging;
        if (unsupported) {
          // An ordinary user: no budget can be enforced; the person is told, nothing else changes.
          assert.match(s.notice ?? '', /write budget not enforced/);
          await s.close();
          return;
        }
        assert.equal(staging.budget.bytes, BUDGET);
        // Earlier work: a modification (staged) and a new file (promoted).
        const first = await s.exec({ command: 'echo changed > notes.txt && echo fresh > out.txt' });
        assert.equal(first.exitCode, 0, first.stderr);
        const r = await s.exec({ command: 'head -c 100G /dev/zero > huge.bin; echo "exit $?"' });
        assert.match(r.stderr, /No space left on device/);
        assert.match(r.stderr, /write budget of 32 MiB is exhausted/);
        assert.match(r.stdout, /exit 1/);

        // The host: the layer's image holds at most the budget plus ext4's own metadata, the promoted copy at most the budget.
        const img = path.join(fx.manager.stateDirFor(fx.folder), 'layers.img');
        assert.ok(fs.statSync(img).blocks * 512 <= imageBytesFor(BUDGET), `layer image uses ${fs.statSync(img).blocks * 512} bytes`);
        assert.ok(imageBytesFor(BUDGET) < BUDGET * 1.03 + 6 * MiB);
        const huge = fs.statSync(path.join(fx.folder, 'huge.bin')).size;
        assert.ok(huge > BUDGET * 0.9 && huge <= BUDGET, `huge.bin is ${huge} bytes`);

        // A file tool past the budget: ENOSPC with the same explanation.
        await assert.rejects(s.writeFile('more.bin', Buffer.alloc(2 * MiB)), (e: unknown) => {
          assert.ok(e instanceof SandboxError && e.code === 'ENOSPC', String(e));
          assert.match(e.message, /write budget of 32 MiB/);
          return true;
        });

        // Its temp file is gone: emptied before its unlink, which a full FUSE layer would refuse otherwise.
        assert.doesNotMatch((await s.exec({ command: 'ls -A' })).stdout, /\.cowork-tmp-/);

        // Nothing was lost: the folder still has its originals, the staged change is still pending.
        const now = snapshot(fx.folder);
        assert.equal(now['notes.txt'], before['notes.txt']);
        assert.equal(now['keep/data.csv'], before['keep/data.csv']);
        assert.equal(fs.readFileSync(path.join(fx.folder, 'out.txt'), 'utf8'), 'fresh\n');
        const pending = (await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}`);
        assert.deepEqual(pending, ['modified notes.txt']);

        // A second command takes the room set aside for deletions (on the FUSE layer `rm` would now fail
        // with ENOSPC); the task is told how to delete anyway, and the delete tool does it by itself.
        const eat = await s.exec({ command: 'head -c 100G /dev/zero > eat.bin; echo "exit $?"' });
        assert.match(eat.stdout, /exit 1/);
        assert.match(eat.stderr, /`truncate -s 0 FILE && rm FILE`/);
        // Deleting what it wrote gives the task its budget back.
        await s.delete('huge.bin');
        const rm = await s.exec({ command: 'truncate -s 0 eat.bin && rm eat.bin' });
        assert.equal(rm.exitCode, 0, rm.stderr);
        assert.ok(!fs.existsSync(path.join(fx.folder, 'huge.bin')), 'huge.bin deleted');
        await s.writeFile('more.bin', Buffer.alloc(2 * MiB));
        assert.equal((await s.exec({ command: 'head -c 12M /dev/zero > kept.bin' })).exitCode, 0);
        await s.applyChanges();
        assert.equal(fs.readFileSync(path.join(fx.folder, 'notes.txt'), 'utf8'), 'changed\n');
        await s.close();

        // The next task on the folder gets the whole budget again: nothing is pending, so the layer is emptied.
        assert.ok(((await staging.budget.left()) ?? BUDGET) < (BUDGET * 3) / 4);
        const s2 = await fx.manager.openSession(fx.folder, { taskId: 'budget-2' });
        assert.ok(((await staging.budget.left()) ?? 0) > BUDGET * 0.85, 'the new task has its whole budget');
        assert.equal(fs.readFileSync(path.join(fx.folder, 'notes.txt'), 'utf8'), 'changed\n');
        await s2.exec({ command: 'head -c 20M /dev/zero > second.bin' });
        assert.equal(fs.statSync(path.join(fx.folder, 'second.bin')).size, 20 * MiB);
        assert.ok(((await staging.budget.left()) ?? 0) < BUDGET - 18 * MiB);
        await s2.close();
      } finally {
        await fx.dispose();
        for (const d of fs.readdirSync(stateRoot)) assert.ok(!isMountPoint(path.join(stateRoot, d, 'layers')), 'layer unmounted on dispose');
        fs.rmSync(stateRoot, { recursive: true, force: true });
      }
    });
  });
}
