// SandboxManager and FolderGuest failure paths that need no real guest: a
// driver that cannot start, a guest that never answers, bad arguments.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Duplex } from 'node:stream';
import type { GuestConnection, GuestDriver, GuestStartOptions } from '../../../src/sandbox/driver';
import { SandboxManager } from '../../../src/sandbox/manager';
import { rejectsCode, tempDir } from '../../support/sandboxFixture';

/** A driver whose guest accepts bytes and never answers; records stops. */
class SilentDriver implements GuestDriver {
  readonly name = 'namespace' as const;
  readonly isolation = 'namespace' as const;
  stops = 0;
  started: GuestStartOptions[] = [];
  async available() {
    return { ok: true as const };
  }
  async start(opts: GuestStartOptions): Promise<GuestConnection> {
    this.started.push(opts);
    // Swallows every request, never sends a byte.
    const stream = new Duplex({ read() {}, write(_chunk, _enc, done) { done(); } });
    let exit: (v: { code: number | null; reason: string }) => void = () => undefined;
    const exited = new Promise<{ code: number | null; reason: string }>((r) => (exit = r));
    return {
      stream,
      driver: 'namespace',
      isolation: 'namespace',
      exited,
      stop: async () => {
        this.stops++;
        stream.destroy();
        exit({ code: null, reason: 'stopped' });
      },
    };
  }
}

describe('sandbox manager', () => {
  let folder: string;
  let state: string;
  beforeEach(() => {
    folder = tempDir('mgr-folder');
    state = tempDir('mgr-state');
  });
  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  it('gives up on a guest that never says hello, with ETIMEDOUT, and stops it', async () => {
    const driver = new SilentDriver();
    const m = new SandboxManager({ imageDir: '/nonexistent', toolsDir: '/nonexistent', stateRoot: state, driver, startTimeoutMs: 300 });
    await rejectsCode(m.openSession(folder, { taskId: 't' }), 'ETIMEDOUT');
    assert.equal(driver.stops, 1);
    // The driver was asked for the overlay layers under the state root.
    assert.ok(driver.started[0].overlay?.upperDir.startsWith(state));
    await m.dispose();
  });

  it('reports a driver that cannot start as EGUESTDIED with its reason', async () => {
    const driver: GuestDriver = {
      name: 'namespace',
      isolation: 'namespace',
      available: async () => ({ ok: true }),
      start: async () => {
        throw new Error('bwrap: no permission');
      },
    };
    const m = new SandboxManager({ imageDir: '/x', toolsDir: '/x', stateRoot: state, driver });
    await assert.rejects(m.openSession(folder), /EGUESTDIED|bwrap: no permission/);
    await rejectsCode(m.openSession(folder), 'EGUESTDIED');
  });

  it('refuses bad task ids and missing folders', async () => {
    const m = new SandboxManager({ imageDir: '/x', toolsDir: '/x', stateRoot: state, driver: new SilentDriver() });
    await rejectsCode(m.openSession(folder, { taskId: '../evil' }), 'EPROTO');
    await rejectsCode(m.openSession(`${folder}/missing`), 'ENOENT');
  });

  it('keeps one state directory per folder, outside the folder', () => {
    const m = new SandboxManager({ imageDir: '/x', toolsDir: '/x', stateRoot: state, driver: new SilentDriver() });
    const a = m.stateDirFor(folder);
    assert.equal(m.stateDirFor(`${folder}/.`), a);
    assert.ok(a.startsWith(state) && !a.startsWith(folder));
    assert.notEqual(m.stateDirFor(state), a);
  });
});
