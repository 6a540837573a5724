// `~/…` in read_file names the task's scratch folder in the guest (/scratch/<session>/…,
// run_command's $HOME); anything else is a folder path as before, and ~/.. cannot climb out.
// The read itself, an image from ~/ reaching the model's request, is driven end to end by
// test/unit/documents/pptx/deckTask.test.ts.

import * as assert from 'node:assert/strict';
import { isOutsideFolder, scratchToolPath, ToolPathError } from '../../../../src/agent/tools/paths';

describe('agent/tools: ~/ paths name the session scratch folder', () => {
  it('maps ~ and ~/… into /scratch/<session>, and leaves every other path alone', () => {
    assert.equal(scratchToolPath('~/grid.png', 's1'), '/scratch/s1/grid.png');
    assert.equal(scratchToolPath('~/a/./b/../grid-2.png', 's1'), '/scratch/s1/a/grid-2.png');
    assert.equal(scratchToolPath('~', 's1'), '/scratch/s1');
    assert.equal(scratchToolPath('~/', 's1'), '/scratch/s1');
    for (const p of ['grid.png', '/workspace/~/x', '~grid.png', './~/x', '/scratch/s1/x']) assert.equal(scratchToolPath(p, 's1'), undefined, p);
    // The approval policy sees ~/… as inside (it is the task's own), /scratch/… stays outside.
    assert.equal(isOutsideFolder('~/grid.png'), false);
    assert.equal(isOutsideFolder('/scratch/s1/grid.png'), true);
  });

  it('refuses to climb out of the scratch folder or to carry a NUL', () => {
    assert.throws(() => scratchToolPath('~/../s2/secret', 's1'), (e: Error) => e instanceof ToolPathError && /climbs out of the scratch folder/.test(e.message));
    assert.throws(() => scratchToolPath('~/../../etc/passwd', 's1'), ToolPathError);
    assert.throws(() => scratchToolPath('~/a\0b', 's1'), /NUL/);
  });
});
