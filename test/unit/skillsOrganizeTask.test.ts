// End to end through the agent loop: a task whose model (the scripted server)
// activates organize-files, runs its script to plan, then applies the plan in one
// run; the 200-file folder ends up organised, the person approves ONE batch, and
// the requests show the catalog first and the skill body only after activation.
//
// Sandbox stand-in: HostFolderSession (test/support) runs commands on the host,
// so this test maps the guest paths the skill uses (/skills/<name>, /workspace)
// to their host folders in exec; that mapping is all it adds.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskEvent } from '../../src/agent/events';
import { AgentTask } from '../../src/agent/loop/taskRunner';
import { ActivatedSkills } from '../../src/agent/skills/activatedSkills';
import { createActivateSkillTool } from '../../src/agent/skills/activateSkillTool';
import { renderSkillCatalog } from '../../src/agent/skills/catalog';
import { discoverSkills } from '../../src/agent/skills/discovery';
import { SkillSet, skillDirsForGuest } from '../../src/agent/skills/skillSet';
import { createToolRegistry } from '../../src/agent/tools/registry';
import type { ExecChunk, ExecRequest, ExecResult } from '../../src/sandbox/session';
import { generateMessyFolder, treeHashes } from '../fixtures/skills/messyFolder';
import { startModelServer, type ModelServer } from '../model-server';
import { HostFolderSession } from '../support/hostFolderSession';

/** HostFolderSession plus the guest's mount points, for commands only. */
class MountedHostSession extends HostFolderSession {
  constructor(folder: string, private readonly mounts: Record<string, string>) {
    super(folder);
  }
  override exec(req: ExecRequest, onChunk?: (c: ExecChunk) => void, signal?: AbortSignal): Promise<ExecResult> {
    const map = (s: string): string => {
      let out = s.replace(/(^|[\s"'=])\/workspace(?=[/\s"']|$)/g, `$1${this.folder}`);
      for (const [name, dir] of Object.entries(this.mounts)) out = out.split(`/skills/${name}/`).join(`${dir}/`);
      return out;
    };
    const command = typeof req.command === 'string' ? map(req.command) : req.command.map(map);
    return super.exec({ ...req, command, env: { ...req.env, TZ: 'UTC' } }, onChunk, signal);
  }
}

const SCRIPT = '/skills/organize-files/scripts/plan_moves.py';
const PLAN = join(tmpdir(), `cowork-organize-e2e-${process.pid}.json`);

describe('skills: a task that activates organize-files and reorganises 200 files', function () {
  this.timeout(60000);
  let server: ModelServer | undefined;
  let folder: string;
  afterEach(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(PLAN, { force: true });
  });

  it('activate → plan → one approved batch → summary', async () => {
    folder = mkdtempSync(join(tmpdir(), 'organize-task-'));
    const gen = generateMessyFolder(folder);
    const before = treeHashes(folder);
    const found = await discoverSkills({ builtinDir: join(__dirname, '../../skills'), trusted: false });
    const skills = new SkillSet(found.skills);
    const bodyMarker = '## 4. Apply as ONE batch, only after approval';
    const visible = gen.files.size;

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
    const task = new AgentTask({
      folder,
      prompt: 'Please organise this folder by file type.',
      apiKey: 'test-key',
      baseURL: server.url,
      openSession: async (dir) => new MountedHostSession(dir, skillDirsForGuest(skills)),
      tools: registry.names().map((n) => registry.get(n)!),
      skillsCatalog: renderSkillCatalog(skills.skills),
      options: {
        plan: false,
        validateInput: (tool, input) => {
          const check = registry.validate(tool.name, input);
          return check.ok ? undefined : check.message;
        },
      },
    });
    const events: TaskEvent[] = [];
    task.onEvent((e) => {
      events.push(e);
      if (e.type === 'approval.needed') task.decideApproval(e.approvalId, true);
    });
    const result = await task.start();
    assert.equal(result.outcome, 'done', result.message);
    assert.deepEqual(server.failures, []);
    assert.equal(server.requests.length, 4);

    // The catalog is in every system prompt; the body appears only once activation answered.
    const sys = (i: number) => JSON.stringify(server!.requests[i].body.system);
    const msgs = (i: number) => JSON.stringify(server!.requests[i].body.messages);
    assert.ok(sys(0).includes('organize-files') && !sys(0).includes(bodyMarker) && !msgs(0).includes(bodyMarker));
    assert.ok(msgs(1).includes(bodyMarker));
    assert.equal(sys(3), sys(0), 'system prompt unchanged (cache prefix kept)');

    // One approved batch covering the moves.
    const needed = events.filter((e): e is Extract<TaskEvent, { type: 'approval.needed' }> => e.type === 'approval.needed');
    assert.equal(needed.length, 1);
    assert.ok(needed[0].batch.items.length >= visible, `batch has ${needed[0].batch.items.length} items`);

    // The folder: same contents, organised by type, summary written.
    const after = treeHashes(folder);
    const contents = (t: Map<string, string>) => [...t].filter(([p]) => p !== 'SUMMARY.md').map(([, h]) => h).sort();
    assert.deepEqual(contents(after), contents(before));
    assert.deepEqual([...after.keys()].filter((p) => !p.includes('/')).sort(), ['.DS_Store', '.env', 'SUMMARY.md']);
    for (const p of after.keys()) {
      if (!p.includes('/')) continue;
      assert.ok(['Documents', 'Spreadsheets', 'Presentations', 'Images', 'Audio', 'Video', 'Archives', 'Code', 'Other'].includes(p.split('/')[0]), p);
    }
    assert.match(readFileSync(join(folder, 'SUMMARY.md'), 'utf8'), new RegExp(`${visible} files moved into 9 folders`));
  });
});
