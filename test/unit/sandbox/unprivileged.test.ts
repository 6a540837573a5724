// The namespace driver as most people run it: not root. The overlay is then
// mounted in a user namespace (unshare --user --map-root-user) and RLIMIT_NPROC
// bounds processes. Needs root to set up (to become another user and to show
// that user the image through a private bind mount), so it runs as root and
// drops to nobody for the real work.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { skipBecause } from '../../support/needs';
import { requireTestImage, guestTools, tempDir, writeTree } from '../../support/sandboxFixture';
import { REPO_ROOT } from '../../support/repoRoot';

const NOBODY = 65534;

describe('sandbox namespace driver, unprivileged (user namespace path)', function () {
  this.timeout(120_000);
  let base: string;
  let image: string | undefined;

  before(function () {
    image = requireTestImage(this);
    if (process.getuid?.() !== 0) return skipBecause(this, 'needs root to set up an unprivileged user');
    base = tempDir('unpriv');
    fs.mkdirSync(path.join(base, 'image', 'rootfs'), { recursive: true });
    fs.mkdirSync(path.join(base, 'tools'));
    fs.mkdirSync(path.join(base, 'state'));
    fs.copyFileSync(path.join(guestTools(), 'guest-agent.js'), path.join(base, 'tools', 'guest-agent.js'));
    writeTree(path.join(base, 'folder'), { 'a.txt': 'A\n', 'd/b.txt': 'B\n' });
    buildSync({ entryPoints: [path.join(REPO_ROOT, 'test/support/unprivilegedRunner.ts')], outfile: path.join(base, 'run.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, base]);
  });
  after(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('stages, bounds a fork bomb, applies and undoes as an ordinary user', () => {
    const rootfs = path.join(image as string, 'rootfs');
    // A private mount namespace shows nobody the image (under root's 0700 home) at base/image/rootfs.
    const script = `mount --bind "$1" "$2/image/rootfs" && exec setpriv --reuid ${NOBODY} --regid ${NOBODY} --clear-groups env HOME="$2" "$3" "$2/run.js" "$2"`;
    const stdout = execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', rootfs, base, process.execPath], { encoding: 'utf8', timeout: 110_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop() as string);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.uid, NOBODY);
    assert.equal(r.id, '1000\n64\n');
    assert.deepEqual(r.pending, ['deleted a.txt', 'modified d/b.txt']);
    assert.deepEqual(r.afterExec, ['a.txt', 'd', 'out.txt']);
    assert.equal(r.bombLimited, true);
    assert.equal(r.alive, 'alive\n');
    assert.deepEqual(r.afterApply, ['d', 'out.txt']);
    assert.equal(r.bAfterApply, 'B\nmod\n');
    assert.deepEqual(r.afterUndo, ['a.txt', 'd']);
    assert.equal(r.bAfterUndo, 'B\n');
  });
});
