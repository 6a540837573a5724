// Level 1 and 2: the catalog text and the activate_skill tool, with the
// per-task ActivatedSkills state (never injected twice, survives compaction).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivatedSkills } from '../../../../src/agent/skills/activatedSkills';
import { createActivateSkillTool, renderActivation } from '../../../../src/agent/skills/activateSkillTool';
import { listSkillResources } from '../../../../src/agent/skills/resources';
import { renderSkillCatalog } from '../../../../src/agent/skills/catalog';
import { SkillSet, skillDirsForGuest } from '../../../../src/agent/skills/skillSet';
import type { ToolContext } from '../../../../src/agent/tools/tool';
import type { Skill } from '../../../../src/agent/skills/types';

const ctx = {} as ToolContext; // activate_skill never touches the context

function skill(root: string, name: string, description: string, body: string, files: string[] = []): Skill {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: ${description}\n---\n${body}\n`);
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  return { name, description, body, source: 'builtin', dir, file: join(dir, 'SKILL.md'), bodyLine: 5 };
}

describe('skills: catalog and activate_skill', () => {
  let root: string;
  let set: SkillSet;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'skills-activate-'));
    set = new SkillSet([
      skill(root, 'organize-files', 'Tidy a folder <safely> & report.', 'BODY-ORGANIZE', ['scripts/plan.py', 'references/rules.md', '.hidden', 'scripts/__pycache__/x.pyc']),
      skill(root, 'brand', 'Company look.', 'BODY-BRAND'),
    ]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('renders nothing when there are no skills', () => {
    assert.equal(renderSkillCatalog([]), '');
  });

  it('lists name, escaped description and guest location, sorted, without bodies', () => {
    const text = renderSkillCatalog(set.skills);
    assert.ok(text.indexOf('<name>brand</name>') < text.indexOf('<name>organize-files</name>'));
    assert.match(text, /<description>Tidy a folder &lt;safely&gt; &amp; report\.<\/description>/);
    assert.match(text, /<location>\/skills\/organize-files\/SKILL\.md<\/location>/);
    assert.match(text, /activate_skill/);
    assert.doesNotMatch(text, /BODY-/);
    assert.equal(text, renderSkillCatalog([...set.skills].reverse()), 'order-independent bytes');
  });

  it('offers the loaded names as an enum', () => {
    const tool = createActivateSkillTool(set, new ActivatedSkills());
    const props = tool.inputSchema.properties as Record<string, { enum?: string[] }>;
    assert.deepEqual(props.name.enum, ['brand', 'organize-files']);
    assert.equal(tool.readOnly, true);
  });

  it('returns the body and resource paths (not contents), once', async () => {
    const state = new ActivatedSkills();
    const tool = createActivateSkillTool(set, state);
    const first = await tool.run({ name: 'organize-files' }, ctx);
    assert.equal(first.isError, undefined);
    const text = String(first.content);
    assert.match(text, /BODY-ORGANIZE/);
    assert.match(text, /\/skills\/organize-files\/references\/rules\.md\n\/skills\/organize-files\/scripts\/plan\.py/);
    assert.doesNotMatch(text, /hidden|pycache/);
    assert.match(first.summary, /2 files/);
    const second = await tool.run({ name: 'organize-files' }, ctx);
    assert.match(String(second.content), /already active/);
    assert.doesNotMatch(String(second.content), /BODY-ORGANIZE/);
    assert.equal(state.size, 1);
  });

  it('rejects an unknown name with the installed list', async () => {
    const out = await createActivateSkillTool(set, new ActivatedSkills()).run({ name: 'nope' }, ctx);
    assert.equal(out.isError, true);
    assert.match(String(out.content), /no skill named "nope".*brand, organize-files/);
  });

  it('keeps activated text for compaction and round-trips through JSON', async () => {
    const state = new ActivatedSkills();
    assert.equal(state.renderForCompaction(), '');
    await createActivateSkillTool(set, state).run({ name: 'brand' }, ctx);
    const kept = state.renderForCompaction();
    assert.match(kept, /BODY-BRAND/);
    const restored = ActivatedSkills.fromJSON(JSON.parse(JSON.stringify(state)));
    assert.equal(restored.renderForCompaction(), kept);
    const again = await createActivateSkillTool(set, restored).run({ name: 'brand' }, ctx);
    assert.match(String(again.content), /already active/);
    assert.throws(() => ActivatedSkills.fromJSON([{ name: 1 }]), /entry 0/);
    assert.throws(() => ActivatedSkills.fromJSON({}), /expected an array/);
  });

  it('rebuilds the state from a transcript, ignoring errors and cleared results', async () => {
    const state = new ActivatedSkills();
    const tool = createActivateSkillTool(set, state);
    const brand = await tool.run({ name: 'brand' }, ctx);
    const organize = await tool.run({ name: 'organize-files' }, ctx);
    const messages = [
      { role: 'user' as const, content: 'hi' },
      { role: 'assistant' as const, content: [
        { type: 'tool_use' as const, id: 't1', name: 'activate_skill', input: { name: 'brand' } },
        { type: 'tool_use' as const, id: 't2', name: 'activate_skill', input: { name: 'organize-files' } },
        { type: 'tool_use' as const, id: 't3', name: 'activate_skill', input: { name: 'nope' } },
      ] },
      { role: 'user' as const, content: [
        { type: 'tool_result' as const, tool_use_id: 't1', content: [{ type: 'text' as const, text: String(brand.content) }] },
        { type: 'tool_result' as const, tool_use_id: 't2', content: '[Older tool result cleared]' },
        { type: 'tool_result' as const, tool_use_id: 't3', content: 'There is no skill', is_error: true },
      ] },
    ];
    const rebuilt = ActivatedSkills.fromMessages(messages);
    assert.deepEqual(rebuilt.list().map((s) => s.name), ['brand']);
    assert.equal(rebuilt.get('brand')?.text, String(brand.content));
    assert.ok(String(organize.content).startsWith('<skill_content'));
  });

  it('bounds the resource list and says so', async () => {
    const big = skill(root, 'big', 'Many files.', 'BODY', Array.from({ length: 30 }, (_, i) => `references/r${String(i).padStart(2, '0')}.md`).concat(['a/b/c/d/e/deep.txt']));
    const all = await listSkillResources(big.dir);
    assert.equal(all.paths.length, 30);
    assert.equal(all.truncated, true, 'the too-deep file was cut');
    const few = await listSkillResources(big.dir, { maxEntries: 5, maxDepth: 10 });
    assert.deepEqual(few.paths, ['a/b/c/d/e/deep.txt', 'references/r00.md', 'references/r01.md', 'references/r02.md', 'references/r03.md']);
    assert.equal(few.truncated, true);
    const whole = await listSkillResources(big.dir, { maxEntries: 31, maxDepth: 10 });
    assert.equal(whole.truncated, false);
    const text = (await renderActivation(big)).content;
    assert.match(text, /\/skills\/big\/references\/r29\.md/);
    assert.match(text, /more files not listed; list \/skills\/big to see them all/);
  });

  it('maps skills to guest mounts and refuses duplicate names', () => {
    assert.deepEqual(skillDirsForGuest(set), { brand: join(root, 'brand'), 'organize-files': join(root, 'organize-files') });
    assert.throws(() => new SkillSet([set.skills[0], set.skills[0]]), /two skills are named "brand"/);
  });
});
