// Commands in the guest: streaming, exit status, timeouts and cancels that kill
// the whole process tree, output floods capped.

import * as assert from 'node:assert/strict';
import type { ExecChunk } from '../../../src/sandbox/session';
import type { StagedSandboxSession } from '../../../src/sandbox/stagedSession';
import { requireTestImage, makeFixture, rejectsCode, type Fixture } from '../../support/sandboxFixture';

/** Processes named `name` alive in the guest (read from /proc, no procps needed). */
async function countProcs(s: StagedSandboxSession, name: string): Promise<number> {
  const r = await s.exec({ command: `n=0; for c in /proc/[0-9]*/comm; do [ "$(cat $c 2>/dev/null)" = "${name}" ] && n=$((n+1)); done; echo $n` });
  return Number(r.stdout.trim());
}

describe('sandbox exec (namespace driver)', function () {
  this.timeout(60_000);
  let fx: Fixture;
  let s: StagedSandboxSession;

  before(async function () {
    const image = requireTestImage(this);
    fx = makeFixture(image, { 'in.txt': 'data\n' });
    s = await fx.manager.openSession(fx.folder, { taskId: 'exec' });
  });
  after(async () => {
    await s?.close();
    await fx?.dispose();
  });

  it('streams output in chunks while the command runs', async () => {
    const chunks: ExecChunk[] = [];
    const stamps: number[] = [];
    const r = await s.exec({ command: 'for i in 1 2 3; do echo $i; sleep 0.2; done; echo err >&2' }, (c) => {
      chunks.push(c);
      stamps.push(Date.now());
    });
    assert.equal(r.stdout, '1\n2\n3\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.exitCode, 0);
    assert.ok(chunks.filter((c) => c.stream === 'stdout').length >= 3);
    assert.ok(stamps[2] - stamps[0] >= 300, 'chunks arrived as they were written, not at the end');
  });

  it('reports exit codes and signals', async () => {
    assert.equal((await s.exec({ command: 'exit 7' })).exitCode, 7);
    const killed = await s.exec({ command: ['/bin/bash', '-c', 'kill -TERM $$'] });
    assert.deepEqual([killed.exitCode, killed.signal], [null, 'SIGTERM']);
  });

  it('runs argv directly, with cwd, env and stdin', async () => {
    const req = { command: ['/bin/sh', '-c', 'pwd; echo "$GREETING"; cat; cat ../in.txt'], cwd: 'sub', env: { GREETING: 'hi there' }, stdin: 'from stdin\n' };
    await rejectsCode(s.exec(req), 'ENOENT');
    await s.mkdir('sub');
    const r = await s.exec(req);
    assert.equal(r.stdout, '/workspace/sub\nhi there\nfrom stdin\ndata\n');
    await rejectsCode(s.exec({ command: 'true', cwd: '../..' }), 'EOUTSIDE');
  });

  it('kills the whole process tree on timeout and leaves no orphans', async () => {
    const started = Date.now();
    const r = await s.exec({ command: 'sleep 300 & (sleep 300 &); setsid sleep 300 & sleep 300', timeoutMs: 500 });
    assert.equal(r.timedOut, true);
    // Far below the jobs' 300 s: the timeout stopped them (a loaded machine may take seconds).
    assert.ok(Date.now() - started < 60_000);
    assert.equal(await countProcs(s, 'sleep'), 0);
  });

  it('cancels through an AbortSignal, killing the tree', async () => {
    const ac = new AbortController();
    const p = s.exec({ command: 'sleep 300 & sleep 300' }, undefined, ac.signal);
    setTimeout(() => ac.abort(), 300);
    await rejectsCode(p, 'ECANCELLED');
    assert.equal(await countProcs(s, 'sleep'), 0);
  });

  it('caps an output flood and sets the truncation flag', async () => {
    const r = await s.exec({ command: 'yes flood | head -c 50000000; echo done >&2', maxOutputBytes: 100_000 });
    assert.equal(r.truncated, true);
    assert.equal(r.exitCode, 0);
    assert.ok(r.stdout.length + r.stderr.length <= 100_000);
    assert.equal((await s.exec({ command: 'echo still here' })).stdout, 'still here\n');
  });

  it('returns when the command exits even if a background job holds stdout; close kills the job', async () => {
    const started = Date.now();
    const r = await s.exec({ command: 'sleep 300 & echo started' });
    assert.equal(r.stdout, 'started\n');
    // Far below the job's 300 s: exec did not wait for it (a loaded machine may take seconds).
    assert.ok(Date.now() - started < 60_000);
    assert.equal(await countProcs(s, 'sleep'), 1);
    const other = await fx.manager.openSession(fx.folder, { taskId: 'exec2', staging: 'shared' });
    await s.close();
    // The kill is sent by close(); the guest may take a moment to reap the job.
    let left = await countProcs(other, 'sleep');
    for (let i = 0; left > 0 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      left = await countProcs(other, 'sleep');
    }
    assert.equal(left, 0, 'close() killed the background job');
    s = other;
  });
});
