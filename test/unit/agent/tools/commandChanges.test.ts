// run_command's file touches: a file staged before the command (an earlier
// write_file) whose mtime looks newer than the command's start mark is not
// reported as created. Seen under qemu as root: the guest's clock trails the
// host's (which stamps 9p files) by a fraction of a second, and the timeline
// said "+ created notes.txt" for a file that existed before the task.

import { strict as assert } from 'node:assert';
import { watchCommand } from '../../../../src/agent/tools/commandChanges';
import type { SandboxSession } from '../../../../src/sandbox/session';

function fakeSession(pendingBefore: string[], pendingAfter: string[], newerThanMark: string[]): SandboxSession {
  let calls = 0;
  const s = {
    async pendingChanges() {
      const list = calls++ === 0 ? pendingBefore : pendingAfter;
      return { items: list.map((e) => ({ kind: e.split(' ')[0], path: e.split(' ')[1], size: 1 })) };
    },
    async exec(req: { command: string }) {
      if (req.command.startsWith(': >')) return { exitCode: 0, stdout: '', stderr: '' };
      return { exitCode: 0, stdout: newerThanMark.map((p) => `./${p}\0`).join(''), stderr: '' };
    },
  };
  return s as unknown as SandboxSession;
}

describe('run_command: which files a command touched', () => {
  it('a file staged before the command is not "created" though find -newer lists it', async () => {
    const w = await watchCommand(fakeSession(['modified notes.txt'], ['modified log.txt', 'modified notes.txt'], ['log.txt', 'notes.txt', 'new.csv']));
    assert.deepEqual(await w.end(), [
      { path: 'log.txt', action: 'modified' },
      { path: 'new.csv', action: 'created' },
    ]);
  });
});
