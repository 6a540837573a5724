// Custom agents through `cowork run`: agent files in the folder's .cowork/agents and
// the person's ~/.claude/agents, offered to the model by name and description only;
// delegating to one gives the sub-agent that agent's instructions, tools and model.
// Real CLI process, scripted model server, namespace sandbox.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../../model-server';
import { CliRunSetup } from '../../support/cliRunner';

const PROMPT = 'Review agreement.txt for risky clauses';
const INSTRUCTIONS = 'Look for unlimited liability, automatic renewal and one-sided termination; quote each clause number.';

const text = (r: RecordedRequest, i: number): string => {
  const c = r.body.messages?.[i]?.content;
  return typeof c === 'string' ? c : (c ?? []).map((b) => (b.type === 'text' ? b.text : b.type === 'tool_result' ? JSON.stringify(b.content) : '')).join('\n');
};
const system = (r: RecordedRequest): string => JSON.stringify(r.body.system ?? '');

describe('cli: custom agents', function () {
  this.timeout(90_000);
  const task = new CliRunSetup('agents');
  afterEach(() => task.dispose());

  it('lists agents by name and description, runs a delegated sub-task as the named agent, and names the agents when one is unknown', async function () {
    task.prepare(this);
    const folder = task.folder;
    const home = task.tempDir('home');
    fs.writeFileSync(path.join(folder, 'agreement.txt'), '7. Liability: unlimited.\n9. Renewal: automatic.\n');
    fs.mkdirSync(path.join(folder, '.cowork/agents'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, '.cowork/agents/clause-reviewer.md'),
      `---\nname: clause-reviewer\ndescription: Reads an agreement and lists its risky clauses by number.\ntools: Read, Grep\nmodel: small\n---\n${INSTRUCTIONS}\n`,
    );
    fs.writeFileSync(path.join(folder, '.cowork/agents/broken.md'), 'no front matter here\n');
    fs.mkdirSync(path.join(home, '.claude/agents'), { recursive: true });
    fs.writeFileSync(path.join(home, '.claude/agents/memo.md'), '---\nname: memo-writer\ndescription: Writes short memos.\n---\nWrite in plain words.\n');

    const review = (agent: string) => ({ tasks: [{ name: 'review', brief: 'Review agreement.txt.', agent }] });
    const child = { firstUserText: '[Sub-agent "review"]' };
    const server = await task.serve({
      transcript: {
        order: 'byMatch',
        turns: [
          { label: 'unknown agent', match: { firstUserText: PROMPT, messageCount: 1 }, reply: { content: [{ type: 'tool_use', id: 'd0', name: 'delegate', input: review('reviewer') }] } },
          { label: 'right agent', match: { firstUserText: PROMPT, toolResultFor: 'd0' }, reply: { content: [{ type: 'tool_use', id: 'd1', name: 'delegate', input: review('clause-reviewer') }] } },
          { label: 'child reads', match: child, reply: { content: [{ type: 'tool_use', id: 'r1', name: 'read_file', input: { path: 'agreement.txt' } }] } },
          { label: 'child reports', match: { ...child, toolResultFor: 'r1' }, reply: { content: [{ type: 'text', text: 'Clauses 7 and 9 are risky.' }] } },
          { label: 'parent ends', match: { firstUserText: PROMPT, toolResultFor: 'd1' }, reply: { content: [{ type: 'text', text: 'Clauses 7 and 9.' }] } },
        ],
      },
    });
    const r = await task.run(['run', PROMPT, '--folder', folder, '--yes', '--no-plan'], '', { COWORK_HOME: home });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    server.assertComplete();
    assert.match(r.stderr, /warning: agent [^\n]*broken\.md:1: Agent not loaded: An agent file must start with YAML frontmatter/);

    const requests = server.messageRequests();
    const parent = requests.filter((q) => text(q, 0).includes(PROMPT));
    // Progressive disclosure: names and descriptions in the parent's prompt, never the instructions.
    assert.match(system(parent[0]), /- clause-reviewer: Reads an agreement and lists its risky clauses by number\./);
    assert.match(system(parent[0]), /- memo-writer: Writes short memos\./);
    assert.ok(!system(parent[0]).includes('unlimited liability'), 'an agent body stays out of the system prompt');
    // An unknown name is an error that lists the agents.
    assert.match(text(parent[1], parent[1].body.messages!.length - 1), /names the agent \\"?reviewer\\"?, which does not exist; the custom agents are: clause-reviewer, memo-writer/);

    // The child runs as the agent: its instructions before the brief, its tools (Claude names mapped), its model.
    const kid = requests.filter((q) => text(q, 0).includes('[Sub-agent "review"]'));
    assert.equal(kid.length, 2);
    assert.match(text(kid[0], 0), /custom agent "clause-reviewer"[^\n]*\n[^\n]*unlimited liability[\s\S]*Brief:\nReview agreement\.txt\./);
    assert.deepEqual((kid[0].body.tools ?? []).map((t) => t.name).sort(), ['grep', 'read_file']);
    assert.equal(kid[0].body.model, 'claude-haiku-5-5');
    assert.match(r.stdout, /⇇ \[review\] done/);
  });
});
