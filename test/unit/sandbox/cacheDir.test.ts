// One cache folder for everything the sandbox keeps, honouring XDG_CACHE_HOME.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coworkCacheDir } from '../../../src/sandbox/cacheDir';
import { snapshotsRoot } from '../../../src/sandbox/drivers/qemuSnapshotStore';
import { imagesRoot } from '../../../src/sandbox/image/store';
import { SandboxManager } from '../../../src/sandbox/manager';

describe('sandbox: the cache folder', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['XDG_CACHE_HOME', 'HOME', 'COWORK_IMAGE_CACHE', 'COWORK_SNAPSHOT_CACHE']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('is $XDG_CACHE_HOME/cowork for images, snapshots and staging state alike', async () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-xdg-'));
    try {
      process.env.XDG_CACHE_HOME = xdg;
      delete process.env.COWORK_IMAGE_CACHE;
      delete process.env.COWORK_SNAPSHOT_CACHE;
      assert.equal(coworkCacheDir(), path.join(xdg, 'cowork'));
      assert.equal(imagesRoot(), path.join(xdg, 'cowork', 'images'));
      assert.equal(snapshotsRoot(), path.join(xdg, 'cowork', 'snapshots'));
      const manager = new SandboxManager({ imageDir: path.join(xdg, 'no-image'), toolsDir: xdg });
      await manager.dispose();
      assert.ok(fs.statSync(path.join(xdg, 'cowork', 'state')).isDirectory(), 'the staging state went under XDG_CACHE_HOME');
    } finally {
      fs.rmSync(xdg, { recursive: true, force: true });
    }
  });

  it('falls back to ~/.cache/cowork without XDG_CACHE_HOME', () => {
    delete process.env.XDG_CACHE_HOME;
    process.env.HOME = '/home/someone';
    assert.equal(coworkCacheDir('kvm-probe.json'), path.join(os.homedir(), '.cache', 'cowork', 'kvm-probe.json'));
    assert.equal(os.homedir(), '/home/someone');
  });
});
