// /skills follows the skill library (real namespace driver): each session says
// which skills its task needs; when that differs from what the folder's running
// guest mounted, the manager restarts the guest (staged changes survive), but
// only when no other session of the folder is open; otherwise the old mounts
// stay and it logs why. Skills come from discoverSkills over a temporary user
// library, turned into mounts with skillDirsForGuest, as the extension does.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverSkills } from '../../../src/agent/skills/discovery';
import { SkillSet, skillDirsForGuest } from '../../../src/agent/skills/skillSet';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { findTestImage, makeFixture, requireTestImage, tempDir, type Fixture } from '../../support/sandboxFixture';

function writeSkill(home: string, name: string, body: string): string {
  const dir = path.join(home, '.cowork', 'skills', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: Test skill ${name}. Use in tests.\n---\n\n${body}\n`);
  return dir;
}

/** The library as a task would snapshot it now: name → host folder. */
async function librarySnapshot(home: string): Promise<Record<string, string>> {
  const found = await discoverSkills({ homeDir: home, trusted: false });
  return skillDirsForGuest(new SkillSet(found.skills));
}

describe('sandbox: skill mounts follow the library (namespace driver)', function () {
  this.timeout(60_000);
  let fx: Fixture | undefined;
  let home: string;
  const logs: string[] = [];
  const sessions: StagedSandboxSession[] = [];

  beforeEach(function () {
    const image = requireTestImage(this);
    home = tempDir('skills-home');
    logs.length = 0;
    fx = makeFixture(image, { 'notes.txt': 'original\n' }, { log: (l) => logs.push(l) });
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
    await fx?.dispose();
    fx = undefined;
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function open(taskId: string, skillDirs: Record<string, string>, staging?: 'shared'): Promise<StagedSandboxSession> {
    const s = await fx!.manager.openSession(fx!.folder, { taskId, skillDirs, staging });
    sessions.push(s);
    return s;
  }
  async function sh(s: StagedSandboxSession, command: string): Promise<string> {
    const r = await s.exec({ command });
    assert.equal(r.exitCode, 0, r.stderr);
    return r.stdout;
  }

  it('a skill added after the guest started is mounted, read-only, for the next task; staged changes survive', async () => {
    writeSkill(home, 'alpha', 'Alpha body.');
    const first = await open('task-1', await librarySnapshot(home));
    assert.equal(await sh(first, 'ls /skills'), 'alpha\n');
    // A staged change (a modification of a file the person had) must outlive the restart.
    await first.writeFile('notes.txt', 'edited\n');
    assert.equal((await first.pendingChanges()).items.length, 1);
    await first.close();
    const guest = fx!.manager.guestFor(fx!.folder);
    assert.ok(guest.isRunning, 'the guest stays warm after the task');
    const startsBefore = guest.starts;

    writeSkill(home, 'beta', 'Beta body.');
    const second = await open('task-2', await librarySnapshot(home));
    assert.equal(await sh(second, 'ls /skills'), 'alpha\nbeta\n');
    assert.match(await sh(second, 'cat /skills/beta/SKILL.md'), /Beta body\./);
    assert.match(await sh(second, 'touch /skills/beta/x 2>&1; echo "touch=$?"'), /Read-only file system[\s\S]*touch=1/);
    assert.equal(guest.starts, startsBefore + 1, 'one restart to mount the new skill');
    assert.ok(logs.some((l) => /skills for .* changed: restarting its guest to mount alpha, beta/.test(l)), logs.join('\n'));
    // The staged edit is still staged, and still what the guest sees.
    assert.equal(await sh(second, 'cat notes.txt'), 'edited\n');
    assert.deepEqual((await second.pendingChanges()).items.map((i) => [i.kind, i.path]), [['modified', 'notes.txt']]);
    assert.equal(fs.readFileSync(path.join(fx!.folder, 'notes.txt'), 'utf8'), 'original\n');
    await second.close();

    // Same library: no restart.
    const third = await open('task-3', await librarySnapshot(home));
    assert.equal(await sh(third, 'ls /skills'), 'alpha\nbeta\n');
    assert.equal(guest.starts, startsBefore + 1);
  });

  it('a removed skill disappears and a skill folder replaced at the same path shows its new contents', async () => {
    const betaDir = writeSkill(home, 'beta', 'Old beta.');
    writeSkill(home, 'alpha', 'Alpha body.');
    const first = await open('task-1', await librarySnapshot(home));
    assert.match(await sh(first, 'cat /skills/beta/SKILL.md'), /Old beta\./);
    await first.close();

    // Replaced, not edited in place: the old bind mount would keep showing the deleted folder.
    fs.rmSync(betaDir, { recursive: true });
    writeSkill(home, 'beta', 'New beta.');
    const second = await open('task-2', await librarySnapshot(home));
    assert.equal(await sh(second, 'ls /skills'), 'alpha\nbeta\n');
    assert.match(await sh(second, 'cat /skills/beta/SKILL.md'), /New beta\./);
    await second.close();

    fs.rmSync(path.join(home, '.cowork', 'skills', 'alpha'), { recursive: true });
    const third = await open('task-3', await librarySnapshot(home));
    assert.equal(await sh(third, 'ls /skills'), 'beta\n');
  });

  it('keeps the old mounts (and says so) while another session of the folder is open', async () => {
    writeSkill(home, 'alpha', 'Alpha body.');
    const running = await open('task-running', await librarySnapshot(home));
    const guest = fx!.manager.guestFor(fx!.folder);
    const starts = guest.starts;
    // A process of the running task that a restart would kill.
    const sleeper = running.exec({ command: 'sleep 3; echo survived' });

    writeSkill(home, 'gamma', 'Gamma body.');
    // A session joining the running one's guest (a parallel task would get a lane of its own, lanes.test.ts).
    const next = await open('task-next', await librarySnapshot(home), 'shared');
    assert.equal(await sh(next, 'ls /skills'), 'alpha\n', 'old mounts kept');
    assert.equal(guest.starts, starts, 'no restart under a running task');
    assert.ok(logs.some((l) => /tasks task-running still use its guest: keeping the old \/skills mounts/.test(l)), logs.join('\n'));
    assert.equal((await sleeper).stdout, 'survived\n');

    // Once the folder's sessions are closed, the next task gets the library's skills.
    await running.close();
    await next.close();
    const later = await open('task-later', await librarySnapshot(home));
    assert.equal(await sh(later, 'ls /skills'), 'alpha\ngamma\n');
    assert.equal(guest.starts, starts + 1);
  });

  it('a session that names no skills gets the manager-wide ones (unchanged default)', async () => {
    const dir = writeSkill(home, 'alpha', 'Alpha body.');
    const image = findTestImage()!;
    const own = makeFixture(image, {}, { skillDirs: { alpha: dir } });
    try {
      const s = await own.manager.openSession(own.folder, { taskId: 'default-skills' });
      const r = await s.exec({ command: 'ls /skills' });
      assert.equal(r.stdout, 'alpha\n');
      await s.close();
    } finally {
      await own.dispose();
    }
  });
});
