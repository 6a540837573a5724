import * as assert from 'node:assert/strict';
import {
  authorSlot,
  authorsOf,
  changeAfterDecision,
  changeIdsIn,
  countChanges,
  describeChange,
  filterChanges,
  NO_FILTER,
  orderedIds,
  stepChange,
  type ReviewBlock,
  type ReviewChange,
} from '../../../src/shared/docxReviewModel';

const change = (id: string, author: string, kind: ReviewChange['kind'], block = 0, text = id): ReviewChange => ({ id, author, kind, block, text });

const changes = [
  change('1', 'Cowork', 'insertion', 0),
  change('2', 'Cowork', 'deletion', 1),
  change('3', 'Alice', 'insertion', 2),
  change('4', 'Bob', 'formatting', 3),
  change('5', 'Alice', 'moveTo', 4),
];

describe('review editor view model', () => {
  it('lists authors in order of first appearance, comment authors after', () => {
    const comments = [{ id: 'c1', author: 'Dana', text: 'x', resolved: false, block: 0, quote: '', replies: [{ id: 'r1', author: 'Alice', text: 'y' }] }];
    assert.deepEqual(authorsOf({ changes, comments }), ['Cowork', 'Alice', 'Bob', 'Dana']);
  });

  it('gives each author a stable colour slot, wrapping after eight', () => {
    const authors = Array.from({ length: 10 }, (_, i) => `a${i}`);
    assert.equal(authorSlot(authors, 'a0'), 0);
    assert.equal(authorSlot(authors, 'a3'), 3);
    assert.equal(authorSlot(authors, 'a9'), 1);
  });

  it('filters by author and kind; empty lists mean everything', () => {
    assert.equal(filterChanges(changes, NO_FILTER).length, 5);
    assert.deepEqual(filterChanges(changes, { authors: ['Alice'], kinds: [] }).map((c) => c.id), ['3', '5']);
    assert.deepEqual(filterChanges(changes, { authors: [], kinds: ['insertion'] }).map((c) => c.id), ['1', '3']);
    assert.deepEqual(filterChanges(changes, { authors: ['Alice', 'Cowork'], kinds: ['insertion'] }).map((c) => c.id), ['1', '3']);
    assert.deepEqual(filterChanges(changes, { authors: ['Nobody'], kinds: [] }), []);
  });

  it('counts changes by kind and author', () => {
    const { byKind, byAuthor } = countChanges(changes);
    assert.equal(byKind.get('insertion'), 2);
    assert.equal(byKind.get('tableRow'), undefined);
    assert.equal(byAuthor.get('Alice'), 2);
  });

  it('steps to the next and previous visible change, wrapping around', () => {
    const visible = filterChanges(changes, { authors: ['Cowork', 'Bob'], kinds: [] });
    assert.equal(stepChange(visible, undefined, 1)?.id, '1');
    assert.equal(stepChange(visible, undefined, -1)?.id, '4');
    assert.equal(stepChange(visible, '1', 1)?.id, '2');
    assert.equal(stepChange(visible, '4', 1)?.id, '1');
    assert.equal(stepChange(visible, '1', -1)?.id, '4');
    // The current change is filtered out: start from the ends.
    assert.equal(stepChange(visible, '3', 1)?.id, '1');
    assert.equal(stepChange([], '1', 1), undefined);
  });

  it('after a decision selects the next remaining change that passes the filter', () => {
    const after = changes.filter((c) => c.id !== '2');
    assert.equal(changeAfterDecision(changes, after, '2', NO_FILTER)?.id, '3');
    assert.equal(changeAfterDecision(changes, after, '2', { authors: ['Cowork'], kinds: [] })?.id, '1');
    const lastGone = changes.filter((c) => c.id !== '5');
    assert.equal(changeAfterDecision(changes, lastGone, '5', NO_FILTER)?.id, '1', 'wraps to the start');
    assert.equal(changeAfterDecision(changes, [], '5', NO_FILTER), undefined);
  });

  it('finds the change ids in blocks, nested table cells included, in list order', () => {
    const blocks: ReviewBlock[] = [
      { t: 'p', runs: [{ text: 'a' }, { text: 'b', change: '3', kind: 'insertion' }], change: '9', kind: 'paragraph' },
      { t: 'table', rows: [{ change: '7', kind: 'tableRow', cells: [[{ t: 'p', runs: [{ text: 'c', change: '1', kind: 'insertion' }] }]] }] },
    ];
    assert.deepEqual([...changeIdsIn(blocks)].sort(), ['1', '3', '7', '9']);
    assert.deepEqual(orderedIds(changes, changeIdsIn(blocks)), ['1', '3'], 'unknown ids are dropped, list order kept');
  });

  it('describes a change in one line', () => {
    assert.equal(describeChange(change('1', 'Cowork', 'deletion', 0, 'thirty days')), 'Deletion by Cowork: “thirty days”');
    assert.match(describeChange(change('1', 'Cowork', 'insertion', 0, 'x'.repeat(200))), /…”$/);
    assert.equal(describeChange({ ...change('1', 'A', 'formatting', -1, ''), where: 'header' }), 'Formatting by A (header)');
  });
});
