// Agent files: parsing (fields, Claude-style tool names, clear errors with lines)
// and discovery (project over user, untrusted workspaces load no project agents).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderAgentCatalog } from '../../../../src/agent/customAgents/agentCatalog';
import { discoverAgents } from '../../../../src/agent/customAgents/agentDiscovery';
import { parseAgentFile } from '../../../../src/agent/customAgents/customAgent';
import { tempDir } from '../../../support/sandboxFixture';

const agentText = (fields: string, body = 'Do the thing well.') => `---\n${fields}\n---\n${body}\n`;

describe('custom agents: agent files', () => {
  it('reads name, description, tools (Claude names mapped, duplicates dropped), model and kind', () => {
    const r = parseAgentFile(agentText('name: summariser\ndescription: >\n  Summarises long\n  reports.\ntools: [Read, read_file, Bash, fetch_page]\nmodel: inherit\nkind: research'), '/x/summariser.md', 'user');
    assert.ok(r.ok);
    assert.deepEqual(r.agent, {
      name: 'summariser',
      description: 'Summarises long reports.',
      tools: ['read_file', 'run_command', 'fetch_page'],
      model: 'inherit',
      kind: 'research',
      instructions: 'Do the thing well.',
      file: '/x/summariser.md',
      source: 'user',
    });
    const plain = parseAgentFile(agentText('name: a\ndescription: d'), 'f', 'project');
    assert.ok(plain.ok && plain.agent.kind === 'work' && plain.agent.tools === undefined && plain.agent.model === undefined);
  });

  it('refuses bad files with the line to fix', () => {
    const cases: [string, RegExp, number][] = [
      [agentText('name: Big Name\ndescription: d'), /"name" must be lower-case/, 2],
      [agentText('name: a'), /"description" is required/, 1],
      [agentText('name: a\ndescription: d\ntools: 3'), /"tools" must be a comma-separated list/, 4],
      [agentText('name: a\ndescription: d\nkind: boss'), /"kind" must be "research" or "work"/, 4],
      [agentText('name: a\ndescription: d', '   '), /no instructions/, 5],
      ['just text', /must start with YAML frontmatter/, 1],
    ];
    for (const [text, message, line] of cases) {
      const r = parseAgentFile(text, 'f', 'user');
      assert.ok(!r.ok, text);
      assert.match(r.message, message);
      assert.equal(r.line, line, text);
    }
  });

  it('renders a catalog of names and descriptions only', () => {
    assert.equal(renderAgentCatalog([]), '');
    const r = parseAgentFile(agentText('name: a\ndescription: Does A.', 'SECRET BODY'), 'f', 'user');
    assert.ok(r.ok);
    const catalog = renderAgentCatalog([r.agent]);
    assert.match(catalog, /^## Custom agents\n/);
    assert.match(catalog, /\n- a: Does A\.$/);
    assert.ok(!catalog.includes('SECRET BODY'));
  });
});

describe('custom agents: discovery', () => {
  let folder = '';
  let home = '';
  beforeEach(() => {
    folder = tempDir('agents-project');
    home = tempDir('agents-home');
    const put = (dir: string, file: string, text: string) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    put(path.join(folder, '.cowork/agents'), 'review.md', agentText('name: review\ndescription: Project review.'));
    put(path.join(folder, '.claude/agents'), 'review.md', agentText('name: review\ndescription: Second project review.'));
    put(path.join(folder, '.claude/agents'), 'notes.txt', 'not an agent');
    put(path.join(home, '.claude/agents'), 'review.md', agentText('name: review\ndescription: My review.'));
    put(path.join(home, '.cowork/agents'), 'memo.md', agentText('name: memo\ndescription: Memos.'));
    put(path.join(home, '.cowork/agents'), 'huge.md', agentText('name: huge\ndescription: h', 'x'.repeat(300 * 1024)));
  });
  afterEach(() => {
    for (const d of [folder, home]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a trusted folder: project agents win over the person\'s, collisions and problems are reported', async () => {
    const found = await discoverAgents({ homeDir: home, folders: [folder], trusted: true });
    assert.deepEqual(found.agents.map((a) => [a.name, a.description, a.source]), [
      ['memo', 'Memos.', 'user'],
      ['review', 'Project review.', 'project'],
    ]);
    const messages = found.problems.map((p) => p.message).join('\n');
    assert.match(messages, /Agent "review" is not used: [^\n]*\.cowork\/agents\/review\.md has the same name/);
    assert.match(messages, /huge\.md|bytes \(at most 262144\)/);
    assert.equal(found.problems.length, 3, messages);
  });

  it('an untrusted workspace loads only the person\'s agents and says why the project\'s are missing', async () => {
    const found = await discoverAgents({ homeDir: home, folders: [folder], trusted: false });
    assert.deepEqual(found.agents.map((a) => [a.name, a.source]), [
      ['memo', 'user'],
      ['review', 'user'],
    ]);
    assert.equal(found.problems.filter((p) => /not loaded: the workspace is not trusted/.test(p.message)).length, 2);
  });
});
