// A new user's first task in a real VS Code: no sandbox image on the machine
// (an empty image cache), `cowork.sandbox.imageUrl` pointing at a packed image
// on a local server. Pressing Start shows a cancellable progress notification
// with phases and percent, the image is downloaded, verified and installed,
// and the task then runs to its file. No "Prepare Sandbox" step.

import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TurnInput } from '../../model-server';
import { releaseFiles } from '../../../src/sandbox/image/release';
import { findImage } from '../../../src/sandbox/image/store';
import { packedImage } from '../../support/packedImage';
import { startReleaseServer, type ReleaseServer } from '../../support/releaseServer';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';

const PLAN = 'Write a welcome note';
const transcript: TurnInput[] = [
  { reply: { content: [{ type: 'tool_use', id: 'p', name: 'propose_plan', input: { summary: PLAN, steps: ['Write welcome.md'], creates: ['welcome.md'] } }] } },
  { match: { toolResultIncludes: 'approved' }, reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'welcome.md', content: '# Welcome\n' } }] } },
  { reply: { content: [{ type: 'text', text: 'The note is written.' }] } },
];

describe('first run: the first task prepares the sandbox itself', function () {
  this.timeout(600_000);
  let releases: ReleaseServer | undefined;
  let session: CoworkSession | undefined;
  let cache = '';

  before(async function () {
    const image = findImage();
    if (!image) {
      if (process.env.CI === 'true') assert.fail('no sandbox image of the current version: run `npm run sandbox:image` first');
      return this.skip();
    }
    const packed = await packedImage(image.dir);
    releases = await startReleaseServer(packed.dir);
    // Slow the archive down to about 8 s, so the notification can be watched.
    const archive = releaseFiles(packed.version, packed.arch, 'brotli').archive;
    const chunks = statSync(path.join(packed.dir, archive)).size / (64 << 10);
    releases.throttle(archive, Math.max(1, Math.round(8000 / chunks)));
    cache = mkdtempSync(path.join(os.tmpdir(), 'cowork-e2e-images-'));
    session = await CoworkSession.start({
      name: 'first-run',
      transcript,
      settings: { 'cowork.sandbox.imageUrl': releases.url },
      env: { COWORK_IMAGE_CACHE: cache },
    });
  });
  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });
  after(async () => {
    await session?.stop();
    await releases?.close();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('shows a cancellable notification with phases and percent, installs the image, then runs the task', async function () {
    const s = session!;
    const sidebar = new Sidebar(s.workbench);
    await s.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask('Write a short welcome note');

    // Sample the notification while it is up.
    const seen = new Set<string>();
    let sawCancel = false;
    const toast = s.page.locator('.notifications-toasts .notification-toast');
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && readdirSync(cache).every((n) => n.includes('.partial-') || n.startsWith('.'))) {
      const text = (await toast.allInnerTexts().catch(() => [] as string[])).join('\n');
      for (const line of text.split('\n')) if (/%\)/.test(line) || /sandbox/.test(line)) seen.add(line.trim());
      if (!sawCancel) sawCancel = (await toast.getByRole('button', { name: 'Cancel' }).count().catch(() => 0)) > 0;
      await s.page.waitForTimeout(150);
    }
    const lines = [...seen];
    assert.ok(lines.some((l) => /Cowork: downloading the sandbox/.test(l)), `notification title not seen: ${lines.join(' | ')}`);
    assert.ok(lines.some((l) => /Downloading: \d+ of \d+ MiB \(\d+%\)/.test(l)), `download progress not seen: ${lines.join(' | ')}`);
    assert.ok(sawCancel, 'the notification had no Cancel button');

    // The image landed complete in the (previously empty) cache, then the task ran.
    await sidebar.waitForText(PLAN, 120_000);
    const installed = readdirSync(cache);
    assert.deepEqual(installed, [path.basename(findImage()!.dir)]);
    assert.ok(existsSync(path.join(cache, installed[0]!, 'manifest.json')));
    await sidebar.click('Approve plan');
    await sidebar.waitForTimeline('The note is written.', 120_000);
    assert.equal(readFileSync(s.workspaceFile('welcome.md'), 'utf8'), '# Welcome\n');
    await s.workbench.runCommand('Cowork: Show Log');
    assert.match(await s.workbench.outputText('sandbox image ready'), /sandbox image ready in \d+ s/);
  });
});
