// The PDF preview's shared pieces: the message validators both ends run, the field
// kinds (the words `cowork doc fields` uses), zoom steps and fits, the current page for
// a scroll position and the page box's parsing.

import * as assert from 'node:assert/strict';
import { clampZoom, currentPage, MAX_ZOOM, MIN_ZOOM, parsePageNumber, scaleFor, stepZoom, widgetKind } from '../../../src/shared/pdfPreviewModel';
import { parsePdfExtensionMessage, parsePdfWebviewMessage } from '../../../src/shared/pdfPreviewProtocol';

describe('shared: PDF preview protocol and model', () => {
  it('accepts the bytes of a load as any typed array or buffer, and refuses other shapes', () => {
    const bytes = new Uint8Array([37, 80, 68, 70]);
    for (const data of [bytes, bytes.buffer, Buffer.from(bytes), new DataView(bytes.buffer)]) {
      const r = parsePdfExtensionMessage({ type: 'load', fileName: 'a.pdf', version: 1, data });
      assert.ok(r.ok, String(data));
      assert.deepEqual([...(r.ok ? (r.value as { data: Uint8Array }).data : [])], [37, 80, 68, 70]);
    }
    const plain = parsePdfExtensionMessage({ type: 'load', fileName: 'a.pdf', version: 1, data: { 0: 37 } });
    assert.deepEqual(plain, { ok: false, error: 'load.data must be bytes, not [object Object]' });
    assert.equal(parsePdfExtensionMessage({ type: 'load', fileName: 7, version: 1, data: bytes }).ok, false);
    assert.equal(parsePdfExtensionMessage({ type: 'failed', message: 'gone' }).ok, true);
    assert.equal(parsePdfExtensionMessage({ type: 'mystery' }).ok, false);
    assert.equal(parsePdfExtensionMessage('load').ok, false);
  });

  it('checks what the webview reports', () => {
    assert.deepEqual(parsePdfWebviewMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
    const rendered = { type: 'rendered', version: 2, pages: 3, ms: 12.5, fields: [{ name: 'Name', type: 'text', page: 1 }] };
    assert.deepEqual(parsePdfWebviewMessage(rendered), { ok: true, value: rendered });
    assert.equal(parsePdfWebviewMessage({ ...rendered, fields: [{ name: 'Name', type: 'text' }] }).ok, false);
    assert.equal(parsePdfWebviewMessage({ ...rendered, pages: -1 }).ok, false);
    assert.equal(parsePdfWebviewMessage({ ...rendered, ms: 'soon' }).ok, false);
    assert.equal(parsePdfWebviewMessage({ type: 'openFailed', version: 1, reason: 'password', message: 'locked' }).ok, true);
    assert.equal(parsePdfWebviewMessage({ type: 'openFailed', version: 1, reason: 'bored', message: 'x' }).ok, false);
    assert.equal(parsePdfWebviewMessage({ type: 'rendered', version: 1, pages: 1, ms: 1, fields: [], extra: '<script>' }).ok, true, 'unknown keys are dropped, not passed on');
  });

  it('names widgets the way the engine does', () => {
    assert.equal(widgetKind({ fieldType: 'Tx' }), 'text');
    assert.equal(widgetKind({ fieldType: 'Btn', checkBox: true }), 'checkbox');
    assert.equal(widgetKind({ fieldType: 'Btn', radioButton: true }), 'radio');
    assert.equal(widgetKind({ fieldType: 'Btn', pushButton: true }), 'button');
    assert.equal(widgetKind({ fieldType: 'Ch', combo: true }), 'dropdown');
    assert.equal(widgetKind({ fieldType: 'Ch' }), 'list');
    assert.equal(widgetKind({ fieldType: 'Sig' }), 'signature');
    assert.equal(widgetKind({}), 'field');
  });

  it('steps zoom from any scale, fits width or page, and clamps', () => {
    assert.equal(stepZoom(1, 1), 1.1);
    assert.equal(stepZoom(1, -1), 0.9);
    assert.equal(stepZoom(1.37, 1), 1.5, 'a fitted scale steps to the next step up');
    assert.equal(stepZoom(1.37, -1), 1.25);
    assert.equal(stepZoom(MAX_ZOOM, 1), MAX_ZOOM);
    assert.equal(stepZoom(MIN_ZOOM, -1), MIN_ZOOM);
    const letter = { width: 612, height: 792 };
    assert.equal(scaleFor('fit-width', letter, { width: 1224, height: 500 }), 2);
    assert.equal(scaleFor('fit-page', letter, { width: 1224, height: 396 }), 0.5);
    assert.equal(scaleFor(9, letter, { width: 1, height: 1 }), MAX_ZOOM);
    assert.equal(clampZoom(Number.NaN), 1);
  });

  it('finds the page in the middle of the view and parses typed page numbers', () => {
    const tops = [0, 1000, 2000];
    const heights = [990, 990, 990];
    assert.equal(currentPage(0, 800, tops, heights), 1);
    assert.equal(currentPage(700, 800, tops, heights), 2);
    assert.equal(currentPage(5000, 800, tops, heights), 3);
    assert.equal(parsePageNumber(' 2 ', 3), 2);
    assert.equal(parsePageNumber('4', 3), undefined);
    assert.equal(parsePageNumber('0', 3), undefined);
    assert.equal(parsePageNumber('1.5', 3), undefined);
    assert.equal(parsePageNumber('two', 3), undefined);
  });
});
