// The organize-files skill's script, run directly with the host's python3 on a
// generated folder of 200 files: many types, dates in names and in mtimes, odd
// names (spaces, unicode), identical contents and name collisions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMessyFolder, treeHashes as tree, type MessyFolder as Generated } from '../../../fixtures/skills/messyFolder';
import { REPO_ROOT } from '../../../support/repoRoot';

const SCRIPT = join(REPO_ROOT, 'skills/organize-files/scripts/plan_moves.py');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', PYTHONIOENCODING: 'utf-8' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const contentsMultiset = (t: Map<string, string>): string[] => [...t.values()].sort();

describe('skills: organize-files script on 200 files', function () {
  this.timeout(60000);
  let root: string;
  let gen: Generated;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'organize-'));
    gen = generateMessyFolder(root);
    // An existing folder whose file collides with a planned move.
    mkdirSync(join(root, 'Documents'));
    writeFileSync(join(root, 'Documents', 'Report 0.pdf'), 'already here');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('generates the intended folder', () => {
    assert.equal(gen.files.size + gen.hidden.length, 200);
  });

  it('plans without touching anything, then applies by type into the expected shape with a summary', () => {
    const before = tree(root);
    const planned = run([root, '--by', 'type']);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as { moves: { from: string; to: string; renamed: boolean }[]; skipped: { path: string; reason: string }[]; left_alone: string[]; duplicates: string[][] };
    assert.deepEqual(tree(root), before, 'planning must not change the folder');
    assert.equal(plan.moves.length, gen.files.size);
    assert.deepEqual(plan.skipped.map((s) => s.reason), ['hidden file', 'hidden file']);
    assert.deepEqual(plan.left_alone, ['Documents']);
    assert.ok(plan.duplicates.some((g) => g.length >= 3), 'identical contents are reported');
    const targets = plan.moves.map((m) => m.to.normalize('NFC').toLowerCase());
    assert.equal(new Set(targets).size, targets.length, 'no two moves share a name, even case-insensitively');

    const planFile = join(tmpdir(), `plan-${process.pid}.json`);
    writeFileSync(planFile, planned.stdout);
    const applied = run([root, '--apply', '--from-plan', planFile, '--summary', 'SUMMARY.md']);
    rmSync(planFile);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(JSON.parse(applied.stdout).moved, gen.files.size);

    const after = tree(root);
    // Nothing lost: same contents (plus the summary), nothing left at the top but hidden files and the summary.
    const withoutSummary = new Map([...after].filter(([p]) => p !== 'SUMMARY.md'));
    assert.deepEqual(contentsMultiset(withoutSummary), contentsMultiset(before));
    const top = [...after.keys()].filter((p) => !p.includes('/')).sort();
    assert.deepEqual(top, ['.DS_Store', '.env', 'SUMMARY.md']);
    assert.equal(readFileSync(join(root, 'Documents', 'Report 0.pdf'), 'utf8'), 'already here', 'existing file untouched');

    for (const m of plan.moves) {
      const expected = gen.files.get(m.from);
      assert.ok(expected, m.from);
      assert.equal(m.to.split('/')[0], expected.type, `${m.from} → ${m.to}`);
      assert.ok(after.has(m.to), `${m.to} exists`);
      // Dates in names come out as YYYY-MM-DD; no day-first or compact date is left.
      const name = m.to.split('/').pop() ?? '';
      if (m.from !== name) assert.ok(name.includes(expected.date) || /\(\d\)/.test(name), `${m.from} → ${name}`);
      assert.doesNotMatch(name, /\d\d\.\d\d\.\d{4}|_\d{8}_/);
    }
    const summary = readFileSync(join(root, 'SUMMARY.md'), 'utf8');
    assert.match(summary, new RegExp(`${gen.files.size} files moved into \\d+ folders`));
    for (const m of plan.moves) assert.ok(summary.includes(m.to.replace(/\|/g, '\\|')), `summary mentions ${m.to}`);
    assert.match(summary, /Possible duplicates/);
    assert.match(summary, /Folders not touched/);

    // Idempotent: a second plan has nothing left to move.
    const again = JSON.parse(run([root, '--by', 'type', '--summary', 'SUMMARY.md']).stdout) as { moves: unknown[] };
    assert.equal(again.moves.length, 0);
  });

  it('groups by date (name date first, else modified time) and can prefix dates', () => {
    const r = run([root, '--by', 'date', '--rename', 'prefix', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    const after = tree(root);
    assert.ok(after.has('ORGANIZE-SUMMARY.md'));
    const moved = [...after.keys()].filter((p) => /^\d{4}\//.test(p));
    assert.equal(moved.length, gen.files.size);
    for (const p of moved) {
      const [year, month, name] = p.split('/');
      assert.match(month, new RegExp(`^${year}-\\d\\d$`));
      const date = /(\d{4}-\d\d-\d\d)/.exec(name)?.[1];
      assert.ok(date, `${p} carries a YYYY-MM-DD date`);
      assert.equal(date.slice(0, 7), month, p);
    }
    for (const [, info] of gen.files) {
      const hits = moved.filter((p) => p.startsWith(`${info.date.slice(0, 4)}/${info.date.slice(0, 7)}/`));
      assert.ok(hits.length > 0, `something lands in ${info.date.slice(0, 7)}`);
    }
  });

  it('enters subfolders only when asked, leaving hidden folders alone', () => {
    mkdirSync(join(root, 'old stuff'));
    writeFileSync(join(root, 'old stuff', 'letter.docx'), 'letter');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config.txt'), 'git');
    type Plan = { moves: { from: string; to: string }[]; skipped: { path: string; reason: string }[]; left_alone: string[] };
    const flat = JSON.parse(run([root, '--by', 'type']).stdout) as Plan;
    assert.ok(!flat.moves.some((m) => m.from.startsWith('old stuff/')));
    assert.deepEqual(flat.left_alone, ['.git', 'Documents', 'old stuff']);
    const deep = JSON.parse(run([root, '--by', 'type', '--include-subfolders']).stdout) as Plan;
    assert.ok(deep.moves.some((m) => m.from === 'old stuff/letter.docx' && m.to === 'Documents/letter.docx'));
    assert.ok(deep.skipped.some((x) => x.path === 'Documents/Report 0.pdf' && x.reason === 'already in place'));
    assert.ok(!deep.moves.some((m) => m.from.startsWith('.git/')));
    assert.deepEqual(deep.left_alone, ['.git']);
  });

  it('refuses bad input clearly and loses nothing', () => {
    const before = tree(root);
    const bad = run([join(root, 'missing'), '--by', 'type']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a folder/);
    const badSummary = run([root, '--apply', '--summary', '../x.md']);
    assert.equal(badSummary.code, 2);
    assert.match(badSummary.stderr, /plain file name/);
    const planFile = join(root, '.plan.json');
    writeFileSync(planFile, JSON.stringify({ moves: [{ from: '/etc/passwd', to: 'x' }] }));
    const badPlan = run([root, '--apply', '--from-plan', planFile]);
    assert.equal(badPlan.code, 2);
    assert.match(badPlan.stderr, /must be a path inside the folder/);
    rmSync(planFile);
    assert.deepEqual(tree(root), before);
    assert.ok(statSync(root).isDirectory());
  });
});
