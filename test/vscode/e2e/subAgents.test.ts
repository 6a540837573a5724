// Sub-agents in a real VS Code, one session: a task delegates three briefs (two
// research, one work). The children run at once; each shows nested under its parent in
// the Tasks tree and as a collapsible lane in the sidebar timeline. The work child's
// tool call ("approvals: always-ask") reaches the person through the parent, tagged
// with the child's name; its edit lands only with the parent's batch approval. Then a
// second task is reloaded ("Developer: Reload Window") while one child waits on the
// model: the first task's children are still nested with their status and cost (in the
// parent's), and after Resume the child that had finished is not run again while the
// other continues from its own conversation.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import type { Transcript, TurnInput } from '../../model-server';
import { CoworkSession, screenshotIfFailed } from './harness';
import { clickDelivered } from './clicks';
import { Sidebar } from './sidebar';
import { until, waitForText } from './workbench';

const PROMPT = 'Check the three notes with helpers and mark c.txt as checked';
const LATENCY_MS = 400;
/** Enough tokens for every turn that its cost shows in cents (the tree rounds to $0.01). */
const USAGE = { input_tokens: 60_000, output_tokens: 2_000 };

function childTurns(name: string, file: string, report: string): TurnInput[] {
  const m = { firstUserText: `[Sub-agent "${name}"]` };
  return [
    { label: `${name} reads`, match: m, reply: { initialDelayMs: LATENCY_MS, content: [{ type: 'tool_use', id: `read_${name}`, name: 'read_file', input: { path: file } }] } },
    { label: `${name} reports`, match: { ...m, toolResultFor: `read_${name}` }, reply: { initialDelayMs: LATENCY_MS, usage: USAGE, content: [{ type: 'text', text: report }] } },
  ];
}

function transcript(): Transcript {
  const editor = { firstUserText: '[Sub-agent "editor"]' };
  return {
    order: 'byMatch',
    turns: [
      {
        label: 'parent delegates',
        match: { firstUserText: PROMPT, messageCount: 1 },
        reply: {
          usage: USAGE,
          content: [
            { type: 'text', text: 'Sending three helpers.' },
            {
              type: 'tool_use',
              id: 'del1',
              name: 'delegate',
              input: {
                tasks: [
                  { name: 'alpha', brief: 'Read a.txt and report its fruit.' },
                  { name: 'beta', brief: 'Read b.txt and report its fruit.' },
                  { name: 'editor', kind: 'work', brief: 'Replace "cherries" with "cherries (checked)" in c.txt.' },
                ],
              },
            },
          ],
        },
      },
      ...childTurns('alpha', 'a.txt', 'Alpha found apples.'),
      ...childTurns('beta', 'b.txt', 'Beta found bananas.'),
      {
        label: 'editor edits',
        match: editor,
        reply: { initialDelayMs: LATENCY_MS, content: [{ type: 'tool_use', id: 'edit_c', name: 'edit_file', input: { path: 'c.txt', old_string: 'cherries', new_string: 'cherries (checked)' } }] },
      },
      { label: 'editor reports', match: { ...editor, toolResultFor: 'edit_c' }, reply: { usage: USAGE, content: [{ type: 'text', text: 'Editor marked c.txt.' }] } },
      { label: 'parent ends', match: { firstUserText: PROMPT, toolResultFor: 'del1' }, reply: { content: [{ type: 'text', text: 'All three helpers reported; c.txt is marked.' }] } },
    ],
  };
}

const PROMPT2 = 'Summarise d.txt and e.txt with two helpers';

/** Task 2: gamma finishes, delta's reply is still on its way when the window reloads; after Resume delta continues. */
function resumeTranscript(): Transcript {
  const delta = { firstUserText: '[Sub-agent "delta"]' };
  return {
    order: 'byMatch',
    turns: [
      {
        label: 'parent 2 delegates',
        match: { firstUserText: PROMPT2, messageCount: 1 },
        reply: { content: [{ type: 'tool_use', id: 'del2', name: 'delegate', input: { tasks: [{ name: 'gamma', brief: 'Read a.txt and report.' }, { name: 'delta', brief: 'Read b.txt and report.' }] } }] },
      },
      ...childTurns('gamma', 'a.txt', 'Gamma read apples.'),
      { label: 'delta reads', match: delta, reply: { content: [{ type: 'tool_use', id: 'read_delta', name: 'read_file', input: { path: 'b.txt' } }] } },
      { label: 'delta, reply lost to the reload', match: { ...delta, toolResultFor: 'read_delta' }, reply: { initialDelayMs: 120_000, content: [{ type: 'text', text: 'never sent' }] } },
      { label: 'delta, resumed', match: { ...delta, toolResultFor: 'read_delta', messageCount: 3 }, reply: { content: [{ type: 'text', text: 'Delta read bananas.' }] } },
      {
        label: 'parent 2 ends with both reports',
        match: { firstUserText: PROMPT2, toolResultFor: 'del2', toolResultIncludes: 'Delta read bananas.', messageCount: 3 },
        reply: { content: [{ type: 'text', text: 'Both summarised.' }] },
      },
    ],
  };
}

/** "running · 3s · $0.01" → 0.01 */
const costOf = (label: string): number => Number(/\$(\d+(?:\.\d+)?)/.exec(label)?.[1] ?? NaN);

describe('sub-agents: nested tasks and lanes', function () {
  this.timeout(240_000);
  let session: CoworkSession;
  let sidebar: Sidebar;
  /** The first task's rows once it is done, to compare with after the reload. */
  let firstTaskRows: { parent: string; children: string[] } = { parent: '', children: [] };

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({
      name: 'subagents',
      transcript: transcript(),
      files: { 'a.txt': 'apples\n', 'b.txt': 'bananas\n', 'c.txt': 'cherries\n' },
      settings: { 'cowork.planFirst': false, 'cowork.approvals': 'always-ask' },
    });
    sidebar = new Sidebar(session.workbench);
  });

  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  /** Expands a task's row in the Tasks tree and waits for its child `child` (after a reload VS Code restores the row first). */
  async function expandTask(prompt = PROMPT, child = 'alpha'): Promise<void> {
    await session.workbench.expandTreeRow('Tasks', prompt.slice(0, 20), true, 60_000);
    await session.workbench.waitForTreeItem('Tasks', child, 30_000);
  }

  /** Opens or closes a sub-agent's lane (a <details>) by its summary, and waits until it is. */
  async function toggleLane(lane: Locator, open: boolean): Promise<void> {
    const isOpen = async (): Promise<boolean> => lane.evaluate((d) => (d as unknown as { open: boolean }).open);
    await clickDelivered(lane.locator('summary'), { what: 'a sub-agent lane', done: async () => (await isOpen()) === open });
    assert.ok(await until(async () => (await isOpen()) === open, 10_000), `the lane did not ${open ? 'open' : 'close'}`);
  }

  it("delegates three briefs: the children run, the work child's call is asked through the parent", async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(PROMPT);
    // The delegate call itself asks first (always-ask: every mutating call).
    await sidebar.waitForText(/allow delegate\?/);
    await sidebar.click('Allow call');
    // The work child's edit reaches the person through the parent, with the child's name on it.
    await sidebar.waitForText(/\[editor\] [^\n]*allow edit_file\?/);
    // Meanwhile the research children are lanes in the parent's timeline.
    const frame = await sidebar.frame();
    await waitForText(async () => String(await frame.locator('details.subagent').count()), '3', 30_000);
    await expandTask();
    for (const name of ['alpha', 'beta', 'editor']) await session.workbench.waitForTreeItem('Tasks', name, 30_000);
    assert.equal(readFileSync(session.workspaceFile('c.txt'), 'utf8'), 'cherries\n', 'the child changed c.txt before anyone approved');
    await sidebar.click('Allow call');
  });

  it("the child's edit lands with the parent's one batch approval; lanes collapse and open", async function () {
    await sidebar.waitForText(/modified[\s\S]*c\.txt|c\.txt[\s\S]*modified/i);
    await sidebar.click('Approve changes');
    await sidebar.waitForTimeline('All three helpers reported');
    assert.equal(readFileSync(session.workspaceFile('c.txt'), 'utf8'), 'cherries (checked)\n');
    assert.deepEqual(session.model.failures, []);
    assert.equal(session.model.remaining, 0, 'the scripted turns were not all played');

    // A lane is a collapsible <details>: opening it shows the child's brief, steps and report.
    const frame = await sidebar.frame();
    const alpha = frame.locator('details.subagent', { hasText: 'alpha' }).first();
    assert.equal(await alpha.evaluate((d) => (d as unknown as { open: boolean }).open), false, 'a lane starts collapsed');
    await toggleLane(alpha, true);
    await waitForText(() => alpha.innerText(), 'Alpha found apples.', 10_000);
    assert.match(await alpha.innerText(), /Read a\.txt and report its fruit\./);
    await toggleLane(alpha, false);
    await session.workbench.screenshot('sidebar-subagent-lanes', session.workbench.sideBar());
    // Done now: the task moved to the "Done" group, a row of its own.
    await expandTask();
    firstTaskRows = await childRows();
  });

  it('"Developer: Reload Window" while a child waits on the model: children stay nested with status and cost; after Resume the finished child is kept and the other continues', async function () {
    session.model.reset(resumeTranscript());
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(PROMPT2);
    await sidebar.waitForText(/allow delegate\?/);
    await sidebar.click('Allow call');
    // gamma has reported; delta has read its file and waits for its reply when the window reloads.
    await waitForText(async () => String(requestsTo('[Sub-agent "gamma"]') === 2 && requestsTo('[Sub-agent "delta"]') === 2), 'true', 60_000);
    const frame = await sidebar.frame();
    await waitForText(async () => String(await frame.locator('details.subagent-done', { hasText: 'gamma' }).count()), '1', 30_000);
    await session.reloadWindow();
    await session.workbench.openViewContainer('Cowork');

    // The first task's children, from its persisted log: as before, with their cost in the parent's.
    await expandTask();
    const after = await childRows();
    assert.deepEqual(after.children.map((c) => c.replace(/ · \d+s/, '')), firstTaskRows.children.map((c) => c.replace(/ · \d+s/, '')));
    for (const c of after.children) assert.match(c, /done · \d+s · \$\d/, c);
    const childCost = after.children.reduce((sum, c) => sum + costOf(c), 0);
    assert.ok(costOf(after.parent) >= childCost && childCost > 0, `the parent's cost (${after.parent}) includes its children's (${after.children.join(' | ')})`);
    await session.workbench.screenshot('tasks-tree-subagents-after-reload', session.workbench.sideBar());
    // Folded again, so the second task's row stays in sight in the small view.
    await session.workbench.expandTreeRow('Tasks', PROMPT.slice(0, 20), false);

    // The second task was interrupted: its children are under it, delta no longer running.
    await expandTask(PROMPT2, 'delta');
    await session.workbench.waitForTreeItem('Tasks', 'delta', 30_000);

    // Open the interrupted task in the sidebar from its row and press Resume.
    const secondRow = async (): Promise<Locator> => (await session.workbench.treeRow('Tasks', PROMPT2.slice(0, 20))).locator('.label-name');
    await clickDelivered(secondRow, { what: "the second task's row" });
    await sidebar.click('Resume', 60_000);
    // The re-run delegate call is put to the person again (always-ask); then it completes.
    await sidebar.click('Allow call', 60_000);
    await waitForText(async () => String(session.model.remaining), '0', 60_000);
    assert.deepEqual(session.model.failures, []);
    assert.equal(requestsTo('[Sub-agent "gamma"]'), 2, 'gamma was not run again');
    assert.equal(requestsTo('[Sub-agent "delta"]'), 3, 'delta continued its own conversation');
    await expandTask(PROMPT2, 'delta');
    const rows = await waitForText(async () => (await rowTexts()).join('\n'), /gamma ?done[\s\S]*delta ?done/, 30_000);
    assert.equal((rows.match(/^delta ?done/gm) ?? []).length, 1, `one row for delta: ${rows}`);
  });

  /** The task row and its three children's rows (label and description), as the tree shows them. */
  async function childRows(): Promise<{ parent: string; children: string[] }> {
    let rows: string[] = [];
    await waitForText(
      async () => {
        rows = await rowTexts();
        return rows.join('\n');
      },
      /alpha[\s\S]*beta[\s\S]*editor/,
      30_000,
    );
    const parent = rows.find((r) => r.includes(PROMPT.slice(0, 20)))!;
    return { parent, children: ['alpha', 'beta', 'editor'].map((n) => rows.find((r) => r.startsWith(n))!) };
  }

  /** Every row of the Tasks tree as it reads: label and description. */
  async function rowTexts(): Promise<string[]> {
    const out: string[] = [];
    for (const row of await session.workbench.viewPane('Tasks').locator('.monaco-list-row').all()) out.push((await row.innerText()).replace(/\s+/g, ' ').trim());
    return out;
  }

  /** Requests the model server got whose first message contains `needle`. */
  function requestsTo(needle: string): number {
    return session.model.messageRequests().filter((r) => JSON.stringify(r.body.messages?.[0] ?? '').includes(needle.replace(/"/g, '\\"'))).length;
  }
});
