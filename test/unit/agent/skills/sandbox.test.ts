// Level 3 in the real sandbox (namespace driver): the organize-files folder is
// mounted read-only at /skills/organize-files, the guest's python3 runs its
// script on a 200-file folder, the moves are staged (the real folder is
// untouched) until applied as one batch, and the result has the expected shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StagedSandboxSession } from '../../../../src/sandbox/stagedSession';
import { generateMessyFolder, treeHashes, type MessyFolder } from '../../../fixtures/skills/messyFolder';
import { requireTestImage, makeFixture, type Fixture } from '../../../support/sandboxFixture';
import { REPO_ROOT } from '../../../support/repoRoot';

const SKILL_DIR = join(REPO_ROOT, 'skills/organize-files');

describe('skills: organize-files inside the sandbox (namespace driver)', function () {
  this.timeout(120_000);
  let fx: Fixture | undefined;
  let s: StagedSandboxSession | undefined;
  let gen: MessyFolder;
  let original: Map<string, string>;

  before(async function () {
    const image = requireTestImage(this);
    fx = makeFixture(image, {}, { skillDirs: { 'organize-files': SKILL_DIR } });
    gen = generateMessyFolder(fx.folder);
    original = treeHashes(fx.folder);
    s = await fx.manager.openSession(fx.folder, { taskId: 'skills-organize' });
  });
  after(async () => {
    await s?.close();
    await fx?.dispose();
  });

  it('sees the skill read-only at /skills/organize-files', async () => {
    const r = await s!.exec({ command: 'head -3 /skills/organize-files/SKILL.md; ls /skills/organize-files/scripts; touch /skills/organize-files/x 2>&1; echo "touch=$?"' });
    assert.match(r.stdout, /^---\nname: organize-files\n/);
    assert.match(r.stdout, /plan_moves\.py/);
    assert.match(r.stdout, /Read-only file system/);
    assert.match(r.stdout, /touch=1/);
  });

  it('plans and applies in the guest; changes are staged until applied as one batch', async () => {
    const plan = await s!.exec({ command: 'python3 /skills/organize-files/scripts/plan_moves.py /workspace --by type', env: { TZ: 'UTC' } });
    assert.equal(plan.exitCode, 0, plan.stderr);
    assert.equal((JSON.parse(plan.stdout) as { moves: unknown[] }).moves.length, gen.files.size);

    // Exactly the commands SKILL.md gives: save the plan in /tmp, then apply that plan.
    const saved = await s!.exec({ command: 'python3 /skills/organize-files/scripts/plan_moves.py /workspace --by type > /tmp/plan.json', env: { TZ: 'UTC' } });
    assert.equal(saved.exitCode, 0, saved.stderr);
    const run = await s!.exec({ command: 'python3 /skills/organize-files/scripts/plan_moves.py /workspace --apply --from-plan /tmp/plan.json --summary SUMMARY.md', env: { TZ: 'UTC' } });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { moved: number }).moved, gen.files.size);
    // New files (the summary) appear live; moves of existing files wait for approval.
    const live = treeHashes(fx!.folder);
    assert.ok(live.has('SUMMARY.md'));
    live.delete('SUMMARY.md');
    assert.deepEqual(live, original, 'existing files are not moved before approval');

    const pending = await s!.pendingChanges();
    assert.ok(pending.items.length >= gen.files.size, `${pending.items.length} staged changes`);
    await s!.applyChanges();

    const after = treeHashes(fx!.folder);
    const contents = (t: Map<string, string>) => [...t].filter(([p]) => p !== 'SUMMARY.md').map(([, h]) => h).sort();
    assert.deepEqual(contents(after), contents(original));
    assert.deepEqual([...after.keys()].filter((p) => !p.includes('/')).sort(), ['.DS_Store', '.env', 'SUMMARY.md']);
    for (const [from, info] of gen.files) {
      assert.ok([...after.keys()].some((p) => p.startsWith(`${info.type}/`)), `${from}: ${info.type}/ exists`);
    }
    assert.match(readFileSync(join(fx!.folder, 'SUMMARY.md'), 'utf8'), new RegExp(`${gen.files.size} files moved into 9 folders`));
  });
});
