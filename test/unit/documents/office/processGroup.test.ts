// The one process-group runner behind LibreOffice and the command-line tools: exit codes
// and output come back, and a timeout or an abort kills the program and what it started.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcessGroup, type GroupCall } from '../../../../src/documents/office/processGroup';
import { runTool } from '../../../../src/documents/raster/runTool';

const errors = { timedOut: () => new Error('timed out'), cancelled: () => new Error('cancelled'), notFound: () => new Error('not installed') };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A shell that starts a grandchild (writing its pid to a file) and waits. */
function forker(dir: string): Pick<GroupCall, 'program' | 'args'> {
  return { program: 'sh', args: ['-c', `sleep 300 & echo $! > ${path.join(dir, 'pid')}; wait`] };
}

async function gone(pid: number): Promise<boolean> {
  // Killing is immediate; reaping by init may lag on a loaded machine.
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

async function pidFrom(dir: string): Promise<number> {
  const file = path.join(dir, 'pid');
  for (let i = 0; i < 200 && !(fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()); i++) await new Promise((r) => setTimeout(r, 50));
  return Number(fs.readFileSync(file, 'utf8'));
}

describe('documents/office processGroup', () => {
  it('gives back the exit code, stdout and stderr', async () => {
    const r = await runProcessGroup({ program: 'sh', args: ['-c', 'echo out; echo err >&2; exit 3'], timeoutMs: 60_000, ...errors });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.match(r.log, /out\n[\s\S]*err\n|err\n[\s\S]*out\n/);
    await assert.rejects(runProcessGroup({ program: 'no-such-program-here', args: [], timeoutMs: 60_000, ...errors }), /not installed/);
    await assert.rejects(runTool({ program: 'sh', args: ['-c', 'echo bad >&2; exit 1'], name: 'sh', missing: 'x' }), /sh failed \(exit 1\): bad/);
  });

  it('a timeout and an abort kill the program and the processes it started', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgroup-'));
    await assert.rejects(runProcessGroup({ ...forker(dir), timeoutMs: 1_500, ...errors }), /timed out/);
    assert.ok(await gone(await pidFrom(dir)), 'the grandchild of a timed-out call is killed');
    fs.rmSync(path.join(dir, 'pid'));
    const abort = new AbortController();
    const running = runProcessGroup({ ...forker(dir), timeoutMs: 600_000, signal: abort.signal, ...errors });
    const pid = await pidFrom(dir);
    abort.abort();
    await assert.rejects(running, /cancelled/);
    assert.ok(await gone(pid), 'the grandchild of a cancelled call is killed');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
