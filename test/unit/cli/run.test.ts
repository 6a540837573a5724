// Drives the bundled CLI as a person would: a real process, the scripted model
// server through ANTHROPIC_BASE_URL, the real sandbox, files checked on disk.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { runCli } from '../../support/cliRunner';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';

const script = (refusedCheck: boolean): TurnInput[] => [
  {
    reply: {
      content: [
        {
          type: 'tool_use',
          id: 'p',
          name: 'propose_plan',
          input: { summary: 'Finalise notes and write a summary', steps: ['Edit notes.txt', 'Write summary.md'], changes: ['notes.txt'], creates: ['summary.md'] },
        },
      ],
    },
  },
  {
    match: { toolResultIncludes: 'approved' },
    reply: {
      content: [
        { type: 'text', text: 'Working on it.' },
        { type: 'tool_use', id: 'e', name: 'edit_file', input: { path: 'notes.txt', old_string: 'draft', new_string: 'final' } },
        { type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'summary.md', content: '# Summary\n' } },
      ],
    },
  },
  { ...(refusedCheck ? { match: { lastUserText: 'refused these staged changes' } } : {}), reply: { content: [{ type: 'text', text: 'All done.' }] } },
];

describe('cli: cowork run', function () {
  this.timeout(60_000);
  let image: string | undefined;
  let server: ModelServer | undefined;
  let folder = '';
  let stateDir = '';
  // The namespace driver keeps the suite fast; `auto` would boot a VM where one can run.
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server!.url, COWORK_IMAGE_DIR: image ?? '', COWORK_STATE_DIR: stateDir, COWORK_SANDBOX_DRIVER: 'namespace' });

  beforeEach(function () {
    image = requireTestImage(this); // looked up per test: images may be rebuilt while the suite runs
    folder = tempDir('cli-folder');
    stateDir = tempDir('cli-state');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'draft\n');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of [folder, stateDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('--yes approves the plan and the changes; exit 0 and the files are there', async () => {
    server = await startModelServer({ transcript: script(false) });
    const r = await runCli(['run', 'Finalise my notes', '--folder', folder, '--yes'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'final\n');
    assert.equal(fs.readFileSync(path.join(folder, 'summary.md'), 'utf8'), '# Summary\n');
    assert.match(r.stdout, /\? plan: Finalise notes/);
    assert.match(r.stdout, /plan approved \(--yes\)/);
    assert.match(r.stdout, /changes approved \(--yes\)/);
    assert.match(r.stdout, /\+ created summary\.md/);
    assert.match(r.stdout, /Working on it\./);
    assert.match(r.stdout, /■ done: All done\./);
    assert.match(r.stdout, /cost \$\d/);
    assert.match(r.stdout, /driver namespace: selected/);
    assert.match(r.stdout, /sandbox ready \(namespace, namespace\)/);
  });

  it('--no approves the plan but refuses the changes to existing files; new files stay', async () => {
    server = await startModelServer({ transcript: script(true) });
    const r = await runCli(['run', 'Finalise my notes', '--folder', folder, '--no'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
    assert.ok(fs.existsSync(path.join(folder, 'summary.md')));
    assert.match(r.stdout, /changes refused \(--no\)/);
  });

  it('asks on the terminal without flags (answers piped on stdin)', async () => {
    server = await startModelServer({ transcript: script(false) });
    const r = await runCli(['run', 'Finalise my notes', '--folder', folder], env(), 'y\ny\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Approve this plan\?/);
    assert.match(r.stdout, /Apply these changes\?/);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'final\n');
  });

  it('rejecting the plan on the terminal cancels: exit 3, nothing changed', async () => {
    server = await startModelServer({ transcript: script(false) });
    const r = await runCli(['run', 'Finalise my notes', '--folder', folder], env(), 'n\n');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
    assert.ok(!fs.existsSync(path.join(folder, 'summary.md')));
  });

  it('an invalid key fails with exit 1 and a clear message', async () => {
    server = await startModelServer({ transcript: script(false), requireApiKey: 'the-right-key' });
    const r = await runCli(['run', 'Finalise my notes', '--folder', folder, '--yes'], env());
    assert.equal(r.code, 1);
    assert.match(r.stdout, /401/);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
  });

  it('offers the folder\'s skills: catalog in the system prompt, activate_skill returns the body', async () => {
    fs.mkdirSync(path.join(folder, '.cowork/skills/tidy'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.cowork/skills/tidy/SKILL.md'), '---\nname: tidy\ndescription: Tidy a folder by type.\n---\nTIDY-BODY: group files by extension.\n');
    server = await startModelServer({
      transcript: [
        { match: { systemIncludes: '<name>tidy</name>', toolsInclude: ['activate_skill'] }, reply: { content: [{ type: 'tool_use', id: 's', name: 'activate_skill', input: { name: 'tidy' } }] } },
        { match: { toolResultIncludes: 'TIDY-BODY' }, reply: { content: [{ type: 'text', text: 'Skill loaded.' }] } },
      ],
    });
    const r = await runCli(['run', 'Tidy up', '--folder', folder, '--yes', '--no-plan'], { ...env(), COWORK_HOME: stateDir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
  });

  it('a task the model calls done after a write failed says which change was not made', async () => {
    fs.mkdirSync(path.join(folder, 'report'));
    server = await startModelServer({
      transcript: [
        // 'report' is a folder: the write fails in the guest (EISDIR), and the model says "Done." anyway.
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'report', content: 'text\n' } }, { type: 'tool_use', id: 'ok', name: 'write_file', input: { path: 'fine.md', content: 'ok\n' } }] } },
        { match: { toolResultFor: 'w' }, reply: { content: [{ type: 'text', text: 'Done.' }] } },
      ],
    });
    const r = await runCli(['run', 'Write the report', '--folder', folder, '--yes', '--no-plan'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ warning: The task finished, but 1 change could not be made: Cannot write report \(report is a directory/);
    assert.ok(!/fine\.md.*could not/.test(r.stdout), 'only the failed change is named');
    assert.equal(fs.readFileSync(path.join(folder, 'fine.md'), 'utf8'), 'ok\n');
  });

  it('bad usage exits 2 with the usage text', async () => {
    server = await startModelServer({ transcript: [] });
    const noFolder = await runCli(['run', 'do it'], env());
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.stderr, /Missing --folder/);
    const both = await runCli(['run', 'x', '--folder', folder, '--yes', '--no'], env());
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be used together/);
    const noKey = await runCli(['run', 'x', '--folder', folder], { ...env(), ANTHROPIC_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /ANTHROPIC_API_KEY/);
  });
});
