// The CLI on a real folder, with the scripted model server:
//  - `auto` with a VM that really fails to boot (the image's vmlinux is not a
//    kernel) falls back to the namespace driver, says so, logs it once, and the
//    task still does its work; an explicit --driver qemu fails with the reason;
//  - --write-budget: a command writing far past it is told, in its tool result,
//    that the budget is exhausted, and the folder keeps its files.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { budgetUnsupported } from '../../../src/sandbox/staging/writeBudget';
import { brokenVmImage, hasQemu } from '../../support/brokenVmImage';
import { runCli } from '../../support/cliRunner';
import { findTestImage, tempDir } from '../../support/sandboxFixture';
import { needs, NO_IMAGE } from '../../support/needs';

const writeSummary: TurnInput[] = [
  { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'summary.md', content: '# Summary\n' } }] } },
  { match: { toolResultIncludes: 'summary.md' }, reply: { content: [{ type: 'text', text: 'Wrote it.' }] } },
];

describe('cli: sandbox fallback and write budget', function () {
  this.timeout(300_000);
  let image: string | undefined;
  let server: ModelServer | undefined;
  let root = '';
  let folder = '';

  beforeEach(function () {
    image = findTestImage();
    needs(this, image ? undefined : NO_IMAGE);
    root = tempDir('cli-limits');
    folder = path.join(root, 'folder');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'draft\n');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: server!.url,
    COWORK_IMAGE_DIR: image!,
    COWORK_STATE_DIR: path.join(root, 'state'),
    // The snapshot cache and KVM probe verdicts of this run stay in its own cache.
    XDG_CACHE_HOME: path.join(root, 'cache'),
    COWORK_SANDBOX_DRIVER: 'auto',
    ...extra,
  });

  it('auto: a VM that fails to boot falls back to namespaces, visibly, and the task works', async function () {
    needs(this, hasQemu() ? undefined : 'qemu-system-x86_64 is not installed');
    server = await startModelServer({ transcript: writeSummary });
    const r = await runCli(['run', 'Write a summary', '--folder', folder, '--yes', '--no-plan'], env({ COWORK_IMAGE_DIR: brokenVmImage(image!, root) }));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /driver qemu: selected/);
    assert.match(r.stdout, /sandbox ready \(namespace, namespace\): VM failed: .+; running with lighter isolation/);
    assert.equal(r.stderr.match(/VM failed:/g)?.length, 1, `logged once:\n${r.stderr}`);
    assert.ok(fs.existsSync(path.join(folder, 'summary.md')), r.stdout);
    assert.equal(fs.readFileSync(path.join(folder, 'summary.md'), 'utf8'), '# Summary\n');
  });

  it('an explicit --driver qemu never downgrades: the task fails with the reason', async function () {
    needs(this, hasQemu() ? undefined : 'qemu-system-x86_64 is not installed');
    server = await startModelServer({ transcript: writeSummary });
    const r = await runCli(['run', 'Write a summary', '--folder', folder, '--yes', '--no-plan', '--driver', 'qemu'], env({ COWORK_IMAGE_DIR: brokenVmImage(image!, root) }));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // Labelled with the driver that failed (it once read "sandbox failed (unknown, namespace)").
    assert.match(r.stdout, /sandbox failed \(qemu, vm\): .*cannot start the qemu guest/);
    assert.doesNotMatch(r.stdout + r.stderr, /lighter isolation/);
    assert.ok(!fs.existsSync(path.join(folder, 'summary.md')));
  });

  it('--write-budget: a command writing past it is told so; the folder keeps its files', async () => {
    const unsupported = budgetUnsupported();
    server = await startModelServer({
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 'c', name: 'run_command', input: { command: 'head -c 100G /dev/zero > huge.bin' } }] } },
        unsupported
          ? { reply: { content: [{ type: 'text', text: 'No budget here.' }] } }
          : { match: { toolResultIncludes: 'write budget of 16 MiB is exhausted' }, reply: { content: [{ type: 'text', text: 'Out of room.' }] } },
      ],
    });
    if (unsupported) {
      // As an ordinary user no budget can be enforced: the CLI says so instead of running a 100G write.
      await server.close();
      server = await startModelServer({ transcript: writeSummary });
      const r = await runCli(['run', 'Write a summary', '--folder', folder, '--yes', '--no-plan', '--write-budget', '16M'], env({ COWORK_SANDBOX_DRIVER: 'namespace' }));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /write budget not enforced/);
      return;
    }
    const r = await runCli(['run', 'Fill the disk', '--folder', folder, '--yes', '--no-plan', '--write-budget', '16M'], env({ COWORK_SANDBOX_DRIVER: 'namespace' }));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /Out of room\./);
    assert.equal(fs.readFileSync(path.join(folder, 'notes.txt'), 'utf8'), 'draft\n');
    assert.ok(fs.statSync(path.join(folder, 'huge.bin')).size <= 16 * 1024 * 1024, r.stdout);
  });

  it('bad --write-budget values exit 2 with a clear message', async () => {
    server = await startModelServer({ transcript: [] });
    const r = await runCli(['run', 'x', '--folder', folder, '--write-budget', 'lots'], env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--write-budget must be a size such as 500M or 20G, or off \(got "lots"\)/);
    const tiny = await runCli(['run', 'x', '--folder', folder], env({ COWORK_WRITE_BUDGET: '1M' }));
    assert.equal(tiny.code, 2);
    assert.match(tiny.stderr, /COWORK_WRITE_BUDGET must be at least 8M/);
  });
});
