// The slide preview end to end in a real VS Code (code-server + Playwright): a .pptx opens
// in it by default; every slide is listed with its title, text and notes, a hidden slide is
// marked, and the slide images arrive from the sandbox (the namespace driver the harness
// sets) as PNGs the page shows. Opening the deck again takes them from the cache. A
// corrupt deck shows a clear error. A task's output chip opens the deck it created in the
// preview too. Run under `flock "$COWORK_HEAVY_LOCK"` (code-server, Chromium, LibreOffice).

import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { OoxmlPackage } from '../../../src/documents/ooxml';
import { readPptx } from '../../../src/documents/pptx';
import { coworkCacheDir } from '../../../src/sandbox/cacheDir';
import { SlideImages } from '../../../src/views/pptxPreview/slideImages';
import type { Transcript } from '../../model-server';
import { corpusDir } from '../../support/corpus';
import { CoworkSession, DARK_THEME, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import { quickOpen, waitForText, type Workbench } from './workbench';

const SLIDES = '[aria-label="Slides"]';
const FAILED = '.failed[role=alert]';

/**
 * Forgets the slide images of `deck` in the machine's preview cache (~/.cache/cowork/
 * pptx-previews, shared by every run), so its next opening renders in the sandbox
 * even when an earlier run on this machine already rendered the same bytes.
 */
function forgetRenderedImages(deck: Buffer): void {
  rmSync(path.join(coworkCacheDir('pptx-previews'), SlideImages.hash(deck)), { recursive: true, force: true });
}

/** ph-populated-placeholders.pptx with slide 2 hidden. */
function deckWithHiddenSlide(): Buffer {
  const dir = corpusDir('pptx');
  if (!dir) throw new Error('the shared corpus (../shared/corpus/pptx) is missing');
  const data = readFileSync(path.join(dir, 'ph-populated-placeholders.pptx'));
  const pkg = OoxmlPackage.open(data);
  pkg.editXml(readPptx(data).slides[1]!.part).root.attrs.show = '0';
  return pkg.save();
}

async function openPreview(workbench: Workbench, name: string, marker = SLIDES): Promise<Frame> {
  await quickOpen(workbench.page, name);
  return workbench.webviewFrame(marker, 60_000);
}

async function renderedImages(frame: Frame, count: number, timeoutMs = 600_000): Promise<number[]> {
  await waitForText(async () => String(await frame.locator('.thumb img').count()), String(count), timeoutMs, 500);
  return frame.locator('.thumb img').evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
}

const DECK_PROMPT = 'Make a copy of placeholders.pptx called review-deck.pptx.';
const DECK_DONE = 'review-deck.pptx is ready.';

function copyTranscript(): Transcript {
  return {
    name: 'e2e-pptx-output-chip',
    turns: [
      {
        label: 'copy the deck in the sandbox',
        match: { lastUserText: 'review-deck.pptx' },
        reply: { content: [{ type: 'tool_use', id: 'toolu_cp', name: 'run_command', input: { command: 'cp placeholders.pptx review-deck.pptx' } }] },
      },
      { label: 'report', match: { toolResultFor: 'toolu_cp', toolResultIncludes: 'Exit code: 0' }, reply: { content: [{ type: 'text', text: DECK_DONE }] } },
    ],
  };
}

describe('pptx slide preview', function () {
  // The first render boots a guest and LibreOffice, maybe after waiting for the heavy lock.
  this.timeout(900_000);
  let session: CoworkSession;

  before(async function () {
    this.timeout(240_000);
    if (!corpusDir('pptx')) {
      if (process.env.CI === 'true') throw new Error('CI needs the shared corpus (../shared/corpus/pptx)');
      return this.skip();
    }
    // One session for the previews and the task (a code-server start is ~15 s): planFirst
    // off and the copy transcript serve the last test; the previews never call the model.
    session = await CoworkSession.start({ name: 'pptx', transcript: copyTranscript(), theme: DARK_THEME, settings: { 'cowork.planFirst': false } });
    const deck = deckWithHiddenSlide();
    forgetRenderedImages(deck); // the first test wants it rendered, not "(cached)"
    writeFileSync(session.workspaceFile('placeholders.pptx'), deck);
    writeFileSync(session.workspaceFile('with-notes.pptx'), readFileSync(path.join(corpusDir('pptx')!, 'sld-notes.pptx')));
    const good = readFileSync(path.join(corpusDir('pptx')!, 'sld-notes.pptx'));
    writeFileSync(session.workspaceFile('broken.pptx'), good.subarray(0, Math.floor(good.length / 2)));
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  it('opens a .pptx in the slide preview by default: titles, text, hidden slides, then images from the sandbox', async function () {
    const frame = await openPreview(session.workbench, 'placeholders.pptx');
    const tab = session.page.locator('.tabs-container .tab.active');
    assert.match((await tab.getAttribute('aria-label')) ?? '', /placeholders\.pptx/);
    assert.equal(await frame.locator(`${SLIDES} > li`).count(), 9);
    assert.match(await frame.getByRole('listitem', { name: 'Slide 5', exact: true }).innerText(), /Title Text/);
    assert.match(await frame.getByRole('listitem', { name: 'Slide 6', exact: true }).innerText(), /Content/);
    const hidden = frame.getByRole('listitem', { name: 'Slide 2 (hidden)' });
    assert.match(await hidden.innerText(), /Hidden/);
    const widths = await renderedImages(frame, 9);
    assert.deepEqual(widths, Array(9).fill(960), 'every slide image is a rendered 960-pixel PNG');
    assert.match(await frame.locator('.status').innerText(), /^9 slides rendered$/);
    await session.workbench.screenshot('pptx-preview-dark');
  });

  it('shows speaker notes, and a second opening takes the images from the cache', async function () {
    const frame = await openPreview(session.workbench, 'with-notes.pptx');
    const notes = frame.getByRole('region', { name: 'Notes of slide 1' });
    assert.match(await notes.innerText(), /Notes/);
    await renderedImages(frame, 2);
    await session.page.keyboard.press('Control+W');
    const again = await openPreview(session.workbench, 'with-notes.pptx');
    await renderedImages(again, 2, 60_000);
    await waitForText(() => again.locator('.status').innerText(), /\(cached\)/, 30_000);
  });

  it('a corrupt deck shows a clear error instead of the preview', async function () {
    const frame = await openPreview(session.workbench, 'broken.pptx', FAILED);
    assert.match(await frame.locator(FAILED).innerText(), /broken\.pptx cannot be previewed: .*(truncated|ends|corrupt|zip)/i);
  });

  it("the task's output chip opens the new deck in the slide preview", async function () {
    // The previews above are closed, so the only slide list is the one the chip opens.
    await session.workbench.runCommand('View: Close All Editors');
    const sidebar = new Sidebar(session.workbench);
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(DECK_PROMPT);
    await sidebar.waitForText(DECK_DONE, 120_000);
    await sidebar.click('Open review-deck.pptx');
    const frame = await session.workbench.webviewFrame(SLIDES, 60_000);
    assert.match((await session.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '', /review-deck\.pptx/);
    assert.equal(await frame.locator(`${SLIDES} > li`).count(), 9);
    await renderedImages(frame, 9);
    await session.workbench.screenshot('pptx-preview-from-task');
  });
});
