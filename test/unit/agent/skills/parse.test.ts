// Table of valid and invalid SKILL.md files: every field rule of the Agent
// Skills specification and how leniently each breach is handled.
import assert from 'node:assert/strict';
import { parseSkillFile } from '../../../../src/agent/skills/parseSkill';
import { skillNameProblem } from '../../../../src/agent/skills/skillName';

const DIR = '/skills-root/my-skill';
const FILE = `${DIR}/SKILL.md`;

function parse(text: string, dir = DIR) {
  return parseSkillFile({ text, file: `${dir}/SKILL.md`, dir, source: 'project' });
}

interface Row {
  title: string;
  text: string;
  dir?: string;
  /** true: loads; false: skipped with an error. */
  loads: boolean;
  /** Substrings expected in the diagnostics' messages (all must appear). */
  messages?: string[];
  /** Line the first diagnostic must point at. */
  line?: number;
  /** Exact number of warnings expected (when loading). */
  warnings?: number;
}

const fm = (lines: string[], body = '# Steps\nDo the thing.') => ['---', ...lines, '---', body].join('\n');

const rows: Row[] = [
  { title: 'minimal valid skill', text: fm(['name: my-skill', 'description: Does things.']), loads: true, warnings: 0 },
  {
    title: 'all optional fields',
    text: fm(['name: my-skill', 'description: Does things.', 'license: Apache-2.0', 'compatibility: Needs python3', 'metadata:', '  author: acme', '  version: "1.0"', 'allowed-tools: Bash(git:*) Read']),
    loads: true,
    warnings: 0,
  },
  { title: 'CRLF line endings and BOM', text: '\uFEFF---\r\nname: my-skill\r\ndescription: Does things.\r\n---\r\nBody\r\n', loads: true, warnings: 0 },
  { title: 'no frontmatter', text: '# Just markdown', loads: false, messages: ['must start with YAML frontmatter'], line: 1 },
  { title: 'unclosed frontmatter', text: '---\nname: my-skill\ndescription: x\n', loads: false, messages: ['never closed'] },
  { title: 'frontmatter is a list', text: fm(['- a', '- b']), loads: false, messages: ['"key: value"'], line: 2 },
  { title: 'unparseable YAML', text: fm(['name: my-skill', 'description: [unclosed']), loads: false, messages: ['not valid YAML'], line: 3 },
  { title: 'duplicate key', text: fm(['name: my-skill', 'description: a', 'description: b']), loads: false, messages: ['not valid YAML'] },
  { title: 'missing description', text: fm(['name: my-skill']), loads: false, messages: ['"description" is missing'] },
  { title: 'empty description', text: fm(['name: my-skill', 'description: ""']), loads: false, messages: ['"description" is empty'], line: 3 },
  { title: 'description not text', text: fm(['name: my-skill', 'description:', '  a: b']), loads: false, messages: ['"description" must be text'] },
  { title: 'description of 1024 chars', text: fm(['name: my-skill', `description: ${'d'.repeat(1024)}`]), loads: true, warnings: 0 },
  { title: 'description too long', text: fm(['name: my-skill', `description: ${'d'.repeat(1025)}`]), loads: true, messages: ['1025 characters'], line: 3, warnings: 1 },
  { title: 'unquoted colon in description (lenient retry)', text: fm(['name: my-skill', 'description: Use when: the person asks']), loads: true, messages: ['not strict YAML'], warnings: 1 },
  { title: 'missing name uses the folder', text: fm(['description: Does things.']), loads: true, messages: ['"name" is missing'], warnings: 1 },
  { title: 'uppercase name', text: fm(['name: My-Skill', 'description: x']), dir: '/r/My-Skill', loads: true, messages: ['uppercase'], line: 2, warnings: 1 },
  { title: 'leading hyphen', text: fm(['name: -skill', 'description: x']), dir: '/r/-skill', loads: true, messages: ['starts or ends with a hyphen'], warnings: 1 },
  { title: 'trailing hyphen', text: fm(['name: skill-', 'description: x']), dir: '/r/skill-', loads: true, messages: ['starts or ends with a hyphen'], warnings: 1 },
  { title: 'double hyphen', text: fm(['name: my--skill', 'description: x']), dir: '/r/my--skill', loads: true, messages: ['two hyphens'], warnings: 1 },
  { title: 'underscore', text: fm(['name: my_skill', 'description: x']), dir: '/r/my_skill', loads: true, messages: ['lowercase letters, digits and single hyphens'], warnings: 1 },
  { title: 'name of 64 chars', text: fm([`name: ${'a'.repeat(64)}`, 'description: x']), dir: `/r/${'a'.repeat(64)}`, loads: true, warnings: 0 },
  { title: 'name of 65 chars', text: fm([`name: ${'a'.repeat(65)}`, 'description: x']), dir: `/r/${'a'.repeat(65)}`, loads: true, messages: ['65 characters'], warnings: 1 },
  { title: 'name differs from folder', text: fm(['name: other-name', 'description: x']), loads: true, messages: ['should equal its folder name "my-skill"'], line: 2, warnings: 1 },
  { title: 'name that escapes the mount', text: fm(['name: ../evil', 'description: x']), loads: false, messages: ['cannot be used as a folder name'] },
  { title: 'name not text', text: fm(['name: 42', 'description: x']), loads: true, messages: ['"name" must be text'], warnings: 1 },
  { title: 'unknown field', text: fm(['name: my-skill', 'description: x', 'author: me']), loads: true, messages: ['Unknown field "author"'], line: 4, warnings: 1 },
  { title: 'license not text', text: fm(['name: my-skill', 'description: x', 'license: [a]']), loads: true, messages: ['"license" must be text'], warnings: 1 },
  { title: 'compatibility of 500 chars', text: fm(['name: my-skill', 'description: x', `compatibility: ${'c'.repeat(500)}`]), loads: true, warnings: 0 },
  { title: 'compatibility too long', text: fm(['name: my-skill', 'description: x', `compatibility: ${'c'.repeat(501)}`]), loads: true, messages: ['501 characters'], warnings: 1 },
  { title: 'metadata not a map', text: fm(['name: my-skill', 'description: x', 'metadata: hello']), loads: true, messages: ['"metadata" must be a map'], warnings: 1 },
  { title: 'metadata number value', text: fm(['name: my-skill', 'description: x', 'metadata:', '  version: 1.0']), loads: true, messages: ['should be text'], warnings: 1 },
  { title: 'allowed-tools as list', text: fm(['name: my-skill', 'description: x', 'allowed-tools: [Read, Bash]']), loads: true, messages: ['space-separated string'], warnings: 1 },
  { title: 'allowed-tools not text', text: fm(['name: my-skill', 'description: x', 'allowed-tools: 3']), loads: true, messages: ['must be a space-separated string'], warnings: 1 },
  { title: 'empty body', text: fm(['name: my-skill', 'description: x'], ''), loads: true, messages: ['no instructions'], warnings: 1 },
  { title: 'very long body', text: fm(['name: my-skill', 'description: x'], 'line\n'.repeat(600)), loads: true, messages: ['600 lines'], warnings: 1 },
];

describe('skills: SKILL.md parser and validator', () => {
  for (const row of rows) {
    it(row.title, () => {
      const r = parse(row.text, row.dir);
      const msgs = r.diagnostics.map((d) => d.message).join('\n');
      if (row.loads) {
        assert.ok(r.skill, `expected the skill to load; diagnostics:\n${msgs}`);
        assert.ok(r.diagnostics.every((d) => d.severity === 'warning'), msgs);
      } else {
        assert.equal(r.skill, undefined);
        assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 1, msgs);
        assert.match(msgs, /Skill not loaded/);
      }
      for (const m of row.messages ?? []) assert.ok(msgs.includes(m), `expected "${m}" in:\n${msgs}`);
      if (row.warnings !== undefined) assert.equal(r.diagnostics.length, row.warnings, msgs);
      if (row.line !== undefined) assert.equal(r.diagnostics[0].line, row.line, msgs);
      for (const d of r.diagnostics) {
        assert.equal(d.file, `${row.dir ?? DIR}/SKILL.md`);
        assert.ok(d.line >= 1 && d.column >= 1);
      }
    });
  }

  it('reads every field into the skill', () => {
    const r = parse(fm(['name: my-skill', 'description: "  Does things.  "', 'license: MIT', 'compatibility: python3', 'metadata:', '  author: acme', 'allowed-tools: Read  Bash'], '\n# Title\n\nText\n'));
    assert.ok(r.skill);
    assert.deepEqual(
      { ...r.skill },
      {
        name: 'my-skill',
        description: 'Does things.',
        license: 'MIT',
        compatibility: 'python3',
        metadata: { author: 'acme' },
        allowedTools: ['Read', 'Bash'],
        source: 'project',
        dir: DIR,
        file: FILE,
        body: '# Title\n\nText',
        bodyLine: 10,
      },
    );
  });

  it('a missing name falls back to the folder name', () => {
    assert.equal(parse(fm(['description: x'])).skill?.name, 'my-skill');
  });

  it('skillNameProblem accepts valid names and explains invalid ones', () => {
    for (const ok of ['a', 'pdf', 'organize-files', 'a1-b2-c3', 'x'.repeat(64)]) assert.equal(skillNameProblem(ok), undefined, ok);
    for (const bad of ['', 'A', 'a b', 'a--b', '-a', 'a-', 'a_b', 'é', 'x'.repeat(65)]) assert.ok(skillNameProblem(bad), bad);
  });
});
