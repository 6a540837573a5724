// Activated skill text survives context compaction: a task activates
// organize-files, then produces enough command output to push the loop over its
// (tiny, test-only) context window; older results are cleared, the skill's
// instructions stay, and they were injected exactly once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CLEARED_PLACEHOLDER } from '../../../../src/agent/loop/compaction';
import { ActivatedSkills } from '../../../../src/agent/skills/activatedSkills';
import { createActivateSkillTool } from '../../../../src/agent/skills/activateSkillTool';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { SkillSet } from '../../../../src/agent/skills/skillSet';
import { requireAgentSandbox, setUp, type Harness } from '../../../support/agentHarness';
import { REPO_ROOT } from '../../../support/repoRoot';

const BODY_MARKER = '## 4. Apply as ONE batch, only after approval';
const bigOutput = (id: string, letter: string) => ({
  reply: { content: [{ type: 'tool_use' as const, id, name: 'run_command', input: { command: `python3 -c "print('${letter}' * 12000)"` } }] },
});

describe('skills: activated text survives compaction', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('keeps the skill body while older tool results are cleared', async () => {
    const skills = new SkillSet((await discoverSkills({ builtinDir: join(REPO_ROOT, 'skills'), trusted: false })).skills);
    const state = new ActivatedSkills();
    h = await setUp({
      extraTools: [createActivateSkillTool(skills, state)],
      options: { contextWindow: 9000, compactionThreshold: 0.5, compaction: 'clear' },
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'organize-files' } }] } },
        bigOutput('a', 'A'),
        bigOutput('b', 'B'),
        bigOutput('c', 'C'),
        { reply: { content: [{ type: 'text', text: 'Done.' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    const last = JSON.stringify(h.server.requests[h.server.requests.length - 1].body.messages);
    assert.ok(last.includes(CLEARED_PLACEHOLDER), 'compaction happened');
    assert.ok(!last.includes('A'.repeat(12000)), 'the oldest big output was cleared');
    assert.equal(last.split(BODY_MARKER).length - 1, 1, 'the skill body is still there, once');
    assert.match(state.renderForCompaction(), /Apply as ONE batch/);
  });
});
