// A fresh machine's first `cowork run`: no image in the cache, a packed image
// on a local server (COWORK_IMAGE_URL). The CLI prepares the sandbox itself,
// with progress lines, then runs the scripted task on a real folder; a second
// run finds the image. A corrupted download fails the run with a clear
// message and installs nothing; with no URL and no way to build (an ordinary
// user without subordinate ids), it says what to install or configure.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';
import { findImage } from '../../../src/sandbox/image/store';
import { releaseFiles } from '../../../src/sandbox/image/release';
import { bundledCli, runCli } from '../../support/cliRunner';
import { packedImage } from '../../support/packedImage';
import { startReleaseServer, type ReleaseServer } from '../../support/releaseServer';
import { guestTools, tempDir } from '../../support/sandboxFixture';
import { needs } from '../../support/needs';

const task: TurnInput[] = [
  { reply: { content: [{ type: 'tool_use', id: 'p', name: 'propose_plan', input: { summary: 'Write a summary', steps: ['Write summary.md'], creates: ['summary.md'] } }] } },
  { match: { toolResultIncludes: 'approved' }, reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'summary.md', content: '# Summary\n' } }] } },
  { reply: { content: [{ type: 'text', text: 'Summary written.' }] } },
];

describe('cli: first run prepares the sandbox image', function () {
  this.timeout(600_000);
  let releases: ReleaseServer | undefined;
  let model: ModelServer | undefined;
  let archive = '';
  let folder = '';
  let cache = '';
  let stateDir = '';

  before(async function () {
    const image = findImage();
    if (!image) return needs(this, 'no sandbox image of the current version: run `npm run sandbox:image` first');
    const packed = await packedImage(image.dir);
    archive = releaseFiles(packed.version, packed.arch, 'brotli').archive;
    releases = await startReleaseServer(packed.dir);
  });
  after(async () => {
    await releases?.close();
  });
  beforeEach(() => {
    folder = tempDir('first-folder');
    cache = tempDir('first-cache');
    stateDir = tempDir('first-state');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'draft\n');
    releases?.fault(archive, undefined);
  });
  afterEach(async () => {
    await model?.close();
    model = undefined;
    for (const d of [folder, cache, stateDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  const env = (over: Record<string, string> = {}): Record<string, string> => ({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: model!.url,
    COWORK_IMAGE_DIR: '',
    COWORK_IMAGE_CACHE: cache,
    COWORK_IMAGE_URL: releases!.url,
    COWORK_STATE_DIR: stateDir,
    COWORK_SANDBOX_DRIVER: 'namespace',
    ...over,
  });

  it('downloads the image into an empty cache with progress lines, then runs the task; the next run just starts', async () => {
    model = await startModelServer({ transcript: task });
    const r = await runCli(['run', 'Summarise my notes', '--folder', folder, '--yes'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`no sandbox image yet; downloading it from ${releases!.url.replace(/[.]/g, '\\.')}`));
    // Not a terminal: plain lines, phases in order, ending ready.
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('· sandbox image'));
    assert.ok(lines.some((l) => /downloading \d+ of \d+ MiB/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /unpacking the image/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /checking every file/.test(l)), r.stderr);
    assert.match(lines.at(-1)!, /100% sandbox image ready/);
    assert.ok(lines.length < 40, `progress should be a few lines, got ${lines.length}`);
    assert.doesNotMatch(r.stderr, /\r/);
    assert.match(r.stdout, /■ done: Summary written\./);
    assert.equal(fs.readFileSync(path.join(folder, 'summary.md'), 'utf8'), '# Summary\n');
    assert.deepEqual(fs.readdirSync(cache), [path.basename(findImage()!.dir)]);

    await model.close();
    model = await startModelServer({ transcript: task });
    fs.rmSync(path.join(folder, 'summary.md'));
    const again = await runCli(['run', 'Summarise my notes', '--folder', folder, '--yes'], env());
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stderr, /sandbox image/);
  });

  it('a corrupted download: exit 1, says so, nothing installed, the folder untouched', async () => {
    model = await startModelServer({ transcript: task });
    releases!.fault(archive, { kind: 'corrupt', at: 1 << 20 });
    const r = await runCli(['run', 'Summarise my notes', '--folder', folder, '--yes'], env());
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /cowork: could not prepare the sandbox image: .*does not match its sha256 .*nothing was installed/);
    assert.deepEqual(fs.readdirSync(cache), []);
    assert.deepEqual(fs.readdirSync(folder), ['notes.txt']);
    assert.equal(model.requests.length, 0);
  });

  it('no URL and no way to build (ordinary user without subordinate ids): names what is missing and the URL setting', async function () {
    if (process.getuid?.() !== 0) return this.skip();
    model = await startModelServer({ transcript: task });
    bundledCli();
    const home = tempDir('first-home');
    for (const d of [home, cache, stateDir, folder]) execFileSync('chown', ['-R', '65534:65534', d]);
    try {
      const r = await runCli(
        ['run', 'Summarise my notes', '--folder', folder, '--yes'],
        env({ COWORK_IMAGE_URL: '', HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') }),
        '',
        ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
      );
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /cowork: could not prepare the sandbox image: the sandbox image is not on this machine, and it cannot be built here:/);
      assert.match(r.stderr, /no subordinate uid range for nobody in \/etc\/subuid .*usermod --add-subuids/);
      assert.match(r.stderr, /COWORK_IMAGE_URL/);
      assert.deepEqual(fs.readdirSync(cache), []);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
    void guestTools;
  });
});
