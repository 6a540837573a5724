// Any number of skills mount: 200 skill folders reach /skills read-only under
// the namespace driver, a qemu cold boot and a qemu snapshot restore. Under
// qemu they are one 9p share (the host binds them into one folder), so the
// guest's device list and kernel command line do not grow with them; before,
// each skill was its own device named on the command line and 20 skills kept
// the VM from booting.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestDriver } from '../../../src/sandbox/driver';
import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { QemuDriver } from '../../../src/sandbox/drivers/qemu';
import { makeFixture, tempDir, type Fixture } from '../../support/sandboxFixture';
import { imageOrSkip, qemuOrSkip } from '../../support/requireImage';

const COUNT = 200;

function hasQemu(): boolean {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const accel = process.env.COWORK_TEST_ACCEL === 'kvm' ? 'kvm' : 'tcg';
const cases: Array<[string, () => GuestDriver, boolean, number]> = [
  ['namespace', () => new NamespaceDriver(), false, 60_000],
  ['qemu cold boot', () => new QemuDriver({ accel }), true, 240_000],
  // Builds the snapshot on first use (a cold boot plus the save), then restores it.
  ['qemu snapshot restore', () => new QemuDriver({ accel, snapshot: true }), true, 400_000],
];

describe(`sandbox: ${COUNT} skills through one mount`, function () {
  let library: string;
  let skillDirs: Record<string, string>;

  before(() => {
    library = tempDir('skills-lib');
    skillDirs = {};
    for (let i = 0; i < COUNT; i++) {
      const name = `skill-${String(i).padStart(3, '0')}`;
      const dir = path.join(library, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: Skill number ${i}.\n---\n`);
      skillDirs[name] = dir;
    }
  });
  after(() => fs.rmSync(library, { recursive: true, force: true }));

  for (const [label, driver, vm, timeout] of cases) {
    describe(label, function () {
      this.timeout(timeout);
      let fx: Fixture | undefined;
      const logs: string[] = [];

      before(function () {
        const image = imageOrSkip(this);
        if (vm) qemuOrSkip(this, hasQemu());
        fx = makeFixture(image, { 'a.txt': 'a\n' }, { driver: driver(), log: (l) => logs.push(l) });
      });
      after(async () => {
        await fx?.dispose();
      });
      afterEach(function () {
        if (this.currentTest?.state === 'failed') console.log(logs.slice(-30).map((l) => l.slice(0, 400)).join('\n'));
      });

      it(`mounts all ${COUNT}, read-only, and the guest starts`, async () => {
        const s = await fx!.manager.openSession(fx!.folder, { taskId: 'skills', skillDirs });
        try {
          const sh = async (command: string): Promise<string> => {
            const r = await s.exec({ command });
            assert.equal(r.exitCode, 0, `${command}: ${r.stderr}`);
            return r.stdout;
          };
          assert.equal((await sh('ls /skills | wc -l')).trim(), String(COUNT));
          assert.match(await sh('cat /skills/skill-199/SKILL.md'), /name: skill-199/);
          assert.match(await sh('cat /skills/skill-000/SKILL.md'), /Skill number 0\./);
          const write = await s.exec({ command: 'echo x > /skills/skill-007/new.txt' });
          assert.notEqual(write.exitCode, 0, 'skills are read-only');
          assert.ok(!fs.existsSync(path.join(skillDirs['skill-007'] as string, 'new.txt')));
          if (vm) {
            // A restored guest's root is an ext4 disk, not a share.
            const shares = label.includes('snapshot') ? '3' : '4';
            assert.equal((await sh("awk '$3 == \"9p\"' /proc/mounts | wc -l")).trim(), shares, '(root,) folder, tools and one skills share');
            assert.doesNotMatch(await sh('cat /proc/cmdline'), /skill-0/, 'no skill names on the kernel command line');
          }
          if (label.includes('snapshot')) assert.ok(logs.some((l) => l.includes('restored guest agent starting')), 'the guest was restored, not cold-booted');
        } finally {
          await s.close();
        }
      });
    });
  }
});
