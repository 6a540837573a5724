// With `cowork.sandbox.driver: auto`, a VM that is installed but fails to boot
// (COWORK_IMAGE_DIR pins a copy of the image whose kernel is not bootable): the
// task still runs, on the namespace driver, and the sidebar says so in the
// task's sandbox line ("VM failed: …; running with lighter isolation").

import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { brokenVmImage, hasQemu } from '../../support/brokenVmImage';
import { findTestImage } from '../../support/sandboxFixture';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';

describe('sandbox: a VM that fails to start falls back visibly', function () {
  this.timeout(240_000);
  let session: CoworkSession | undefined;
  let scratch = '';

  before(async function () {
    const image = findTestImage();
    if (!image || !hasQemu()) {
      if (process.env.CI === 'true') throw new Error('CI needs the sandbox image and qemu for this test');
      this.skip();
    }
    scratch = mkdtempSync(path.join(os.tmpdir(), 'cowork-e2e-broken-vm-'));
    session = await CoworkSession.start({
      name: 'fallback',
      files: { 'notes.txt': 'draft\n' },
      settings: { 'cowork.sandbox.driver': 'auto', 'cowork.planFirst': false },
      env: { COWORK_IMAGE_DIR: brokenVmImage(image, scratch) },
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'fallback.md', content: 'written with lighter isolation\n' } }] } },
        { reply: { content: [{ type: 'text', text: 'Wrote fallback.md.' }] } },
      ],
    });
  });

  afterEach(async function () {
    if (session) await screenshotIfFailed(this, session);
  });

  after(async () => {
    await session?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('runs the task on namespaces and the sidebar says why', async () => {
    const sidebar = new Sidebar(session!.workbench);
    await session!.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask('Write fallback.md');
    const text = await sidebar.waitForText(/VM failed: .+; running with lighter isolation/, 120_000);
    assert.match(text, /Sandbox ready · namespace · lighter isolation/);
    await sidebar.waitForText(/Wrote fallback\.md\./, 60_000);
    const out = path.join(session!.workspace, 'fallback.md');
    assert.ok(existsSync(out));
    assert.equal(readFileSync(out, 'utf8'), 'written with lighter isolation\n');
  });
});
