// The person in the loop, end to end in a real VS Code: start from a suggestion, approve
// the plan, watch the steps stream in, answer a question, approve a deletion (the file
// goes only after approval — checked on disk), cancel a second task, reload the window
// and find both tasks in the history. Screenshots of the sidebar in a dark and a light
// theme are kept under test-output/screenshots/.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CoworkSession, DARK_THEME, LIGHT_THEME, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import {
  ANSWER,
  DELETED_FILE,
  PLAN_SUMMARY,
  QUESTION,
  REDIRECT,
  SUGGESTION,
  SUGGESTION_PROMPT_PART,
  STREAMED_END,
  STREAMED_START,
  SUMMARY_CONTENT,
  SUMMARY_FILE,
  TASK1_DONE,
  TASK2_PROMPT,
  TASK2_QUESTION,
  TASKS_FILES,
  task1Transcript,
  task2Transcript,
} from './transcripts/tasks';
import { waitForText } from './workbench';

describe('tasks: the person in the loop', function () {
  this.timeout(240_000);
  let session: CoworkSession;
  let sidebar: Sidebar;
  /** Title of task 1 as the Tasks tree shows it (from the suggestion's prompt). */
  let task1Title = '';

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({ name: 'tasks', transcript: task1Transcript(), files: TASKS_FILES, theme: DARK_THEME });
    sidebar = new Sidebar(session.workbench);
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  it('starts a task from a suggestion', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.click(SUGGESTION);
    const composer = await sidebar.composer();
    const prompt = await composer.inputValue();
    assert.ok(prompt.includes(SUGGESTION_PROMPT_PART), `the "${SUGGESTION}" suggestion filled in: ${prompt}`);
    task1Title = prompt.trim().split('\n')[0].slice(0, 30);
    await sidebar.click('Start task');
    await sidebar.waitForTimeline('I will look at what is in your folder first.');
    assert.ok(session.userTextsSent().some((t) => t.includes(prompt.trim().slice(0, 40))), 'the suggestion prompt did not reach the model');
  });

  it('shows the proposed plan and waits for approval', async function () {
    await sidebar.waitForText(PLAN_SUMMARY);
    const text = await sidebar.text();
    for (const expected of [SUMMARY_FILE, DELETED_FILE]) assert.ok(text.includes(expected), `the plan does not mention ${expected}`);
    // Nothing after the plan is asked for until the person decides.
    await session.page.waitForTimeout(1_000);
    assert.equal(session.model.used, 2, 'the agent went on before the plan was approved');
    await sidebar.click('Approve plan');
  });

  it('streams the steps into the timeline', async function () {
    // The reply streams at 4 characters per 150 ms (about 4 s): sample the timeline often
    // and require at least one sample showing the sentence begun but not finished.
    let sawPartial = false;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const text = await sidebar.timelineText();
      if (text.includes(STREAMED_END)) break;
      if (text.includes(STREAMED_START)) sawPartial = true;
      if (Date.now() > deadline) throw new Error(`the streamed reply never completed; timeline:\n${text}`);
      await session.page.waitForTimeout(80);
    }
    assert.ok(sawPartial, 'the reply appeared all at once: the timeline does not stream text deltas');
    await sidebar.waitForTimeline(/Read notes\/meeting-05-02\.md/);
    await sidebar.waitForTimeline(/Read notes\/meeting-05-09\.md/);
    const row = await session.workbench.waitForTreeItem('Tasks', task1Title.slice(0, 15));
    assert.ok(row.length > 0);
  });

  it('takes a redirect while the agent works', async function () {
    await sidebar.submit('Redirect the task', REDIRECT, 'Send redirect');
    await sidebar.waitForTimeline(REDIRECT);
  });

  it('asks a question; screenshots in dark and light themes while the task runs', async function () {
    await sidebar.waitForText(QUESTION);
    // The question arrives after the redirect scrolled things about: it must be brought into view.
    await waitForText(async () => String(await sidebar.inViewport('Answer')), 'true', 10_000);
    assert.ok(await session.workbench.hasCommand('Cowork: Cancel Task'), '"Cowork: Cancel Task" should be offered while a task runs');
    await session.workbench.screenshot('sidebar-dark-task-running', session.workbench.sideBar());
    await session.workbench.screenshot('workbench-dark-task-running');
    await session.setTheme(LIGHT_THEME);
    await session.workbench.screenshot('sidebar-light-task-running', session.workbench.sideBar());
    await session.workbench.screenshot('workbench-light-task-running');
    await session.setTheme(DARK_THEME);
    await sidebar.submit('Answer', ANSWER, 'Send answer');
    await sidebar.waitForTimeline('Action items first, then.');
  });

  it('deletes a file only after the person approves the change batch', async function () {
    await sidebar.waitForText(DELETED_FILE);
    await sidebar.button('Approve changes');
    assert.ok(existsSync(session.workspaceFile(DELETED_FILE)), `${DELETED_FILE} was deleted before approval`);
    await session.workbench.screenshot('sidebar-dark-approval', session.workbench.sideBar());
    await sidebar.click('Approve changes');
    await waitForText(async () => String(existsSync(session.workspaceFile(DELETED_FILE))), 'false', 30_000);
    await sidebar.waitForTimeline(TASK1_DONE);
    assert.equal(readFileSync(session.workspaceFile(SUMMARY_FILE), 'utf8'), SUMMARY_CONTENT);
    assert.deepEqual(session.model.failures, [], 'the scripted server recorded failures');
    assert.equal(session.model.remaining, 0, 'the agent did not play the whole task-1 transcript');
    assert.ok(session.userTextsSent().some((t) => t.includes(REDIRECT)), 'the redirect never reached the model');
  });

  it('cancels a second task while it waits for an answer', async function () {
    session.model.reset(task2Transcript());
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(TASK2_PROMPT);
    await sidebar.waitForText(TASK2_QUESTION);
    await sidebar.click('Cancel task');
    await sidebar.waitForText(/cancel+ed/i);
    await session.workbench.waitForTreeItem('Tasks', TASK2_PROMPT.slice(0, 20));
    assert.deepEqual(session.model.failures, []);
    assert.equal(session.model.messageRequests().length, 1, 'a cancelled task must not call the model again');
  });

  it('keeps both tasks in the history after "Developer: Reload Window"', async function () {
    await session.reloadWindow();
    await session.workbench.openViewContainer('Cowork');
    await session.workbench.waitForTreeItem('Tasks', task1Title.slice(0, 15), 60_000);
    await session.workbench.waitForTreeItem('Tasks', TASK2_PROMPT.slice(0, 20), 10_000);
    const rows = await session.workbench.treeItems('Tasks');
    await session.workbench.screenshot('sidebar-dark-history-after-reload', session.workbench.sideBar());
    assert.ok(rows.length >= 2, `expected both tasks, got ${JSON.stringify(rows)}`);
  });
});
