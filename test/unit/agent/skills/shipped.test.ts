// The skills we ship (skills/) and document (docs/examples/) must load without a
// single warning, and every file their instructions mention must exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { REPO_ROOT } from '../../../support/repoRoot';

const REPO = REPO_ROOT;

describe('skills: shipped and example skills', () => {
  for (const [label, dir, expected] of [
    ['built-in skills/', join(REPO, 'skills'), ['docx', 'organize-files', 'pdf', 'pptx', 'xlsx']],
    ['docs/examples/', join(REPO, 'docs/examples'), ['brand-guidelines']],
  ] as const) {
    it(`${label} load cleanly and reference only files that exist`, async () => {
      const r = await discoverSkills({ builtinDir: dir, trusted: false });
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(r.skills.map((s) => s.name), expected);
      for (const s of r.skills) {
        const mentioned = new Set([...s.body.matchAll(/\b((?:scripts|references|assets)\/[\w./-]+\w)/g)].map((m) => m[1]));
        assert.ok(mentioned.size > 0, `${s.name} points at its files`);
        for (const rel of mentioned) assert.ok(existsSync(join(s.dir, rel)), `${s.name}: ${rel} exists`);
      }
    });
  }

  it('the brand logo is well-formed SVG in the brand colours', () => {
    const svg = join(REPO, 'docs/examples/brand-guidelines/assets/northwind-logo.svg');
    const parsed = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(r.tag)', svg], { encoding: 'utf8' });
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.equal(parsed.stdout.trim(), '{http://www.w3.org/2000/svg}svg');
    const skill = readFileSync(join(REPO, 'docs/examples/brand-guidelines/SKILL.md'), 'utf8');
    const palette = new Set([...skill.matchAll(/`(#[0-9A-F]{6})`/g)].map((m) => m[1]));
    const used = [...readFileSync(svg, 'utf8').matchAll(/"(#[0-9A-F]{6})"/g)].map((m) => m[1]);
    assert.ok(used.length > 0);
    for (const c of used) assert.ok(palette.has(c), `${c} is a brand colour`);
  });
});
