import { strict as assert } from 'node:assert';
import type { LaterChanges, LaterWorkAnswer, UndoResult } from '../../../src/shared/undoLaterWork';
import { KEEP_LATER, LATER_WORK_BUTTONS, OVERWRITE_LATER, alreadyUndoneMessage, laterChangesOf, laterWorkQuestion, undoDeciding, undoneMessage } from '../../../src/views/undoDecision';

/**
 * An undo that, like the sandbox's, refuses while later changed files exist that the answer does
 * not cover (no answer, or a file outside `shown`). `later` can grow while the person decides.
 */
function engine(initial: string[]) {
  const later = [...initial];
  const calls: (LaterChanges | undefined)[] = [];
  const undo = async (answer?: LaterWorkAnswer): Promise<UndoResult> => {
    calls.push(answer?.laterChanges);
    if (later.length > 0 && (!answer || later.some((f) => !answer.shown.includes(f)))) return { undone: false, laterWork: [...later] };
    return { undone: true };
  };
  return { undo, calls, later };
}

describe('views: undo with later changes (the decision)', () => {
  it('undoes at once, asking nothing, when nothing changed after the task', async () => {
    const e = engine([]);
    let asked = false;
    const d = await undoDeciding(e.undo, async () => ((asked = true), OVERWRITE_LATER));
    assert.deepEqual(d, { status: 'undone', overwritten: [], kept: [] });
    assert.deepEqual(e.calls, [undefined]);
    assert.equal(asked, false);
  });

  it('names the later work and overwrites it on "Overwrite later changes"', async () => {
    const e = engine(['notes.txt', 'plan.md']);
    let shown: string[] = [];
    const d = await undoDeciding(e.undo, async (files) => ((shown = files), OVERWRITE_LATER));
    assert.deepEqual(shown, ['notes.txt', 'plan.md']);
    assert.deepEqual(e.calls, [undefined, 'overwrite']);
    assert.deepEqual(d, { status: 'undone', overwritten: ['notes.txt', 'plan.md'], kept: [] });
    assert.match(undoneMessage('T', d as Extract<typeof d, { status: 'undone' }>), /overwriting the later changes to notes\.txt, plan\.md/);
  });

  it('keeps the later work and undoes the rest on "Keep later changes"', async () => {
    const e = engine(['notes.txt']);
    const d = await undoDeciding(e.undo, async () => KEEP_LATER);
    assert.deepEqual(e.calls, [undefined, 'keep']);
    assert.deepEqual(d, { status: 'undone', overwritten: [], kept: ['notes.txt'] });
    assert.match(undoneMessage('T', d as Extract<typeof d, { status: 'undone' }>), /kept the later changes to notes\.txt/);
  });

  it('changes nothing on Cancel or a closed modal', async () => {
    for (const answer of ['Cancel', undefined]) {
      const e = engine(['notes.txt']);
      const d = await undoDeciding(e.undo, async () => answer);
      assert.deepEqual(d, { status: 'cancelled', laterWork: ['notes.txt'] });
      assert.deepEqual(e.calls, [undefined], 'only the attempt that changes nothing');
    }
  });

  it('fails, rather than report an undo, if the engine still refuses after the choice', async () => {
    const undo = async (): Promise<UndoResult> => ({ undone: false, laterWork: ['x'] });
    await assert.rejects(undoDeciding(undo, async () => KEEP_LATER), /still has later changes: x/);
  });

  it('a file that changed between the question and the click is never overwritten unasked: the person is asked again with it', async () => {
    const e = engine(['notes.txt']);
    const asked: string[][] = [];
    const d = await undoDeciding(e.undo, async (files) => {
      asked.push(files);
      if (asked.length === 1) e.later.push('plan.md'); // changed while the modal was open
      return OVERWRITE_LATER;
    });
    assert.deepEqual(asked, [['notes.txt'], ['notes.txt', 'plan.md']]);
    assert.deepEqual(e.calls, [undefined, 'overwrite', 'overwrite']);
    assert.deepEqual(d, { status: 'undone', overwritten: ['notes.txt', 'plan.md'], kept: [] });
  });

  it('cancelling the second question, with the grown list, changes nothing', async () => {
    const e = engine(['notes.txt']);
    let n = 0;
    const d = await undoDeciding(e.undo, async () => {
      if (++n === 1) {
        e.later.push('plan.md');
        return OVERWRITE_LATER;
      }
      return 'Cancel';
    });
    assert.deepEqual(d, { status: 'cancelled', laterWork: ['notes.txt', 'plan.md'] });
  });

  it('says "already undone" instead of reporting a second undo as done', async () => {
    const undo = async (): Promise<UndoResult> => ({ undone: false, alreadyUndone: true });
    let asked = false;
    const d = await undoDeciding(undo, async () => ((asked = true), KEEP_LATER));
    assert.deepEqual(d, { status: 'alreadyUndone' });
    assert.equal(asked, false);
    assert.equal(alreadyUndoneMessage('Rewrite notes'), '"Rewrite notes" is already undone; nothing was changed.');
  });

  it('the buttons map to the two choices and the question names every file', () => {
    assert.deepEqual(LATER_WORK_BUTTONS.map(laterChangesOf), ['keep', 'overwrite'], 'keeping, which loses nothing, comes first');
    assert.equal(laterChangesOf('Undo Task'), undefined);
    const q = laterWorkQuestion('Rewrite notes', ['a.txt', 'b/c.txt']);
    assert.match(q.message, /These 2 files changed after "Rewrite notes"/);
    assert.match(q.detail, /• a\.txt\n• b\/c\.txt/);
    assert.match(laterWorkQuestion('R', ['a.txt']).message, /^This file changed/);
  });
});
