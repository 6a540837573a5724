import * as assert from 'node:assert/strict';
import { decisionLabel, parseDocxExtensionMessage, parseDocxWebviewMessage } from '../../../src/shared/docxReviewProtocol';

describe('review editor message protocol', () => {
  it('accepts the decisions the webview can send', () => {
    for (const decision of [
      { action: 'accept', scope: 'ids', ids: ['3'] },
      { action: 'reject', scope: 'all' },
      { action: 'accept', scope: 'author', author: 'Cowork' },
      { action: 'reject', scope: 'kind', kind: 'formatting' },
    ]) {
      const r = parseDocxWebviewMessage({ type: 'decide', decision, focus: '3' });
      assert.ok(r.ok, JSON.stringify(decision));
    }
    assert.ok(parseDocxWebviewMessage({ type: 'ready' }).ok);
    assert.ok(parseDocxWebviewMessage({ type: 'rendered', version: 1, blocks: 80, ms: 12.5 }).ok);
  });

  it('rejects malformed or unknown messages with a reason', () => {
    const bad: unknown[] = [
      null,
      { type: 'nope' },
      { type: 'decide', decision: { action: 'merge', scope: 'all' } },
      { type: 'decide', decision: { action: 'accept', scope: 'ids', ids: [] } },
      { type: 'decide', decision: { action: 'accept', scope: 'ids', ids: [3] } },
      { type: 'decide', decision: { action: 'accept', scope: 'author' } },
      { type: 'decide', decision: { action: 'accept', scope: 'kind', kind: 'bogus' } },
      { type: 'decide', decision: { action: 'accept', scope: 'all' }, focus: 7 },
      { type: 'rendered', version: '1', blocks: 1, ms: 1 },
    ];
    for (const m of bad) {
      const r = parseDocxWebviewMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.ok(r.error.length > 0);
    }
    assert.equal(parseDocxExtensionMessage({ type: 'load', version: 1 }).ok, false);
    assert.equal(parseDocxExtensionMessage({ type: 'failed' }).ok, false);
    assert.ok(parseDocxExtensionMessage({ type: 'failed', message: 'this is a PDF document, not a Word document', code: 'NOT_A_PACKAGE' }).ok);
  });

  it('labels decisions for the undo menu', () => {
    assert.equal(decisionLabel({ action: 'accept', scope: 'ids', ids: ['1'] }), 'Accept change');
    assert.equal(decisionLabel({ action: 'reject', scope: 'ids', ids: ['1', '2'] }), 'Reject 2 changes');
    assert.equal(decisionLabel({ action: 'accept', scope: 'all' }), 'Accept all changes');
    assert.equal(decisionLabel({ action: 'reject', scope: 'author', author: 'Cowork' }), 'Reject all changes by Cowork');
  });
});
