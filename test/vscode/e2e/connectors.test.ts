// Connectors in a real VS Code, as a person sets them up and uses them: "Cowork: Add
// Connector" puts server-everything (the real one from npm, over stdio) in the user
// settings; the Connectors view shows it ready with its tools. A task whose model calls
// its echo tool gets the approval card (echo is read-only only by the server's word);
// "Allow for this task" lets the second call run unasked; "Always allow this tool" holds
// in the next task until "Cowork: Forget Allowed Connector Tools". From the view's menus
// the person lets its read-only tools run, switches a tool off and enables sampling: the
// next task's echo runs without a card, the switched-off tool is not offered, and the
// server's sampling request is answered by the scripted model and shown as a step.
// Finally the server is stopped from its row and its log says so.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ScriptedReply, Transcript } from '../../model-server';
import { realServerScript } from '../../support/mcpServers';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import { waitForText } from './workbench';

const VIEW = 'Connectors';
const echo = (id: string, message: string): ScriptedReply => ({ content: [{ type: 'tool_use', id, name: 'mcp__everything__echo', input: { message } }] });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });

function transcript(): Transcript {
  return {
    name: 'e2e-connectors',
    turns: [
      { label: 'A: first echo', match: { lastUserText: 'Echo twice' }, reply: echo('a1', 'first echo') },
      { label: 'A: second echo', match: { toolResultFor: 'a1', toolResultIncludes: 'first echo' }, reply: echo('a2', 'second echo') },
      { label: 'A: done', match: { toolResultFor: 'a2', toolResultIncludes: 'second echo' }, reply: say('Both echoes came back.') },
      { label: 'B: echo', match: { lastUserText: 'Echo and keep' }, reply: echo('b1', 'third echo') },
      { label: 'B: done', match: { toolResultFor: 'b1', toolResultIncludes: 'third echo' }, reply: say('Third done.') },
      { label: 'C: echo', match: { lastUserText: 'Echo again' }, reply: echo('c1', 'fourth echo') },
      { label: 'C: done', match: { toolResultFor: 'c1', toolResultIncludes: 'fourth echo' }, reply: say('Fourth done.') },
      { label: 'D: echo', match: { lastUserText: 'Echo after forgetting' }, reply: echo('d1', 'fifth echo') },
      { label: 'D: done', match: { toolResultFor: 'd1', toolResultIncludes: 'fifth echo' }, reply: say('Fifth done.') },
      { label: 'E: echo', match: { lastUserText: 'Sample a haiku' }, reply: echo('e1', 'sixth echo') },
      {
        label: 'E: sample',
        match: { toolResultFor: 'e1', toolResultIncludes: 'sixth echo' },
        reply: { content: [{ type: 'tool_use', id: 'e2', name: 'mcp__everything__trigger-sampling-request', input: { prompt: 'a haiku about folders', maxTokens: 50 } }] },
      },
      // The server's own request, through the extension's model client: its system prompt, no tools.
      { label: 'E: the sampling request', match: { systemIncludes: 'You are a helpful test server.', lastUserText: 'a haiku about folders' }, reply: say('Folders hold the day.') },
      { label: 'E: done', match: { toolResultFor: 'e2', toolResultIncludes: 'Folders hold the day.' }, reply: say('Haiku sampled.') },
    ],
  };
}

describe('connectors: add, approve, allow, forget, permissions', function () {
  this.timeout(300_000);
  let session: CoworkSession;
  let sidebar: Sidebar;
  const userSettings = (): Record<string, unknown> => JSON.parse(readFileSync(path.join(session.codeServer.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  /** What the user settings allow the everything server (read while VS Code may be writing them: a torn read is "nothing yet"). */
  const allowed = (): { sampling?: boolean; readOnlyWithoutAsking?: boolean; disabledTools?: string[] } => {
    try {
      return ((userSettings()['cowork.mcp.permissions'] ?? {}) as Record<string, ReturnType<typeof allowed>>).everything ?? {};
    } catch {
      return {};
    }
  };
  const count = (text: string, part: string): number => text.split(part).length - 1;

  async function runTask(prompt: string): Promise<void> {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(prompt);
  }

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({ name: 'connectors', transcript: transcript(), files: { 'notes.md': '# Notes\n' }, settings: { 'cowork.planFirst': false } });
    sidebar = new Sidebar(session.workbench);
  });
  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });
  after(async function () {
    await session?.stop();
  });

  it('"Cowork: Add Connector" writes the entry to the user settings; the view shows the server ready with its tools', async function () {
    const wb = session.workbench;
    const server = realServerScript('server-everything');
    await wb.startCommand('Cowork: Add Connector');
    await wb.answerQuickInput('Where should the connector be defined?', 'Your settings', { pick: true });
    await wb.answerQuickInput('How is the server reached?', 'Command', { pick: true });
    await wb.answerQuickInput('A short name for the connector', 'everything');
    await wb.answerQuickInput('The command that starts the server', `"${process.execPath}" "${server}" stdio`);
    const row = await wb.waitForTreeItem(VIEW, 'everything, ready', 90_000);
    assert.match(row, /ready · \d+ tools · setting cowork\.mcp\.servers/);
    assert.deepEqual((userSettings()['cowork.mcp.servers'] as Record<string, unknown>).everything, { type: 'stdio', command: process.execPath, args: [server, 'stdio'] });
  });

  it('the approval card names the connector call; "Allow for this task" lets the second call run without asking', async function () {
    await runTask('Echo twice for me');
    const card = await sidebar.waitForText('Allow for this task');
    assert.match(card, /says it only reads, but it acts outside the sandbox/);
    assert.match(card, /first echo/);
    await sidebar.click('Allow for this task');
    const text = await sidebar.waitForTimeline('Both echoes came back.');
    assert.equal(count(await sidebar.text(), 'Allowed for this task'), 1, `one card only:\n${text}`);
    assert.deepEqual(session.model.failures, []);
  });

  it('"Always allow this tool" holds in the next task; "Cowork: Forget Allowed Connector Tools" makes it ask again', async function () {
    await runTask('Echo and keep it');
    await sidebar.click('Always allow this tool');
    await sidebar.waitForTimeline('Third done.');
    await runTask('Echo again');
    await sidebar.waitForTimeline('Fourth done.');
    const unasked = await sidebar.text();
    assert.ok(!/Allow once|Always allowed|Call allowed/.test(unasked), `no card in the next task:\n${unasked}`);

    await session.workbench.runCommand('Cowork: Forget Allowed Connector Tools');
    await waitForText(() => session.page.locator('.notifications-toasts').innerText(), 'Forgot 1 always-allowed connector tool', 30_000);
    await runTask('Echo after forgetting');
    await sidebar.click('Allow once');
    await sidebar.waitForTimeline('Fifth done.');
    assert.deepEqual(session.model.failures, []);
  });

  it('from the view: read-only tools without asking, a tool switched off, sampling allowed; then stop and the log', async function () {
    const wb = session.workbench;
    await wb.runCommand('Cowork: Show Connectors');
    // Each step waits for its setting to be written: the write refreshes the view (its rows
    // and their buttons are redrawn), and the next click should not land in that.
    const written = { timeoutMs: 60_000 };
    await wb.treeContextAction(VIEW, 'everything, ready', 'Run Its Read-Only Tools Without Asking', { ...written, done: async () => allowed().readOnlyWithoutAsking === true });
    await wb.treeContextAction(VIEW, 'everything, ready', 'Let This Connector Ask the Model (Sampling)', { ...written, done: async () => allowed().sampling === true });
    await wb.expandTreeRow(VIEW, 'everything, ready'); // its tools
    await wb.treeInlineAction(VIEW, 'get-env', 'Disable Tool', { ...written, done: async () => allowed().disabledTools?.includes('get-env') === true });
    await wb.waitForTreeItem(VIEW, 'get-env, Print Environment Tool · read-only · off', 60_000);
    assert.deepEqual(allowed(), { sampling: true, readOnlyWithoutAsking: true, disabledTools: ['get-env'] });

    const before = session.model.messageRequests().length;
    await runTask('Sample a haiku about folders');
    // echo ran unasked (read-only, now allowed); the sampling tool still asks: it is not read-only.
    await sidebar.click('Allow once');
    const text = await sidebar.waitForTimeline('Haiku sampled.');
    // The server's request is a step of its own (the answer went back to the server, whose result the model got).
    assert.match(text, /mcp_sampling\s+everything asks the model: Resource trigger-sampling-request context: a haiku about folders/);
    assert.equal(count(await sidebar.text(), 'Call allowed'), 1, 'only the sampling tool asked');
    assert.deepEqual(session.model.failures, []);
    const offered = JSON.stringify(session.model.messageRequests()[before].body.tools ?? []);
    assert.match(offered, /mcp__everything__echo/);
    assert.doesNotMatch(offered, /mcp__everything__get-env/);

    await wb.runCommand('Cowork: Show Connectors');
    const stopped = async (): Promise<boolean> => (await wb.treeItems(VIEW)).some((l) => l.includes('everything, stopped by you'));
    await wb.treeInlineAction(VIEW, 'everything, ready', 'Stop Connector', { timeoutMs: 60_000, done: stopped });
    await wb.treeContextAction(VIEW, 'everything, stopped by you', 'Show Connector Log');
    await waitForText(() => wb.outputText(), 'everything: stopped by you', 30_000);
    await wb.screenshot('connectors-view', wb.sideBar());
  });
});
