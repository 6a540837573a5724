// The tools over the real sandbox (namespace driver, real overlay and guest
// agent), where the fixture cannot tell: staging of existing files, live new
// files, path handling in the guest, exec. Skips when no image is built.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { applyChangesAction } from '../../../../src/agent/approval/actions';
import { decide } from '../../../../src/agent/approval/policy';
import { readBytes } from '../../../../src/agent/tools/readFile';
import { createToolRegistry } from '../../../../src/agent/tools/registry';
import type { ToolOutput } from '../../../../src/agent/tools/tool';
import type { SandboxSession } from '../../../../src/sandbox/session';
import { textOf, toolContext } from '../../../support/toolContext';
import { requireTestImage, makeFixture, type Fixture } from '../../../support/sandboxFixture';

function bigPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height * 4; i++) png.data[i] = i % 4 === 3 ? 255 : (i * 7) & 0xff;
  return PNG.sync.write(png);
}

const ORIGINAL = {
  'report.md': '# Report\nold text\nold text\n',
  'notes/a.txt': 'alpha\n',
  'notes/b.txt': 'beta\n',
  '-dash name.txt': 'dash\n',
  'scan.png': bigPng(2000, 1500),
};

describe('tools in the real sandbox (namespace driver)', function () {
  this.timeout(120_000);
  let image: string | undefined;
  let fx: Fixture;
  let session: SandboxSession;
  let run: (name: string, input: unknown) => Promise<ToolOutput>;

  before(function () {
    image = requireTestImage(this);
  });
  beforeEach(async () => {
    fx = makeFixture(image as string, ORIGINAL);
    session = await fx.manager.openSession(fx.folder, { taskId: 'tools' });
    const registry = createToolRegistry();
    const ctx = toolContext(session);
    run = (name, input) => registry.run(name, input, ctx);
  });
  afterEach(async () => {
    await session?.close().catch(() => undefined);
    await fx?.dispose();
  });

  it('reads text with line numbers and ranges', async () => {
    assert.equal(textOf(await run('read_file', { path: 'report.md' })), '<file_content path="report.md">\n     1\t# Report\n     2\told text\n     3\told text\n</file_content>');
    assert.match(textOf(await run('read_file', { path: 'report.md', offset: 2, limit: 1 })), /^<file_content path="report\.md">\n {5}2\told text\n<\/file_content>\n\[Showing lines 2-2 of 3/);
    assert.match(textOf(await run('read_file', { path: '-dash name.txt' })), /1\tdash/);
    assert.match(textOf(await run('read_file', { path: 'nope.txt' })), /No such file or directory: nope\.txt/);
    assert.match(textOf(await run('read_file', { path: '../outside' })), /outside the task folder/);
  });

  it('reads bytes in chunks without breaking a character cut at a chunk edge', async () => {
    // 1 + 2 * 2.2M bytes: the 4 MiB chunk boundary falls inside an "é".
    const text = 'a' + 'é'.repeat(2_200_000);
    fs.writeFileSync(path.join(fx.folder, 'long-text.bin'), text);
    const bytes = await readBytes(session, 'long-text.bin', 0, Buffer.byteLength(text));
    assert.ok(bytes.equals(Buffer.from(text)), 'byte-identical');
  });

  it('downscales an image read through the guest', async () => {
    const out = await run('read_file', { path: 'scan.png' });
    assert.match(textOf(out), /scaled down from 2000x1500/);
  });

  it('stages changes to existing files and applies new files live; the policy asks only for the former', async () => {
    const created = await run('write_file', { path: 'summary.md', content: 'new\n' });
    assert.deepEqual(created.files, [{ path: 'summary.md', action: 'created' }]);
    const edited = await run('edit_file', { path: 'report.md', old_string: '# Report', new_string: '# Final report' });
    assert.equal(edited.isError, undefined, textOf(edited));
    const deleted = await run('delete', { path: 'notes/b.txt' });
    assert.deepEqual(deleted.files, [{ path: 'notes/b.txt', action: 'deleted' }]);

    // The person's folder: the new file is there, the existing ones untouched.
    assert.equal(fs.readFileSync(path.join(fx.folder, 'summary.md'), 'utf8'), 'new\n');
    assert.equal(fs.readFileSync(path.join(fx.folder, 'report.md'), 'utf8'), ORIGINAL['report.md']);
    assert.ok(fs.existsSync(path.join(fx.folder, 'notes/b.txt')));
    // The task sees its own view.
    assert.match(textOf(await run('read_file', { path: 'report.md' })), /# Final report/);

    const pending = await session.pendingChanges();
    const verdict = decide(applyChangesAction(pending.items));
    assert.equal(verdict.decision, 'ask', JSON.stringify(pending.items));
    assert.deepEqual(verdict.askFor?.map((i) => `${i.kind} ${i.path}`).sort(), ['deleted notes/b.txt', 'modified report.md']);
  });

  it('edit_file reports counts from the real file', async () => {
    assert.match(textOf(await run('edit_file', { path: 'report.md', old_string: 'old text', new_string: 'x' })), /occurs 2 times/);
    assert.match(textOf(await run('edit_file', { path: 'report.md', old_string: 'missing', new_string: 'x' })), /0 occurrences/);
    const all = await run('edit_file', { path: 'report.md', old_string: 'old text', new_string: 'new text', replace_all: true });
    assert.equal(all.summary, 'Edited report.md (2 replacements)');
  });

  it('lists, globs and greps with folder-relative paths', async () => {
    assert.match(textOf(await run('list_files', {})), /notes\//);
    assert.match(textOf(await run('list_files', { path: 'report.md' })), /is a file, not a folder/);
    assert.equal(textOf(await run('glob', { pattern: '*.txt', path: 'notes' })), 'notes/a.txt\nnotes/b.txt');
    assert.equal(textOf(await run('grep', { pattern: 'alpha' })), '<file_content path=".">\nnotes/a.txt:1: alpha\n</file_content>');
  });

  it('handles odd file names end to end in the guest', async () => {
    for (const name of ['with space.txt', 'ünï 日本.txt', '--help', 'new\nline.txt', "q'\"s.txt"]) {
      assert.deepEqual((await run('write_file', { path: `odd/${name}`, content: 'x\n' })).files, [{ path: `odd/${name}`, action: 'created' }], name);
      assert.match(textOf(await run('read_file', { path: `odd/${name}` })), /1\tx/, name);
      const moved = await run('move', { from: `odd/${name}`, to: `odd2/${name}` });
      assert.equal(moved.isError, undefined, textOf(moved));
      assert.equal(fs.readFileSync(path.join(fx.folder, 'odd2', name), 'utf8'), 'x\n');
    }
    assert.equal(textOf(await run('list_files', { path: 'odd2' })).split('\n').length, 5);
  });

  it('moves files, and runs commands with exit codes and timeouts', async () => {
    const moved = await run('move', { from: 'notes/a.txt', to: 'archive/a.txt' });
    assert.equal(moved.isError, undefined, textOf(moved));
    assert.match(textOf(await run('run_command', { command: 'cat archive/a.txt; exit 4' })), /Exit code: 4\nstdout:\nalpha/);
    const script = await run('run_command', { command: 'echo total > totals.csv && echo more >> notes/b.txt' });
    assert.deepEqual([...script.files].sort((x, y) => x.path.localeCompare(y.path)), [
      { path: 'notes/b.txt', action: 'modified' },
      { path: 'totals.csv', action: 'created' },
    ]);
    const slow = await run('run_command', { command: 'sleep 20', timeout_seconds: 1 });
    assert.equal(slow.isError, true);
    assert.match(textOf(slow), /timeout/);
  });
});
