// "Cowork: Undo Task" when another task changed the folder afterwards. Three tasks run
// one after the other on one folder; each rewrites notes.txt and its own file, and each
// batch is approved. Undoing the first names notes.txt (the later tasks rewrote it) in a
// modal: Cancel changes nothing, "Keep later changes" restores the first task's own file
// byte for byte and leaves notes.txt as the third task left it. Undoing the second then
// names notes.txt again (the third task rewrote it after): "Overwrite later changes" puts
// back exactly what was there before the second task, the first task's version. An undone
// task says so in the tree and its menu offers Undo Task no more.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import type { Transcript } from '../../model-server';
import { clickDelivered } from './clicks';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import { waitForText } from './workbench';

// Bytes a text round trip could change: no final newline, CRLF, non-ASCII.
const ORIGINAL = {
  'notes.txt': 'Übersicht — the original notes\r\nsecond line, no newline',
  'alpha.txt': 'alpha: the original\r\n',
  'bravo.txt': 'bravo: the original ✓',
};
const TASKS = [
  { prompt: 'Alpha rewrite of the notes', own: 'alpha.txt', id: 'al' },
  { prompt: 'Bravo rewrite of the notes', own: 'bravo.txt', id: 'br' },
  { prompt: 'Charlie rewrite of the notes', own: 'charlie.txt', id: 'ch' },
];
const notesBy = (name: string): string => `notes by ${name.split(' ')[0]}\n`;
const ownBy = (name: string): string => `${name.split(' ')[0]} was here\n`;
const done = (name: string): string => `${name.split(' ')[0]} rewrote the notes.`;

function transcript(): Transcript {
  return {
    order: 'byMatch',
    turns: TASKS.flatMap((t) => [
      {
        label: `${t.id} writes`,
        match: { firstUserText: t.prompt, messageCount: 1 },
        reply: {
          content: [
            { type: 'tool_use', id: `${t.id}_notes`, name: 'write_file', input: { path: 'notes.txt', content: notesBy(t.prompt) } },
            { type: 'tool_use', id: `${t.id}_own`, name: 'write_file', input: { path: t.own, content: ownBy(t.prompt) } },
          ],
        },
      },
      { label: `${t.id} ends`, match: { firstUserText: t.prompt, toolResultFor: `${t.id}_own` }, reply: { content: [{ type: 'text', text: done(t.prompt) }] } },
    ]),
  };
}

describe('undo when another task changed the folder afterwards', function () {
  this.timeout(300_000);
  let session: CoworkSession;
  let sidebar: Sidebar;

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({ name: 'undo-later-work', transcript: transcript(), files: ORIGINAL, settings: { 'cowork.planFirst': false } });
    sidebar = new Sidebar(session.workbench);
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  const bytes = (rel: string): Buffer => readFileSync(session.workspaceFile(rel));
  const text = (rel: string): string => bytes(rel).toString('utf8');
  const dialog = (): Locator => session.page.locator('.monaco-dialog-box');

  /** Waits for the modal to say `says`, presses `button`, and returns once that modal is gone. */
  async function answerModal(says: RegExp, button: string): Promise<string> {
    const said = await waitForText(async () => ((await dialog().isVisible()) ? dialog().innerText() : ''), says, 30_000);
    const b = dialog().locator('.dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^\\s*${button}\\s*$`) }).first();
    const gone = async (): Promise<boolean> => !(await dialog().isVisible()) || !says.test(await dialog().innerText());
    await clickDelivered(b, { what: `"${button}" in the modal`, done: gone });
    await waitForText(async () => String(await gone()), 'true', 30_000);
    return said;
  }

  /** "Undo Task" from the task's row in the Tasks tree, confirmed in the first modal. */
  async function undoFromTree(prompt: string): Promise<void> {
    await session.workbench.treeContextAction('Tasks', prompt, 'Undo Task', { done: () => dialog().isVisible() });
    await answerModal(/Its folder goes back to exactly how it was before the task/, 'Undo Task');
  }

  const toasts = (): Promise<string> => session.page.locator('.notifications-toasts').innerText().catch(() => '');

  it('three tasks rewrite notes.txt one after the other, each batch approved', async function () {
    for (const t of TASKS) {
      await session.workbench.runCommand('Cowork: New Task');
      await sidebar.startTask(t.prompt);
      await sidebar.waitForText(/Changes to your folder|overwrite|modified/i);
      await sidebar.click('Approve changes');
      await sidebar.waitForTimeline(done(t.prompt));
      assert.equal(text('notes.txt'), notesBy(t.prompt));
      assert.equal(text(t.own), ownBy(t.prompt));
    }
    assert.deepEqual(session.model.failures, []);
  });

  it('undoing the first names notes.txt; Cancel changes nothing', async function () {
    const before = Object.fromEntries(['notes.txt', 'alpha.txt', 'bravo.txt', 'charlie.txt'].map((f) => [f, bytes(f)]));
    await undoFromTree(TASKS[0].prompt);
    const said = await answerModal(/changed after "Alpha rewrite of the notes"/, 'Cancel');
    assert.match(said, /notes\.txt/);
    assert.doesNotMatch(said, /alpha\.txt/, 'only later work is named');
    assert.match(said, /Overwrite later changes/);
    assert.match(said, /Keep later changes/);
    for (const [f, b] of Object.entries(before)) assert.deepEqual(bytes(f), b, `${f} changed although the undo was cancelled`);
  });

  it('"Keep later changes": the first task\'s own file is restored byte for byte, notes.txt keeps the later version', async function () {
    await undoFromTree(TASKS[0].prompt);
    await waitForText(async () => ((await dialog().isVisible()) ? dialog().innerText() : ''), /notes\.txt/, 30_000);
    await session.workbench.screenshot('undo-later-work-modal');
    await answerModal(/changed after "Alpha rewrite of the notes"/, 'Keep later changes');
    await waitForText(toasts, /Undid "Alpha rewrite of the notes"; kept the later changes to notes\.txt/, 30_000);
    assert.deepEqual(bytes('alpha.txt'), Buffer.from(ORIGINAL['alpha.txt']));
    assert.equal(text('notes.txt'), notesBy(TASKS[2].prompt), "Charlie's notes stayed");
    assert.equal(text('bravo.txt'), ownBy(TASKS[1].prompt), 'the other tasks are untouched');
    assert.equal(text('charlie.txt'), ownBy(TASKS[2].prompt));
  });

  it('the undone task says "undone" in the Tasks tree and its menu no longer offers Undo Task', async function () {
    const row = await session.workbench.treeRow('Tasks', TASKS[0].prompt);
    await waitForText(() => row.innerText(), /undone/, 30_000);
    const menu = session.page.locator('.context-view .monaco-menu');
    let items = '';
    // A right-click on a row being redrawn can open no menu: right-click again.
    for (let attempt = 1; !items && attempt <= 4; attempt++) {
      await (await session.workbench.treeRow('Tasks', TASKS[0].prompt)).click({ button: 'right' });
      const opened = await menu.locator('.action-item').filter({ hasText: /Copy Transcript/ }).first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (opened) items = await menu.innerText();
      await session.page.keyboard.press('Escape');
    }
    assert.match(items, /Copy Transcript/, 'the menu opened');
    assert.doesNotMatch(items, /Undo Task/);
  });

  it('"Overwrite later changes": undoing the second puts back exactly what was there before it', async function () {
    await undoFromTree(TASKS[1].prompt);
    const said = await answerModal(/changed after "Bravo rewrite of the notes"/, 'Overwrite later changes');
    assert.match(said, /notes\.txt/);
    await waitForText(toasts, /Undid "Bravo rewrite of the notes", overwriting the later changes to notes\.txt/, 30_000);
    assert.equal(text('notes.txt'), notesBy(TASKS[0].prompt), 'the notes as they were before Bravo: Alpha\'s');
    assert.deepEqual(bytes('bravo.txt'), Buffer.from(ORIGINAL['bravo.txt']));
    assert.equal(text('charlie.txt'), ownBy(TASKS[2].prompt), "Charlie's own file is not Bravo's to undo");
  });
});
