// Discovery: where skills are found, precedence (project > user > built-in),
// collisions, trust, bounds, and the watching SkillLibrary.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSkills } from '../../../../src/agent/skills/discovery';
import { SkillLibrary } from '../../../../src/agent/skills/skillLibrary';
import type { DiscoveryResult } from '../../../../src/agent/skills/discovery';

function writeSkill(dir: string, name: string, description = `The ${name} skill.`, extra = ''): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'SKILL.md');
  writeFileSync(file, `---\nname: ${name}\ndescription: ${description}\n${extra}---\n# ${name}\n`);
  return file;
}

describe('skills: discovery', () => {
  let tmp: string;
  let builtin: string;
  let home: string;
  let ws: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'skills-disc-'));
    builtin = join(tmp, 'ext', 'skills');
    home = join(tmp, 'home');
    ws = join(tmp, 'ws');
    mkdirSync(builtin, { recursive: true });
    mkdirSync(home, { recursive: true });
    mkdirSync(ws, { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const opts = (trusted = true) => ({ builtinDir: builtin, homeDir: home, workspaceFolders: [ws], trusted });

  it('finds skills in all nine places', async () => {
    writeSkill(join(builtin, 'b0'), 'b0');
    ['.cowork', '.claude', '.agents'].forEach((f, i) => {
      writeSkill(join(home, f, 'skills', `u${i}`), `u${i}`);
      writeSkill(join(ws, f, 'skills', `p${i}`), `p${i}`);
    });
    const r = await discoverSkills(opts());
    assert.deepEqual(r.skills.map((s) => `${s.name}:${s.source}`), ['b0:builtin', 'p0:project', 'p1:project', 'p2:project', 'u0:user', 'u1:user', 'u2:user']);
    assert.deepEqual(r.diagnostics, []);
  });

  it('project overrides user overrides built-in, and each collision is reported', async () => {
    writeSkill(join(builtin, 'x'), 'x', 'builtin x');
    const userX = writeSkill(join(home, '.claude', 'skills', 'x'), 'x', 'user x');
    writeSkill(join(ws, '.agents', 'skills', 'x'), 'x', 'project x');
    writeSkill(join(builtin, 'y'), 'y', 'builtin y');
    writeSkill(join(home, '.cowork', 'skills', 'y'), 'y', 'user y');
    const r = await discoverSkills(opts());
    assert.deepEqual(r.skills.map((s) => s.description), ['project x', 'user y']);
    const collisions = r.diagnostics.filter((d) => /is not used/.test(d.message));
    assert.equal(collisions.length, 3);
    assert.ok(collisions.some((d) => d.file === userX && /overridden by the project skill/.test(d.message)));
    assert.ok(collisions.every((d) => d.severity === 'warning'));
  });

  it('within one level, .cowork beats .claude beats .agents (reported)', async () => {
    writeSkill(join(ws, '.agents', 'skills', 'x'), 'x', 'agents');
    writeSkill(join(ws, '.cowork', 'skills', 'x'), 'x', 'cowork');
    writeSkill(join(ws, '.claude', 'skills', 'x'), 'x', 'claude');
    const r = await discoverSkills(opts());
    assert.equal(r.skills[0].description, 'cowork');
    assert.equal(r.diagnostics.filter((d) => /shadowed/.test(d.message)).length, 2);
  });

  it('untrusted workspace: project skills are not loaded, and that is said', async () => {
    writeSkill(join(ws, '.cowork', 'skills', 'p'), 'p');
    writeSkill(join(home, '.cowork', 'skills', 'u'), 'u');
    const r = await discoverSkills(opts(false));
    assert.deepEqual(r.skills.map((s) => s.name), ['u']);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /not trusted/);
    const trusted = await discoverSkills(opts(true));
    assert.deepEqual(trusted.skills.map((s) => s.name), ['p', 'u']);
  });

  it('skips bad skills with an error, loads the rest, and skips .git / node_modules', async () => {
    writeSkill(join(builtin, 'good'), 'good');
    mkdirSync(join(builtin, 'bad'));
    writeFileSync(join(builtin, 'bad', 'SKILL.md'), '---\nname: bad\n---\nno description\n');
    writeSkill(join(builtin, 'node_modules', 'hidden1'), 'hidden1');
    writeSkill(join(builtin, '.git', 'hidden2'), 'hidden2');
    writeSkill(join(builtin, 'group', 'nested'), 'nested');
    const r = await discoverSkills(opts());
    assert.deepEqual(r.skills.map((s) => s.name), ['good', 'nested']);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err);
    assert.equal(err.file, join(builtin, 'bad', 'SKILL.md'));
    assert.match(err.message, /description/);
  });

  it('bounds depth and count', async () => {
    writeSkill(join(builtin, 'a', 'b', 'c', 'deep'), 'deep');
    for (let i = 0; i < 5; i++) writeSkill(join(builtin, `s${i}`), `s${i}`);
    const shallow = await discoverSkills({ ...opts(), maxDepth: 3 });
    assert.ok(!shallow.skills.some((s) => s.name === 'deep'));
    const deeper = await discoverSkills({ ...opts(), maxDepth: 4 });
    assert.ok(deeper.skills.some((s) => s.name === 'deep'));
    const few = await discoverSkills({ ...opts(), maxSkills: 3 });
    assert.equal(few.skills.length, 3);
    assert.ok(few.diagnostics.some((d) => /Only the first 3 skills/.test(d.message)));
  });

  it('skips a SKILL.md that is too large', async () => {
    writeSkill(join(builtin, 'big'), 'big', 'big', `license: ${'x'.repeat(2000)}\n`);
    const r = await discoverSkills({ ...opts(), maxFileBytes: 1000 });
    assert.equal(r.skills.length, 0);
    assert.match(r.diagnostics[0].message, /bytes \(at most 1000\)/);
  });
});

describe('skills: SkillLibrary watching', () => {
  let tmp: string;
  let lib: SkillLibrary | undefined;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'skills-lib-'));
  });
  afterEach(() => {
    lib?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  function nextChange(l: SkillLibrary, timeoutMs = 5000): Promise<DiscoveryResult> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no onDidChange within timeout')), timeoutMs);
      const sub = l.onDidChange((r) => {
        clearTimeout(t);
        sub.dispose();
        resolve(r);
      });
    });
  }

  it('picks up a skill added to a folder that did not exist at start, then its edits and removal', async () => {
    const ws = join(tmp, 'ws');
    mkdirSync(ws);
    lib = new SkillLibrary({ workspaceFolders: [ws], trusted: true, debounceMs: 30 });
    assert.equal((await lib.start()).skills.length, 0);

    let change = nextChange(lib);
    writeSkill(join(ws, '.cowork', 'skills', 'late'), 'late', 'first');
    let r = await change;
    // The folder may appear in steps; wait until the skill is there.
    while (r.skills.length === 0) r = await nextChange(lib);
    assert.deepEqual(r.skills.map((s) => s.description), ['first']);
    assert.equal(lib.snapshot().get('late')?.description, 'first');

    change = nextChange(lib);
    writeSkill(join(ws, '.cowork', 'skills', 'late'), 'late', 'second');
    assert.equal((await change).skills[0].description, 'second');

    change = nextChange(lib);
    rmSync(join(ws, '.cowork', 'skills', 'late'), { recursive: true });
    assert.equal((await change).skills.length, 0);
  });

  it('ignores unrelated files in a watched parent folder', async () => {
    const ws = join(tmp, 'ws');
    mkdirSync(ws);
    lib = new SkillLibrary({ workspaceFolders: [ws], trusted: true, debounceMs: 20 });
    await lib.start();
    const scans = lib.scans;
    writeFileSync(join(ws, 'notes.txt'), 'unrelated');
    mkdirSync(join(ws, 'src'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(lib.scans, scans, 'no rescan for unrelated changes');
    const change = nextChange(lib);
    writeSkill(join(ws, '.agents', 'skills', 'x'), 'x');
    let r = await change;
    while (r.skills.length === 0) r = await nextChange(lib);
    assert.ok(lib.scans > scans);
  });

  it('setTrusted rescans and fires', async () => {
    const ws = join(tmp, 'ws');
    writeSkill(join(ws, '.claude', 'skills', 'p'), 'p');
    lib = new SkillLibrary({ workspaceFolders: [ws], trusted: false, debounceMs: 30 });
    assert.equal((await lib.start()).skills.length, 0);
    const change = nextChange(lib);
    await lib.setTrusted(true);
    assert.deepEqual((await change).skills.map((s) => s.name), ['p']);
  });
});
