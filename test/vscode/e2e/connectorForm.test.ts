// A connector's form (MCP elicitation) in a real VS Code, as a person fills it in:
// the real @modelcontextprotocol/server-everything from npm (user settings, stdio)
// asks for its inputs through trigger-elicitation-request; the sidebar shows the
// whole form as one card; a wrong email and an out-of-range number are refused by
// the host with a message under each field while the card and what was typed
// stay; fixed, "Send" returns the values, which the tool's result carries to the
// model. A second form is declined and nothing is sent.

import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { ScriptedReply, Transcript } from '../../model-server';
import { realServerScript } from '../../support/mcpServers';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';

const TOOL = 'mcp__everything__trigger-elicitation-request';
const use = (id: string, name: string, input: Record<string, unknown>): ScriptedReply => ({ content: [{ type: 'tool_use', id, name, input }] });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });

function transcript(): Transcript {
  return {
    name: 'e2e-connector-form',
    turns: [
      { label: 'A: load', match: { lastUserText: 'Register me', toolsInclude: ['load_connector_tools'] }, reply: use('a1', 'load_connector_tools', { names: [TOOL] }) },
      { label: 'A: ask', match: { toolResultFor: 'a1', toolsInclude: [TOOL] }, reply: use('a2', TOOL, {}) },
      { label: 'A: done', match: { toolResultFor: 'a2', toolResultIncludes: 'Name: Ada Lovelace' }, reply: say('Registered Ada.') },
      { label: 'D: load', match: { lastUserText: 'Ask me again', toolsInclude: ['load_connector_tools'] }, reply: use('d1', 'load_connector_tools', { names: [TOOL] }) },
      { label: 'D: ask', match: { toolResultFor: 'd1', toolsInclude: [TOOL] }, reply: use('d2', TOOL, {}) },
      { label: 'D: done', match: { toolResultFor: 'd2', toolResultIncludes: 'declined to provide' }, reply: say('You declined; nothing was sent.') },
    ],
  };
}

describe('connectors: a server asks the person a form (elicitation)', function () {
  this.timeout(300_000);
  let session: CoworkSession;
  let sidebar: Sidebar;

  const field = async (frame: Frame, label: string) => {
    const el = frame.getByLabel(label, { exact: true });
    await el.waitFor({ state: 'visible' });
    return el;
  };

  before(async function () {
    this.timeout(240_000);
    session = await CoworkSession.start({
      name: 'connector-form',
      transcript: transcript(),
      files: { 'notes.md': '# Notes\n' },
      settings: {
        'cowork.planFirst': false,
        'cowork.mcp.servers': { everything: { type: 'stdio', command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } },
      },
    });
    sidebar = new Sidebar(session.workbench);
  });
  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });
  after(async () => session?.stop());

  it('the whole form is one card; wrong values are explained and kept; the sent values reach the tool result', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask('Register me with the everything server');
    await sidebar.click('Allow once', 120_000);
    const card = await sidebar.waitForText('everything asks: Please provide inputs for the following fields:');
    for (const label of ['String *', 'Boolean', 'String with email format', 'String with date format', 'Integer', 'Legacy Titled Single Select Enum', 'Untitled Multiple Select Enum']) assert.ok(card.includes(label), `${label} in the card:\n${card}`);
    let frame = await sidebar.frame();
    assert.equal(await (await field(frame, 'String with default')).inputValue(), 'It was a dark and stormy night.', 'defaults are filled in');
    await (await field(frame, 'String *')).fill('Ada Lovelace');
    await (await field(frame, 'Boolean')).check();
    await (await field(frame, 'String with email format')).fill('ada-at-example');
    await (await field(frame, 'Integer')).fill('500');
    await (await field(frame, 'Legacy Titled Single Select Enum')).selectOption({ label: 'Dogs' });
    await (await field(frame, 'Drums')).check();
    await sidebar.click('Send the form to everything');
    await sidebar.waitForText('String with email format must be an email address, like name@example.com.');
    await sidebar.waitForText('Integer must be at most 100.');
    frame = await sidebar.frame();
    assert.equal(await (await field(frame, 'String *')).inputValue(), 'Ada Lovelace', 'what was typed stays');
    assert.equal(await (await field(frame, 'String with email format')).getAttribute('aria-invalid'), 'true');
    await (await field(frame, 'String with email format')).fill('ada@example.com');
    await (await field(frame, 'Integer')).fill('7');
    await sidebar.click('Send the form to everything');
    const done = await sidebar.waitForTimeline('Registered Ada.', 120_000);
    assert.match(done, /Sent to everything/);
    assert.deepEqual(session.model.failures, []);
    const result = JSON.stringify(session.model.messageRequests().at(-1)?.body.messages?.at(-1));
    for (const want of ['Name: Ada Lovelace', 'Agreed to terms: true', 'Email: ada@example.com', 'Favorite Integer: 7']) assert.ok(result.includes(want), `${want} in ${result.slice(0, 600)}`);
    assert.match(result, /legacyTitledEnum\\+": \\+"pet-2/);
    assert.match(result, /\\+"Guitar\\+",\\+n\s*\\+"Drums/);
  });

  it('a declined form sends nothing', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask('Ask me again');
    await sidebar.click('Allow once', 120_000);
    await sidebar.click('Decline the form');
    const done = await sidebar.waitForTimeline('You declined; nothing was sent.', 120_000);
    assert.match(done, /Declined: nothing was sent/);
    assert.deepEqual(session.model.failures, []);
  });
});
