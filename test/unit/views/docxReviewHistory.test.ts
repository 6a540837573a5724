import * as assert from 'node:assert/strict';
import { ReviewHistory, type HistoryCause } from '../../../src/views/docxEditor/reviewHistory';

interface S {
  name: string;
}
const s = (name: string): S => ({ name });

describe('review editor edit history', () => {
  it('records decisions and switches between kept states on undo and redo', () => {
    const seen: Array<[string, HistoryCause]> = [];
    const a = s('a');
    const h = new ReviewHistory<S>(a, (st, cause) => seen.push([st.name, cause]));
    const b = s('b');
    const e1 = h.record('Accept change', a, b);
    assert.ok(e1);
    const c = s('c');
    const e2 = h.record('Reject change', b, c);
    assert.ok(e2);
    assert.equal(h.current, c);
    e2.undo();
    assert.equal(h.current, b);
    e1.undo();
    assert.equal(h.current, a, 'the very state first read, not a rebuilt copy');
    e1.redo();
    e2.redo();
    assert.equal(h.current, c);
    assert.deepEqual(seen, [
      ['b', 'edit'],
      ['c', 'edit'],
      ['b', 'undo'],
      ['a', 'undo'],
      ['b', 'redo'],
      ['c', 'redo'],
    ]);
    assert.equal(e1.label, 'Accept change');
  });

  it('refuses a result computed from a state that is no longer current', () => {
    const a = s('a');
    const h = new ReviewHistory<S>(a);
    const b = s('b');
    const e = h.record('x', a, b);
    e?.undo();
    // A decision started from b finishes after the undo back to a: it must not land.
    assert.equal(h.record('y', b, s('c')), undefined);
    assert.equal(h.current, a);
  });

  it('is dirty exactly when the current state differs from the saved one', () => {
    const a = s('a');
    const h = new ReviewHistory<S>(a);
    assert.equal(h.dirty, false);
    const b = s('b');
    const e = h.record('x', a, b);
    assert.equal(h.dirty, true);
    h.markSaved();
    assert.equal(h.dirty, false);
    e?.undo();
    assert.equal(h.dirty, true, 'undoing past a save makes it dirty again');
    e?.redo();
    assert.equal(h.dirty, false);
  });

  it('reset (revert, reload) starts clean from the state read from disk', () => {
    const a = s('a');
    const causes: HistoryCause[] = [];
    const h = new ReviewHistory<S>(a, (_s, c) => causes.push(c));
    h.record('x', a, s('b'));
    const disk = s('disk');
    h.reset(disk);
    assert.equal(h.current, disk);
    assert.equal(h.dirty, false);
    assert.deepEqual(causes, ['edit', 'reset']);
  });
});
