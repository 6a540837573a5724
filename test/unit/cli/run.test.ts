// Drives the bundled CLI as a person would: a real process, the scripted model
// server through ANTHROPIC_BASE_URL, the real sandbox, files checked on disk.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TurnInput } from '../../model-server';
import { CliRunSetup } from '../../support/cliRunner';

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
  const task = new CliRunSetup('cli');
  let folder = '';

  beforeEach(function () {
    task.prepare(this, { 'notes.txt': 'draft\n' });
    folder = task.folder;
  });
  afterEach(() => task.dispose());

  it('--yes approves the plan and the changes; exit 0 and the files are there', async () => {
    const server = await task.serve({ transcript: script(false) });
    const r = await task.run(['run', 'Finalise my notes', '--folder', folder, '--yes']);
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
    const server = await task.serve({ transcript: script(true) });
    const r = await task.run(['run', 'Finalise my notes', '--folder', folder, '--no']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
    assert.ok(fs.existsSync(path.join(folder, 'summary.md')));
    assert.match(r.stdout, /changes refused \(--no\)/);
  });

  it('asks on the terminal without flags (answers piped on stdin)', async () => {
    await task.serve({ transcript: script(false) });
    const r = await task.run(['run', 'Finalise my notes', '--folder', folder], 'y\ny\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Approve this plan\?/);
    assert.match(r.stdout, /Apply these changes\?/);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'final\n');
  });

  it('rejecting the plan on the terminal cancels: exit 3, nothing changed', async () => {
    await task.serve({ transcript: script(false) });
    const r = await task.run(['run', 'Finalise my notes', '--folder', folder], 'n\n');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
    assert.ok(!fs.existsSync(path.join(folder, 'summary.md')));
  });

  it('an invalid key fails with exit 1 and a clear message', async () => {
    await task.serve({ transcript: script(false), requireApiKey: 'the-right-key' });
    const r = await task.run(['run', 'Finalise my notes', '--folder', folder, '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /401/);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
  });

  it('offers the folder\'s skills: catalog in the system prompt, activate_skill returns the body', async () => {
    fs.mkdirSync(path.join(folder, '.cowork/skills/tidy'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.cowork/skills/tidy/SKILL.md'), '---\nname: tidy\ndescription: Tidy a folder by type.\n---\nTIDY-BODY: group files by extension.\n');
    const server = await task.serve({
      transcript: [
        { match: { systemIncludes: '<name>tidy</name>', toolsInclude: ['activate_skill'] }, reply: { content: [{ type: 'tool_use', id: 's', name: 'activate_skill', input: { name: 'tidy' } }] } },
        { match: { toolResultIncludes: 'TIDY-BODY' }, reply: { content: [{ type: 'text', text: 'Skill loaded.' }] } },
      ],
    });
    const r = await task.run(['run', 'Tidy up', '--folder', folder, '--yes', '--no-plan'], '', { COWORK_HOME: task.stateDir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
  });

  it('a task the model calls done after a write failed says which change was not made', async () => {
    fs.mkdirSync(path.join(folder, 'report'));
    await task.serve({
      transcript: [
        // 'report' is a folder: the write fails in the guest (EISDIR), and the model says "Done." anyway.
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'report', content: 'text\n' } }, { type: 'tool_use', id: 'ok', name: 'write_file', input: { path: 'fine.md', content: 'ok\n' } }] } },
        { match: { toolResultFor: 'w' }, reply: { content: [{ type: 'text', text: 'Done.' }] } },
      ],
    });
    const r = await task.run(['run', 'Write the report', '--folder', folder, '--yes', '--no-plan']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ warning: The task finished, but 1 change could not be made: Cannot write report \(report is a directory/);
    assert.ok(!/fine\.md.*could not/.test(r.stdout), 'only the failed change is named');
    assert.equal(fs.readFileSync(path.join(folder, 'fine.md'), 'utf8'), 'ok\n');
  });

  it('bad usage exits 2 with the usage text', async () => {
    await task.serve({ transcript: [] });
    const noFolder = await task.run(['run', 'do it']);
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.stderr, /Missing --folder/);
    const both = await task.run(['run', 'x', '--folder', folder, '--yes', '--no']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be used together/);
    const noKey = await task.run(['run', 'x', '--folder', folder], '', { ANTHROPIC_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /ANTHROPIC_API_KEY/);
  });
});
