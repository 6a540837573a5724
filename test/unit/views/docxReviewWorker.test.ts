// The review editor's engine side, off the main thread as the extension runs it: the
// worker reads a real .docx into the view model (changes, comments with replies, blocks),
// applies decisions through the engine, and turns every bad file into a clear error
// with the engine's code, without hanging or taking the caller's bytes.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDocx } from '../../../src/documents/docx';
import { writeZip } from '../../../src/documents/ooxml/zipWriter';
import { changeIdsIn } from '../../../src/shared/docxReviewModel';
import { inlineRunner, workerRunner } from '../../../src/views/docxEditor/reviewWorker';
import { ReviewError } from '../../../src/views/docxEditor/workerMessages';
import { kitchenSinkDocx } from '../../support/docxKitchenSink';
import { REPO_ROOT } from '../../support/repoRoot';
import { agreementWithChanges } from '../../vscode/e2e/docxFixture';

const worker = workerRunner({ script: path.join(REPO_ROOT, 'src/views/docxEditor/docxWorker.ts'), execArgv: ['--require', 'tsx/cjs'] });

async function failure(p: Promise<unknown>): Promise<ReviewError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ReviewError, `a ReviewError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('review editor worker', function () {
  this.timeout(60_000);
  const agreement = agreementWithChanges();

  it('reads a document into changes, threaded comments and blocks', async () => {
    const { view } = await worker({ op: 'open', bytes: agreement });
    assert.deepEqual(
      view.changes.map((c) => `${c.kind} ${c.author} ${c.text} @${c.block}`),
      ['insertion Cowork and reasonable @3', 'deletion Cowork twelve (12) months @5', 'insertion Cowork three (3) months @5', 'deletion Dana Reviewer It renews automatically for further one-year terms. @7'],
    );
    assert.equal(view.comments.length, 1, 'the reply is threaded under its comment, not listed apart');
    assert.equal(view.comments[0].quote, 'three (3) months');
    assert.deepEqual(view.comments[0].replies.map((r) => `${r.author}: ${r.text}`), ['Dana Reviewer: Agreed: ask for twelve months.']);
    const first = view.blocks[0];
    assert.equal(first.t === 'p' && first.heading, 1);
    assert.ok(view.blocks.some((b) => b.t === 'table' && b.rows.length === 3));
    const list = view.blocks.filter((b) => b.t === 'p' && b.list);
    assert.equal(list.length, 2);
    // Runs carry the change they belong to and the comments covering them.
    const liability = view.blocks[5];
    assert.ok(liability.t === 'p');
    const inserted = liability.runs.find((r) => r.text === 'three (3) months');
    assert.equal(inserted?.kind, 'insertion');
    assert.deepEqual(inserted?.comments, [view.comments[0].id]);
  });

  it('marks every kind of change where the page draws it: moves, formatting, paragraph marks, table rows, outside the body', async () => {
    const { view } = await inlineRunner({ op: 'open', bytes: kitchenSinkDocx() });
    const kinds = new Set(view.changes.map((c) => c.kind));
    for (const k of ['insertion', 'deletion', 'moveFrom', 'moveTo', 'formatting', 'paragraph', 'tableRow'] as const) assert.ok(kinds.has(k), `a ${k} change is listed`);
    const drawn = changeIdsIn(view.blocks);
    for (const c of view.changes) {
      if (c.where) assert.equal(c.block, -1, `${c.id} is outside the body (${c.where})`);
      else assert.ok(drawn.has(c.id), `change ${c.id} (${c.kind}) is drawn on the page`);
    }
    assert.deepEqual(view.changes.filter((c) => c.where).map((c) => c.where), ['header', 'footnote']);
    assert.equal(view.notes?.length, 1, 'a notice says that two changes are not drawn');
    const table = view.blocks.find((b) => b.t === 'table');
    assert.ok(table && table.t === 'table');
    assert.deepEqual(table.rows.map((r) => r.kind ?? ''), ['', 'tableRow', 'deletion', ''], 'inserted row tinted, deleted row struck');
    assert.equal(view.comments[0].resolved, true);
  });

  it('applies decisions through the engine and leaves the caller its bytes', async () => {
    const copy = Buffer.from(agreement);
    const open = await worker({ op: 'open', bytes: agreement });
    const dana = open.view.changes.find((c) => c.author === 'Dana Reviewer');
    assert.ok(dana);
    const accepted = await worker({ op: 'decide', bytes: agreement, decision: { action: 'accept', scope: 'ids', ids: [dana.id] } });
    assert.deepEqual(agreement, copy, 'the request transferred a copy, not the original');
    assert.equal(accepted.view.changes.length, 3);
    assert.ok(accepted.bytes);
    assert.doesNotMatch(readDocx(accepted.bytes).body.blocks.map((b) => JSON.stringify(b)).join(''), /renews automatically/);
    const byAuthor = await worker({ op: 'decide', bytes: agreement, decision: { action: 'reject', scope: 'author', author: 'Cowork' } });
    assert.deepEqual(byAuthor.view.changes.map((c) => c.author), ['Dana Reviewer']);
    const kinds = await inlineRunner({ op: 'decide', bytes: agreement, decision: { action: 'accept', scope: 'kind', kind: 'insertion' } });
    assert.deepEqual(kinds.view.changes.map((c) => c.kind), ['deletion', 'deletion']);
    const all = await inlineRunner({ op: 'decide', bytes: agreement, decision: { action: 'accept', scope: 'all' } });
    assert.equal(all.view.changes.length, 0);
  });

  it('turns bad files into clear errors with the engine code', async () => {
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ['a PDF named .docx', Buffer.from('%PDF-1.7\n%%EOF\n'), 'NOT_A_PACKAGE', /PDF/],
      ['a truncated file', agreement.subarray(0, agreement.length >> 1), 'TRUNCATED', /truncated/],
      ['a zip bomb', writeZip([{ kind: 'new', name: '[Content_Types].xml', data: Buffer.alloc(32 * 1024 * 1024, 0x20) }]), 'LIMIT_EXCEEDED', /compression ratio/],
      ['an empty file', Buffer.alloc(0), 'NOT_A_PACKAGE', /empty/],
    ];
    for (const [what, bytes, code, says] of cases) {
      const err = await failure(worker({ op: 'open', bytes }));
      assert.equal(err.code, code, what);
      assert.match(err.message, says, what);
    }
  });

  it('serves several requests from one warm worker, in order', async () => {
    const replies = await Promise.all([worker({ op: 'open', bytes: agreement }), worker({ op: 'decide', bytes: agreement, decision: { action: 'accept', scope: 'all' } }), worker({ op: 'open', bytes: agreement })]);
    assert.deepEqual(replies.map((r) => r.view.changes.length), [4, 0, 4]);
  });

  it('stops a worker that runs past its deadline; a bad file does not poison the runner', async () => {
    const script = path.join(REPO_ROOT, 'src/views/docxEditor/docxWorker.ts');
    const slow = workerRunner({ script, execArgv: ['--require', 'tsx/cjs'], timeoutMs: 1 });
    const err = await failure(slow({ op: 'open', bytes: agreement }));
    assert.equal(err.code, 'TIMEOUT');
    assert.match(err.message, /took longer than/);
    const normal = workerRunner({ script, execArgv: ['--require', 'tsx/cjs'] });
    await failure(normal({ op: 'open', bytes: Buffer.from('%PDF-1.4') }));
    assert.equal((await normal({ op: 'open', bytes: agreement })).view.changes.length, 4, 'a failed request does not poison the runner');
  });
});
