// End to end through the agent loop AND the real sandbox: a task whose model (the
// scripted server) activates organize-files, runs its script from the read-only
// /skills/organize-files mount inside the namespace guest to plan, then applies
// the plan in one run; the moves stay staged until the person approves them as
// ONE batch, after which the real folder is organised (every original file's
// bytes at its new path) and the summary is written. The requests show the
// catalog first and the skill body only after activation.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApprovalPolicy } from '../../../../src/agent/approval/approvalPolicy';
import type { TaskEvent } from '../../../../src/shared/taskEvents';
import { AgentTask } from '../../../../src/agent/loop/agentTask';
import { ActivatedSkills } from '../../../../src/agent/skills/activatedSkills';
import { createActivateSkillTool } from '../../../../src/agent/skills/activateSkillTool';
import { renderSkillCatalog } from '../../../../src/agent/skills/catalog';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { SkillSet, skillDirsForGuest } from '../../../../src/agent/skills/skillSet';
import { createToolRegistry } from '../../../../src/agent/tools/registry';
import { NamespaceDriver } from '../../../../src/sandbox/drivers/namespace';
import { SandboxManager } from '../../../../src/sandbox/manager';
import { generateMessyFolder, treeHashes } from '../../../fixtures/skills/messyFolder';
import { startModelServer, type ModelServer } from '../../../model-server';
import { requireTestImage, guestTools, tempDir } from '../../../support/sandboxFixture';
import { REPO_ROOT } from '../../../support/repoRoot';

const SCRIPT = '/skills/organize-files/scripts/plan_moves.py';
// Where SKILL.md saves the plan: the guest's own /tmp, not the person's folder.
const PLAN = '/tmp/plan.json';
const TYPE_FOLDERS = ['Documents', 'Spreadsheets', 'Presentations', 'Images', 'Audio', 'Video', 'Archives', 'Code', 'Other'];

/** The "| Was | Now |" rows of the summary, unescaped (the script escapes \ | and `). */
function summaryMoves(text: string): Map<string, string> {
  const moves = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\| (.+) \| (.+) \|$/.exec(line);
    if (!m || m[1] === 'Was') continue;
    const unescape = (s: string) => s.replace(/\\([\\|])/g, '$1');
    moves.set(unescape(m[1]), unescape(m[2]));
  }
  return moves;
}

describe('skills: a task that activates organize-files and reorganises 200 files (real sandbox)', function () {
  this.timeout(60_000);
  let server: ModelServer | undefined;
  let manager: SandboxManager | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await server?.close();
    await manager?.dispose();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('activate → plan in the guest → one approved batch → organised folder and summary', async function () {
    const image = requireTestImage(this);
    const folder = tempDir('organize-task');
    const stateRoot = tempDir('organize-state');
    dirs.push(folder, stateRoot);
    const gen = generateMessyFolder(folder);
    const before = treeHashes(folder);
    const found = await discoverSkills({ builtinDir: join(REPO_ROOT, 'skills'), trusted: false });
    const skills = new SkillSet(found.skills);
    assert.ok(skills.get('organize-files'), 'the built-in skill is discovered');
    const bodyMarker = '## 4. Apply as ONE batch, only after approval';
    const visible = gen.files.size;

    manager = new SandboxManager({ imageDir: image, toolsDir: guestTools(), stateRoot, driver: new NamespaceDriver(), idleMs: 60_000 });

    server = await startModelServer({
      transcript: [
        {
          label: 'activate',
          match: { systemIncludes: '<location>/skills/organize-files/SKILL.md</location>', toolsInclude: ['activate_skill', 'run_command'] },
          reply: { content: [{ type: 'text', text: 'I will use the organize-files skill.' }, { type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'organize-files' } }] },
        },
        {
          label: 'plan',
          match: { toolResultIncludes: bodyMarker },
          reply: { content: [{ type: 'tool_use', id: 'plan', name: 'run_command', input: { command: `python3 ${SCRIPT} /workspace --by type > ${PLAN} && python3 -c "import json; print(len(json.load(open('${PLAN}'))['moves']), 'moves planned')"` } }] },
        },
        {
          label: 'apply',
          match: { toolResultIncludes: `${visible} moves planned` },
          reply: { content: [{ type: 'tool_use', id: 'apply', name: 'run_command', input: { command: `python3 ${SCRIPT} /workspace --apply --from-plan ${PLAN} --summary SUMMARY.md` } }] },
        },
        { label: 'report', match: { toolResultIncludes: `"moved": ${visible}` }, reply: { content: [{ type: 'text', text: `Moved ${visible} files; see SUMMARY.md.` }] } },
      ],
    });

    const registry = createToolRegistry([createActivateSkillTool(skills, new ActivatedSkills())]);
    // The extension's own policy (default mode): moving files the person had asks once per batch.
    const policy = createApprovalPolicy({ mode: 'default' });
    const task = new AgentTask({
      taskId: 'organize-e2e',
      folder,
      prompt: 'Please organise this folder by file type.',
      apiKey: 'test-key',
      baseURL: server.url,
      // The task's skills mounted read-only under /skills, as the extension's SandboxSessions.open does.
      openSession: (dir) => manager!.openSession(dir, { taskId: 'organize-e2e', skillDirs: skillDirsForGuest(skills) }),
      tools: registry,
      policy,
      skillsCatalog: renderSkillCatalog(skills.skills),
      options: { plan: false },
    });
    const events: TaskEvent[] = [];
    // Until the person decides, the real folder must be untouched but for new files (the summary).
    let stagedUntilApproved: Map<string, string> | undefined;
    task.onEvent((e) => {
      events.push(e);
      if (e.type === 'approval.needed') {
        stagedUntilApproved = treeHashes(folder);
        task.decideApproval(e.approvalId, true);
      }
    });
    const result = await task.start();
    assert.equal(result.outcome, 'done', result.message);
    assert.deepEqual(server.failures, []);
    assert.equal(server.requests.length, 4);

    // It really ran in the guest: the sandbox event names the namespace driver.
    const sandboxEvents = events.filter((e): e is Extract<TaskEvent, { type: 'sandbox' }> => e.type === 'sandbox' && e.state === 'ready');
    assert.equal(sandboxEvents.length, 1);
    assert.equal(sandboxEvents[0].driver, 'namespace');

    // The catalog is in every system prompt; the body appears only once activation answered.
    const sys = (i: number) => JSON.stringify(server!.requests[i].body.system);
    const msgs = (i: number) => JSON.stringify(server!.requests[i].body.messages);
    assert.ok(sys(0).includes('organize-files') && !sys(0).includes(bodyMarker) && !msgs(0).includes(bodyMarker));
    assert.ok(msgs(1).includes(bodyMarker));
    assert.equal(sys(3), sys(0), 'system prompt unchanged (cache prefix kept)');

    // Both commands succeeded in the guest.
    const finished = events.filter((e): e is Extract<TaskEvent, { type: 'tool.finished' }> => e.type === 'tool.finished');
    assert.deepEqual(finished.map((e) => [e.callId, e.name, e.ok]), [['act', 'activate_skill', true], ['plan', 'run_command', true], ['apply', 'run_command', true]]);

    // Exactly one approval, for one batch holding every move (renames of files the person had).
    const needed = events.filter((e): e is Extract<TaskEvent, { type: 'approval.needed' }> => e.type === 'approval.needed');
    assert.equal(needed.length, 1);
    assert.ok('batch' in needed[0], 'expected a batch approval');
    assert.match(needed[0].batch.summary, /^The task wants to move \d+ files that existed before it started\.$/);
    const renamed = needed[0].batch.items.filter((i) => i.kind === 'renamed');
    assert.equal(renamed.length, visible, `batch: ${needed[0].batch.items.length} items, ${renamed.length} renames`);
    assert.deepEqual(new Set(renamed.map((i) => i.from)), new Set(gen.files.keys()));
    const decided = events.filter((e): e is Extract<TaskEvent, { type: 'approval.decided' }> => e.type === 'approval.decided');
    assert.equal(decided.length, 1);

    // While the batch waited, nothing the person had was moved; the summary (a new file) was already there.
    assert.ok(stagedUntilApproved, 'approval was asked');
    assert.ok(stagedUntilApproved.has('SUMMARY.md'));
    stagedUntilApproved.delete('SUMMARY.md');
    assert.deepEqual(stagedUntilApproved, before, 'existing files are not moved before approval');

    // The folder after approval: every original file's bytes at its new path (per the summary),
    // in the type folder the fixture expects, nothing else but the hidden files and the summary.
    const after = treeHashes(folder);
    const summary = readFileSync(join(folder, 'SUMMARY.md'), 'utf8');
    assert.match(summary, new RegExp(`${visible} files moved into 9 folders`));
    const moves = summaryMoves(summary);
    assert.deepEqual(new Set(moves.keys()), new Set(gen.files.keys()), 'the summary lists every original file once');
    for (const [from, info] of gen.files) {
      const to = moves.get(from)!;
      assert.equal(after.get(to), before.get(from), `${from} → ${to}: same bytes`);
      assert.equal(to.split('/')[0], info.type, `${from} → ${to}`);
      assert.ok(TYPE_FOLDERS.includes(info.type));
    }
    const expectedPaths = new Set([...moves.values(), '.DS_Store', '.env', 'SUMMARY.md']);
    assert.deepEqual(new Set(after.keys()), expectedPaths);
    assert.equal(after.get('.DS_Store'), before.get('.DS_Store'));
    assert.equal(after.get('.env'), before.get('.env'));

    // Nothing is left staged.
    const check = await manager.openSession(folder, { taskId: 'organize-check' });
    try {
      assert.deepEqual((await check.pendingChanges()).items, []);
    } finally {
      await check.close();
    }
  });
});
