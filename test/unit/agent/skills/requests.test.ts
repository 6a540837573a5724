// Progressive disclosure on the wire: through the real SDK against the scripted
// model server, the first request's system prompt carries the catalog (names,
// descriptions, locations) and no skill body; the body reaches the model only in
// the activate_skill result, and only once however often it is asked for.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { join } from 'node:path';
import { ActivatedSkills } from '../../../../src/agent/skills/activatedSkills';
import { createActivateSkillTool } from '../../../../src/agent/skills/activateSkillTool';
import { renderSkillCatalog } from '../../../../src/agent/skills/catalog';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { SkillSet } from '../../../../src/agent/skills/skillSet';
import type { ToolContext } from '../../../../src/agent/tools/tool';
import { startModelServer, type ModelServer, type RecordedRequest } from '../../../model-server';
import { REPO_ROOT } from '../../../support/repoRoot';

const BUILTIN = join(REPO_ROOT, 'skills');
const ctx = {} as ToolContext;

function requestText(r: RecordedRequest): { system: string; messages: string } {
  const sys = r.body.system;
  const system = typeof sys === 'string' ? sys : (sys ?? []).map((b) => b.text ?? '').join('\n');
  return { system, messages: JSON.stringify(r.body.messages ?? []) };
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('skills: catalog and activation in real requests', () => {
  let server: ModelServer;
  afterEach(async () => server?.close());

  it('catalog in the first request, body only after activation, never twice', async () => {
    const found = await discoverSkills({ builtinDir: BUILTIN, trusted: false });
    const skills = new SkillSet(found.skills);
    const organize = skills.get('organize-files');
    assert.ok(organize, 'the built-in organize-files skill loads');
    assert.deepEqual(found.diagnostics, []);
    // A line of the body that is not in the description: its marker in the requests.
    const bodyMarker = '## 4. Apply as ONE batch, only after approval';
    assert.ok(organize.body.includes(bodyMarker));

    server = await startModelServer({
      transcript: [
        { label: 'activate', match: { systemIncludes: '<name>organize-files</name>', toolsInclude: ['activate_skill'] }, reply: { content: [{ type: 'tool_use', id: 'tu_1', name: 'activate_skill', input: { name: 'organize-files' } }] } },
        { label: 'again', match: { toolResultFor: 'tu_1', toolResultIncludes: bodyMarker }, reply: { content: [{ type: 'tool_use', id: 'tu_2', name: 'activate_skill', input: { name: 'organize-files' } }] } },
        { label: 'done', match: { toolResultIncludes: 'already active' }, reply: { content: [{ type: 'text', text: 'Done.' }] } },
      ],
    });
    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    const state = new ActivatedSkills();
    const tool = createActivateSkillTool(skills, state);
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: `You are Cowork.\n\n${renderSkillCatalog(skills.skills)}`, cache_control: { type: 'ephemeral' } }];
    const tools: Anthropic.Tool[] = [{ name: tool.name, description: tool.description, input_schema: tool.inputSchema }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Tidy my downloads folder.' }];

    for (let turn = 0; turn < 3; turn++) {
      const reply = await client.messages.create({ model: 'claude-test', max_tokens: 1024, system, tools, messages });
      messages.push({ role: 'assistant', content: reply.content });
      const uses = reply.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (uses.length === 0) break;
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const u of uses) {
        const out = await tool.run(u.input as { name: string }, ctx);
        results.push({ type: 'tool_result', tool_use_id: u.id, content: out.content, is_error: out.isError });
      }
      messages.push({ role: 'user', content: results });
    }

    assert.deepEqual(server.failures, []);
    assert.equal(server.requests.length, 3);
    const [first, second, third] = server.requests.map(requestText);
    // Level 1: catalog in the (cached) system prompt; no body anywhere yet.
    assert.match(first.system, /<location>\/skills\/organize-files\/SKILL\.md<\/location>/);
    assert.ok(first.system.includes(organize.description));
    assert.ok(!first.system.includes(bodyMarker) && !first.messages.includes(bodyMarker));
    const firstTools = server.requests[0].body.tools ?? [];
    assert.deepEqual((firstTools[0].input_schema as { properties: { name: { enum: string[] } } }).properties.name.enum, skills.names);
    // Level 2: the body arrives in the tool result, with the resource list (paths only).
    assert.equal(occurrences(second.messages, bodyMarker), 1);
    assert.ok(second.messages.includes('/skills/organize-files/scripts/plan_moves.py'));
    assert.ok(!second.messages.includes('import argparse'), 'script contents are not injected');
    // Never injected twice: the second activation adds a note, not the body.
    assert.equal(occurrences(third.messages, bodyMarker), 1);
    assert.ok(third.messages.includes('already active'));
    // The system prompt never changed (it stays in the cached prefix).
    assert.equal(second.system, first.system);
    assert.equal(third.system, first.system);
    assert.equal(state.list().map((s) => s.name).join(), 'organize-files');
  });

  it('no skills: no catalog text at all', async () => {
    assert.equal(renderSkillCatalog([]), '');
    const found = await discoverSkills({ trusted: true, workspaceFolders: [] });
    assert.equal(renderSkillCatalog(found.skills), '');
  });
});
