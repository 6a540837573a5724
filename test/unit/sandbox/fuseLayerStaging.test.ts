// Staging on the FUSE budget layer (an ordinary user's: fuse2fs + fuse-overlayfs,
// forced here with COWORK_BUDGET_LAYER=fuse so root covers it too), where a
// deletion is an empty `.wh.<name>` file and an opaque directory carries
// `.wh..wh..opq`: deletions, renames, re-created directories, discard and
// apply must come out exactly as on the kernel's overlay.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MiB } from '../../../src/sandbox/staging/writeBudget';
import { fuseMissing } from '../../support/fuseTools';
import { needs } from '../../support/needs';
import { findTestImage, makeFixture, type Fixture } from '../../support/sandboxFixture';

describe('staging on the FUSE budget layer', function () {
  this.timeout(60_000);
  const image = findTestImage();
  let fx: Fixture | undefined;

  before(function () {
    needs(this, !image ? 'no sandbox image (npm run sandbox:image)' : fuseMissing());
    process.env.COWORK_BUDGET_LAYER = 'fuse';
  });
  after(() => {
    delete process.env.COWORK_BUDGET_LAYER;
  });
  afterEach(async () => {
    await fx?.dispose();
    fx = undefined;
  });

  it('reads .wh. whiteouts and opaque markers as deletions; discard and apply work', async () => {
    fx = makeFixture(image!, { 'a.txt': 'A\n', 'b.txt': 'B\n', 'gone.txt': 'G\n', 'd/x.txt': 'X\n', 'd/y.txt': 'Y\n' }, { writeBudgetBytes: 32 * MiB });
    const s = await fx.manager.openSession(fx.folder, { taskId: 'fuse' });
    const upper = fx.manager.guestFor(fx.folder).staging.upper;
    assert.match(upper, /layers\/upper$/);
    const r = await s.exec({ command: 'rm gone.txt && mv b.txt moved.txt && echo changed > a.txt && rm -r d && mkdir d && echo new > d/z.txt' });
    assert.equal(r.exitCode, 0, r.stderr);
    // The layer really is fuse-overlayfs's format.
    assert.ok(fs.existsSync(path.join(upper, '.wh.gone.txt')), fs.readdirSync(upper).join(' '));
    const items = (await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}${i.from ? ` <- ${i.from}` : ''}`);
    assert.deepEqual(items, ['modified a.txt', 'deleted d/x.txt', 'deleted d/y.txt', 'deleted gone.txt', 'renamed moved.txt <- b.txt']);
    assert.equal(fs.readFileSync(path.join(fx.folder, 'd/z.txt'), 'utf8'), 'new\n', 'a new file in a re-created directory is an output');

    // Discarding the deletion brings gone.txt back in the guest; applying the rest changes the folder.
    await s.discardChanges(['gone.txt']);
    assert.equal((await s.exec({ command: 'cat gone.txt' })).stdout, 'G\n');
    await s.applyChanges();
    assert.deepEqual(fs.readdirSync(fx.folder).sort(), ['a.txt', 'd', 'gone.txt', 'moved.txt']);
    assert.deepEqual(fs.readdirSync(path.join(fx.folder, 'd')), ['z.txt']);
    assert.equal(fs.readFileSync(path.join(fx.folder, 'a.txt'), 'utf8'), 'changed\n');
    assert.deepEqual((await s.pendingChanges()).items, []);
    await s.undoTask();
    assert.deepEqual(fs.readdirSync(fx.folder).sort(), ['a.txt', 'b.txt', 'd', 'gone.txt']);
    assert.deepEqual(fs.readdirSync(path.join(fx.folder, 'd')).sort(), ['x.txt', 'y.txt']);
    await s.close();
  });
});
