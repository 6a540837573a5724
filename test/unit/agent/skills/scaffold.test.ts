// The vscode-free halves of "Cowork: New Skill" and "Cowork: Show Skills".
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { renderSkillListing } from '../../../../src/agent/skills/listing';
import { descriptionProblem, scaffoldSkill } from '../../../../src/agent/skills/scaffold';

describe('skills: scaffolding and listing', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'skills-new-'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('creates a skill that loads without warnings, even with YAML-special characters in the description', async () => {
    const desc = 'Expense reports: collect receipts, fill the #form & "check" totals. Use when asked for expenses.';
    const made = await scaffoldSkill(ws, 'expense-report', desc);
    assert.equal(made.file, join(ws, '.cowork', 'skills', 'expense-report', 'SKILL.md'));
    assert.ok(statSync(join(made.dir, 'scripts')).isDirectory());
    assert.ok(statSync(join(made.dir, 'references')).isDirectory());
    const r = await discoverSkills({ workspaceFolders: [ws], trusted: true });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.skills.length, 1);
    assert.equal(r.skills[0].description, desc);
    assert.equal(r.skills[0].source, 'project');
    assert.match(r.skills[0].body, /\/skills\/expense-report\/scripts\//);
  });

  it('rejects bad names and descriptions, and never overwrites', async () => {
    await assert.rejects(scaffoldSkill(ws, 'Bad Name', 'x'), /uppercase/);
    await assert.rejects(scaffoldSkill(ws, 'ok', '   '), /description is empty/);
    await assert.rejects(scaffoldSkill(ws, 'ok', 'd'.repeat(1025)), /1025 characters/);
    assert.equal(existsSync(join(ws, '.cowork', 'skills', 'ok')), false);
    const dir = join(ws, '.cowork', 'skills', 'mine');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'SKILL.md'), 'my precious text');
    await assert.rejects(scaffoldSkill(ws, 'mine', 'desc'), /already exists.*nothing was changed/);
    assert.equal(readFileSync(join(dir, 'SKILL.md'), 'utf8'), 'my precious text');
    assert.equal(descriptionProblem('fine'), undefined);
  });

  it('lists skills with source and path, then errors and warnings by file', async () => {
    await scaffoldSkill(ws, 'alpha', 'Alpha | does things.');
    const bad = join(ws, '.claude', 'skills', 'broken');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'SKILL.md'), '---\nname: broken\n---\n');
    const odd = join(ws, '.agents', 'skills', 'odd');
    mkdirSync(odd, { recursive: true });
    writeFileSync(join(odd, 'SKILL.md'), '---\nname: odd\ndescription: Odd.\ncolour: red\n---\nBody\n');
    const r = await discoverSkills({ workspaceFolders: [ws], trusted: true });
    const text = renderSkillListing(r, { shortenUnder: [{ dir: ws, label: 'ws' }], trusted: true });
    assert.match(text, /2 skills loaded/);
    assert.match(text, /\| alpha \| project \| Alpha \\\| does things\. \| ws\/\.cowork\/skills\/alpha\/SKILL\.md \|/);
    assert.match(text, /## Not loaded \(1\)\n\n- ws\/\.claude\/skills\/broken\/SKILL\.md:1: Skill not loaded: the required field "description" is missing\./);
    assert.match(text, /## Warnings \(1\)\n\n- ws\/\.agents\/skills\/odd\/SKILL\.md:4: Unknown field "colour"/);
    const untrusted = renderSkillListing(await discoverSkills({ workspaceFolders: [ws], trusted: false }), { trusted: false });
    assert.match(untrusted, /No skills are loaded/);
    assert.match(untrusted, /not trusted/);
  });
});
