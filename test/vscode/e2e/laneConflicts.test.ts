// Two tasks on one folder in a real VS Code, settling a conflict from the sidebar's
// approval card. Task A reads three notes and asks a question; while it waits, task B
// (its own lane) rewrites the same three notes and the person approves B's batch. Then A
// is answered and rewrites them too: A's batch has three conflicts, and the card offers,
// per file, "Apply mine", "Keep theirs" and "Keep both". The person picks a different one
// for each; the bytes on disk show each choice was carried to the apply, and the card
// says how each was settled.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Transcript } from '../../model-server';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import { waitForText } from './workbench';

const PROMPT_A = 'Formal rewrite of the three notes';
const PROMPT_B = 'Casual rewrite of the three notes';
const QUESTION = 'Formal as in a letter, or as in a report?';
const ORIGINAL = { 'x.txt': 'x: the original note\n', 'y.txt': 'y: the original note\n', 'z.txt': 'z: the original note\n' };
const NOTES = Object.keys(ORIGINAL) as (keyof typeof ORIGINAL)[];
const formal = (f: string): string => `${f}: Dear reader, this note is formal.\n`;
const casual = (f: string): string => `${f}: hey, this note is casual\n`;
const writes = (prefix: string, content: (f: string) => string) => NOTES.map((f) => ({ type: 'tool_use' as const, id: `${prefix}_${f[0]}`, name: 'write_file', input: { path: f, content: content(f) } }));

function transcript(): Transcript {
  const a = { firstUserText: PROMPT_A };
  const b = { firstUserText: PROMPT_B };
  return {
    order: 'byMatch',
    turns: [
      { label: 'A reads the notes', match: { ...a, messageCount: 1 }, reply: { content: NOTES.map((f) => ({ type: 'tool_use', id: `read_${f[0]}`, name: 'read_file', input: { path: f } })) } },
      { label: 'A asks', match: { ...a, toolResultFor: 'read_z' }, reply: { content: [{ type: 'tool_use', id: 'ask', name: 'ask_user', input: { question: QUESTION } }] } },
      { label: 'A rewrites', match: { ...a, toolResultFor: 'ask' }, reply: { content: writes('wa', formal) } },
      { label: 'A ends', match: { ...a, toolResultFor: 'wa_z' }, reply: { content: [{ type: 'text', text: 'The formal notes are settled.' }] } },
      { label: 'B rewrites', match: { ...b, messageCount: 1 }, reply: { content: writes('wb', casual) } },
      { label: 'B ends', match: { ...b, toolResultFor: 'wb_z' }, reply: { content: [{ type: 'text', text: 'The casual notes are applied.' }] } },
    ],
  };
}

describe('parallel tasks: a conflict settled in the approval card', function () {
  this.timeout(240_000);
  let session: CoworkSession;
  let sidebar: Sidebar;

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({ name: 'lane-conflicts', transcript: transcript(), files: ORIGINAL, settings: { 'cowork.planFirst': false, 'cowork.maxParallelTasks': 2 } });
    sidebar = new Sidebar(session.workbench);
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  const file = (rel: string): string => readFileSync(session.workspaceFile(rel), 'utf8');

  /** Shows a task in the sidebar through its switcher (the options carry the task ids), until its timeline shows `marker`. */
  async function switchTo(prompt: string, marker: string): Promise<void> {
    const frame = await sidebar.frame();
    const switcher = frame.getByRole('combobox', { name: 'Switch task' });
    const value = await waitForText(
      () => switcher.evaluate((el, title) => Array.from((el as unknown as { options: ArrayLike<{ text: string; value: string }> }).options).find((o) => o.text.includes(title))?.value ?? '', prompt.slice(0, 16)),
      /./,
      30_000,
    );
    await switcher.selectOption(value);
    await sidebar.waitForTimeline(marker, 30_000);
  }

  it('task B runs while task A waits, and its batch is applied', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(PROMPT_A);
    await sidebar.waitForText(QUESTION);

    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(PROMPT_B);
    await sidebar.waitForText(/Changes to your folder|overwrite|modified/i);
    for (const f of NOTES) assert.equal(file(f), ORIGINAL[f], `${f} changed before B's batch was approved`);
    await sidebar.click('Approve changes');
    await sidebar.waitForTimeline('The casual notes are applied.');
    for (const f of NOTES) assert.equal(file(f), casual(f));
  });

  it("A's batch marks all three as conflicts; one settled each way, the bytes on disk follow", async function () {
    await switchTo(PROMPT_A, QUESTION);
    await sidebar.submit('Answer', 'As in a report.', 'Send answer');
    const frame = await sidebar.frame();
    const card = frame.getByRole('group', { name: 'Changes to approve' }).last();
    await waitForText(async () => String(await card.getByRole('radiogroup').count()), '3', 60_000);
    assert.match(await card.innerText(), /3 files changed on disk since this task read them/);
    // "Keep both" is what a card starts with: the one choice that loses nothing.
    assert.equal(await card.getByRole('radio', { name: 'Keep both: z.txt' }).isChecked(), true);
    await card.getByRole('radio', { name: 'Apply mine: x.txt' }).check();
    await card.getByRole('radio', { name: 'Keep theirs: y.txt' }).check();
    assert.equal(await card.getByRole('radio', { name: 'Apply mine: x.txt' }).isChecked(), true);
    await session.workbench.screenshot('sidebar-conflict-choices', session.workbench.sideBar());
    await sidebar.click('Approve changes');
    await sidebar.waitForTimeline('The formal notes are settled.');

    assert.equal(file('x.txt'), formal('x.txt'), "mine: A's version replaced B's");
    assert.equal(file('y.txt'), casual('y.txt'), "theirs: B's version stayed");
    assert.equal(file('z.txt'), casual('z.txt'), "both: B's version stayed in place");
    assert.equal(file('z (mine).txt'), formal('z.txt'), "both: A's version saved beside it");
    assert.equal(existsSync(session.workspaceFile('x (mine).txt')) || existsSync(session.workspaceFile('y (mine).txt')), false, 'nothing saved beside for mine/theirs');

    const settled = await sidebar.timelineText();
    assert.match(settled, /x\.txt: applied this task's version/);
    assert.match(settled, /y\.txt: kept the version on disk/);
    assert.match(settled, /z\.txt: kept both/);
    // The model is told how each was settled, in the results of its writes' turn.
    const last = session.model.messageRequests().filter((r) => JSON.stringify(r.body.messages?.[0] ?? '').includes(PROMPT_A)).at(-1);
    assert.match(JSON.stringify(last?.body.messages ?? []), /saved beside it as z \(mine\)\.txt/);
    assert.deepEqual(session.model.failures, []);
    assert.equal(session.model.remaining, 0);
  });
});
