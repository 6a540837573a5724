// undoResult: the one place where an undo's errors become answers, shared by
// `cowork undo` and the extension's SandboxSessions.undo.

import { strict as assert } from 'node:assert';
import { ConflictError, SandboxError, type UndoOptions } from '../../../src/sandbox/session';
import { undoResult } from '../../../src/sandbox/undoResult';

function managerThatThrows(err?: Error) {
  const calls: { folder: string; taskId: string; opts?: UndoOptions }[] = [];
  return {
    calls,
    async undoTask(folder: string, taskId: string, opts?: UndoOptions): Promise<void> {
      calls.push({ folder, taskId, opts });
      if (err) throw err;
    },
  };
}

describe('undoResult', () => {
  it('is undone when the manager undoes, and passes folder, id and options on unchanged', async () => {
    const m = managerThatThrows();
    const opts: UndoOptions = { laterChanges: 'keep', shown: ['a.md'] };
    assert.deepEqual(await undoResult(m, '/f', 'T1', opts), { undone: true });
    assert.deepEqual(m.calls, [{ folder: '/f', taskId: 'T1', opts }]);
  });

  it('names the later work of a ConflictError instead of failing', async () => {
    const m = managerThatThrows(new ConflictError('later work', ['a.md', 'b/c.md']));
    assert.deepEqual(await undoResult(m, '/f', 'T1'), { undone: false, laterWork: ['a.md', 'b/c.md'] });
  });

  it('says "already undone" for EUNDONE', async () => {
    const m = managerThatThrows(new SandboxError('EUNDONE', 'already undone'));
    assert.deepEqual(await undoResult(m, '/f', 'T1'), { undone: false, alreadyUndone: true });
  });

  it('throws any other error on, untouched', async () => {
    const other = new SandboxError('EIO', 'disk gone');
    await assert.rejects(undoResult(managerThatThrows(other), '/f', 'T1'), (e) => e === other);
    const plain = new Error('boom');
    await assert.rejects(undoResult(managerThatThrows(plain), '/f', 'T1'), (e) => e === plain);
  });
});
