// What came before a request for approval, in a real VS Code: a scripted task reads a
// note of the folder, fetches a page of a blog this test serves, then deletes a draft.
// The web_fetch approval card says the note was read before it; the delete's card says
// the page and the note were. A planted instruction in either would have come from
// one of those, and the person deciding sees which. The fetch card's choices name the domain.

import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Transcript } from '../../model-server';
import { startWebServer, type WebTestServer } from '../../support/webTestServer';
import { CoworkSession, screenshotIfFailed } from './harness';
import { Sidebar } from './sidebar';
import { waitForText } from './workbench';

const DRAFT = 'drafts/tulips.md';
const NOTES = 'notes.md';
const POST = `<html><head><title>Tulips</title></head><body><article><h1>Tulips</h1><p>Published on 2026-11-02.</p></article></body></html>`;
const prompt = (blog: string) => `Delete ${DRAFT} if ${blog}/posts/tulips shows it is already published. ${NOTES} says where things are.`;

function transcript(blog: string): Transcript {
  return {
    name: 'e2e-read-before',
    turns: [
      { label: 'read the note', match: { firstUserText: prompt(blog) }, reply: { content: [{ type: 'tool_use', id: 'toolu_read', name: 'read_file', input: { path: NOTES } }] } },
      {
        label: 'fetch the post',
        match: { toolResultFor: 'toolu_read' },
        reply: { content: [{ type: 'tool_use', id: 'toolu_fetch', name: 'web_fetch', input: { url: `${blog}/posts/tulips`, prompt: 'Is it published?' } }] },
      },
      { label: 'small model reads the post', match: { systemIncludes: 'You read one web page' }, reply: { content: [{ type: 'text', text: 'Yes, published on 2026-11-02.' }] } },
      {
        label: 'delete the draft',
        match: { toolResultIncludes: 'published on 2026-11-02' },
        reply: { content: [{ type: 'tool_use', id: 'toolu_delete', name: 'delete', input: { path: DRAFT } }] },
      },
      { label: 'done', match: { toolResultFor: 'toolu_delete' }, reply: { content: [{ type: 'text', text: 'The tulips draft was published, so I deleted it.' }] } },
    ],
  };
}

describe('approval cards: what was read before the request', function () {
  this.timeout(240_000);
  let session: CoworkSession;
  let sidebar: Sidebar;
  let blog: WebTestServer;

  before(async function () {
    this.timeout(240_000);
    blog = await startWebServer();
    blog.route('/posts/tulips', (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(POST));
    session = await CoworkSession.start({
      name: 'read-before',
      transcript: transcript(blog.origin),
      files: { [NOTES]: 'Drafts are in drafts/, the blog is on the local server.\n', [DRAFT]: '# Tulips\n' },
      settings: { 'cowork.planFirst': false, 'cowork.web.fetch.enabled': true, 'cowork.web.fetch.allowPrivateAddresses': ['127.0.0.1'] },
    });
    sidebar = new Sidebar(session.workbench);
  });
  afterEach(async function () {
    await screenshotIfFailed(this, session);
  });
  after(async function () {
    await session?.stop();
    await blog?.close();
  });

  it('the fetch card names the note read before it; the delete card names the page and the note', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(prompt(blog.origin));
    await sidebar.waitForTimeline('The agent wants to read 127.0.0.1 from the web');
    const frame = await sidebar.frame();
    const fetchCard = frame.getByRole('group', { name: 'Tool call to allow' }).last();
    await waitForText(() => fetchCard.innerText(), `Read before this request: file ${NOTES}`, 10_000);
    // The choices name the domain a yes allows.
    for (const choice of ['Allow once', 'For this task', 'Always allow 127.0.0.1', 'Refuse call']) await sidebar.button(choice, 10_000);
    await sidebar.click('Allow once');

    await sidebar.button('Approve changes');
    const deleteCard = frame.getByRole('group', { name: 'Changes to approve' }).last();
    const note = deleteCard.getByRole('note', { name: 'Read before this request' });
    await waitForText(() => note.innerText(), `Read before this request: file ${NOTES}, page ${blog.origin}/posts/tulips`, 10_000);
    assert.ok(existsSync(session.workspaceFile(DRAFT)), 'nothing is deleted before the person approves');
    await session.workbench.screenshot('sidebar-approval-read-before', session.workbench.sideBar());
    await sidebar.click('Approve changes');
    await sidebar.waitForTimeline('The tulips draft was published, so I deleted it.');
    await waitForText(async () => String(existsSync(session.workspaceFile(DRAFT))), 'false', 30_000);
    assert.deepEqual(session.model.failures, []);
  });
});
