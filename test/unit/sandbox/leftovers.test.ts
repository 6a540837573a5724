// A run killed mid-task (SIGKILL to the extension host or the CLI) leaves its
// write-budget layers mounted (a loop mount as root, a fuse2fs daemon for an
// ordinary user) and, before QEMU got a parent-death signal, its guest running.
// Driven as it happens: a real process (test/support/killedRun.ts) opens tasks
// on two folders, stages changes, runs a long command, and is killed; the
// next run's SandboxManager cleans up before its first session, on every
// folder, and loses none of the staged work. Per layer engine and driver.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuestDriver } from '../../../src/sandbox/driver';
import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { SandboxManager } from '../../../src/sandbox/manager';
import { mountsUnder, sweepLeftovers, sweepStateDir } from '../../../src/sandbox/staging/leftovers';
import { isRunning, ownersDir, processStart, readOwners } from '../../../src/sandbox/staging/stateOwners';
import { MiB, budgetUnsupported, isMountPoint } from '../../../src/sandbox/staging/writeBudget';
import { fuseMissing } from '../../support/fuseTools';
import { needs } from '../../support/needs';
import { findTestImage, guestTools, removeStateTree, tempDir, writeTree } from '../../support/sandboxFixture';

const REPO = path.resolve(__dirname, '../../..');

/** Starts killedRun.ts and resolves with it and its guests' pids once its tasks are under way. */
function startRun(args: object): Promise<{ child: ChildProcess; guests: number[] }> {
  // One process, as the extension host or the CLI is: tsx's own CLI would run the script in a child, which a SIGKILL to the CLI leaves alive.
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(REPO, 'test/support/killedRun.ts'), JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\[.*\])/.exec(out);
      if (m) resolve({ child, guests: JSON.parse(m[1] as string) as number[] });
    });
    child.on('exit', (code) => reject(new Error(`killedRun exited ${code} before it was ready: ${err}`)));
  });
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return cond();
}

describe('leftovers: the sweep itself', () => {
  it('kills the guest of an owner that is gone, leaves a live owner alone, and cleans nothing without owner files', async () => {
    const root = tempDir('leftover-unit');
    try {
      const dead = path.join(root, 'dead');
      const live = path.join(root, 'live');
      const old = path.join(root, 'older-version');
      for (const d of [dead, live, old]) fs.mkdirSync(d);
      // A "guest" still running after its owner died (what an older version's QEMU did).
      const guest = spawn('sleep', ['600'], { stdio: 'ignore' });
      const guestId = { pid: guest.pid as number, start: processStart(guest.pid as number) as string };
      fs.mkdirSync(ownersDir(dead));
      // pid 1 with a start time that is not its own: a process that is gone, its pid reused.
      fs.writeFileSync(path.join(ownersDir(dead), '1-1.json'), JSON.stringify({ pid: 1, start: '1', guest: guestId }));
      fs.mkdirSync(ownersDir(live));
      const me = { pid: process.pid, start: processStart(process.pid) as string };
      fs.writeFileSync(path.join(ownersDir(live), 'me.json'), JSON.stringify({ ...me, guest: guestId }));
      fs.mkdirSync(ownersDir(old));
      fs.writeFileSync(path.join(ownersDir(old), 'torn.json'), '{"pid": 12');

      assert.equal(await sweepStateDir(live), undefined, 'a live owner: nothing touched');
      assert.ok(isRunning(guestId));
      const lines: string[] = [];
      const results = await sweepLeftovers(root, (l) => lines.push(l));
      assert.deepEqual(results.map((r) => path.basename(r.stateDir)), ['dead']);
      assert.deepEqual(results[0]?.killed, [guestId.pid]);
      assert.ok(!isRunning(guestId), 'the orphaned guest is gone');
      assert.match(lines.join('\n'), /cleaned up after a run that was killed \(dead\): stopped guest \d+/);
      assert.equal(readOwners(dead).length, 0, "the dead owner's file is removed");
      assert.equal(readOwners(live).length, 1, "the live owner's file stays");
      assert.equal(readOwners(old).length, 0, 'a torn owner file counts as gone');
    } finally {
      removeStateTree(root);
    }
  });
});

function qemuMissing(): string | undefined {
  return spawnSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' }).status === 0 ? undefined : 'qemu-system-x86_64 is not installed';
}

// The layer is the driver's business only up to the guest, so the namespace driver covers both layer
// engines here; the FUSE case is root's way to the ordinary user's layer, so an ordinary user (whose layer
// is FUSE already) runs it once. The qemu case checks that a killed run's QEMU is gone (it dies with its
// parent, pdeathsig) and its layer swept: lean, one folder and one TCG boot, the next run on namespace.
/** label, the killed run's driver, the next run's driver, what is missing, force the FUSE layer, folders. */
type Case = [string, 'namespace' | 'qemu', () => GuestDriver, () => string | undefined, boolean, number];
const cases: Case[] = [
  ['namespace', 'namespace', () => new NamespaceDriver(), () => undefined, false, 2],
  ['qemu (the next run on namespace)', 'qemu', () => new NamespaceDriver(), qemuMissing, false, 1],
];
if (process.getuid?.() === 0) cases.push(['namespace, FUSE layer', 'namespace', () => new NamespaceDriver(), fuseMissing, true, 2]);

for (const [label, driverName, makeDriver, missing, forceFuse, folderCount] of cases) {
  describe(`leftovers after a killed run: ${label}`, function () {
    this.timeout(600_000);
    const image = findTestImage();
    let run: ChildProcess | undefined;

    before(function () {
      needs(this, !image ? 'no sandbox image (npm run sandbox:image)' : missing());
      // Where no budget layer can be mounted there is nothing to leave mounted.
      if (budgetUnsupported()) this.skip();
      if (forceFuse) process.env.COWORK_BUDGET_LAYER = 'fuse';
    });
    after(() => {
      if (forceFuse) delete process.env.COWORK_BUDGET_LAYER;
      run?.kill('SIGKILL');
    });

    it('the next run unmounts the layers, stops what is left and keeps the staged changes', async () => {
      const stateRoot = tempDir('leftover-state');
      const folders = ['leftover-a', 'leftover-b'].slice(0, folderCount).map((name) => tempDir(name));
      for (const f of folders) writeTree(f, { 'notes.txt': 'original\n' });
      let manager: SandboxManager | undefined;
      try {
        const started = await startRun({ image, tools: guestTools(), stateRoot, folders, driver: driverName });
        run = started.child;
        const stateDirs = fs.readdirSync(stateRoot).map((d) => path.join(stateRoot, d));
        assert.equal(stateDirs.length, folderCount);
        for (const d of stateDirs) assert.ok(isMountPoint(path.join(d, 'layers')), `${d}: layer mounted while the run works`);
        // While its owner lives, a sweep leaves everything alone (another window, another CLI run).
        assert.deepEqual(await sweepLeftovers(stateRoot), []);

        const guests = started.guests.map((pid) => ({ pid, start: processStart(pid) as string }));
        assert.ok(guests.every(isRunning), `guests ${started.guests.join(', ')} run`);
        run.kill('SIGKILL');
        await new Promise((r) => run?.once('exit', r));
        for (const d of stateDirs) {
          assert.ok(isMountPoint(path.join(d, 'layers')), `${d}: the killed run left its layer mounted`);
          assert.equal(readOwners(d).length, 1, 'and its owner file');
        }
        const before = new Map(stateDirs.map((d) => [d, mountsUnder(d).map((m) => m.fsType)]));

        // The next run, on the first folder only.
        const lines: string[] = [];
        manager = new SandboxManager({ imageDir: image!, toolsDir: guestTools(), stateRoot, driver: makeDriver(), writeBudgetBytes: 32 * MiB, log: (l) => lines.push(l) });
        const s = await manager.openSession(folders[0] as string, { taskId: 'next-1' });
        // Whatever of the old guests outlived the run is gone now (a zombie counts as gone).
        assert.ok(await until(() => !guests.some(isRunning), 10_000), `guests ${started.guests.join(', ')} are still running`);
        const swept = lines.filter((l) => l.includes('cleaned up after a run that was killed'));
        assert.equal(swept.length, folderCount, lines.join('\n'));
        for (const l of swept) assert.match(l, /unmounted layers/);
        const other = stateDirs.find((d) => d !== manager?.stateDirFor(folders[0] as string));
        if (other) {
          assert.deepEqual(mountsUnder(other), [], `the folder not reopened has no mounts left (had ${before.get(other)?.join(', ')})`);
          assert.deepEqual(readOwners(other), []);
        }

        // The staged work of the killed task is still there, and the task goes on.
        const pending = (await s.pendingChanges()).items.map((i) => `${i.kind} ${i.path}`).sort();
        assert.deepEqual(pending, ['modified notes.txt']);
        assert.equal((await s.exec({ command: 'cat notes.txt; ls new.bin' })).stdout, 'changed\nnew.bin\n');
        await s.applyChanges();
        assert.equal(fs.readFileSync(path.join(folders[0] as string, 'notes.txt'), 'utf8'), 'changed\n');
        await s.close();
        await manager.dispose();
        manager = undefined;
        for (const d of stateDirs) assert.deepEqual(mountsUnder(d), [], `${d}: nothing mounted after dispose`);
      } finally {
        await manager?.dispose();
        run?.kill('SIGKILL');
        // Whatever a failed run left: off, so the temp dirs can go.
        for (const m of mountsUnder(stateRoot)) spawnSync(m.fsType.startsWith('fuse') ? 'fusermount3' : 'umount', [m.fsType.startsWith('fuse') ? '-uz' : '-l', m.mountPoint]);
        removeStateTree(stateRoot);
        for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
      }
    });
  });
}
