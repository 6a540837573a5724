// Web search in a real VS Code: with cowork.web.search.enabled and an allowed-domain list
// in the settings, a task's request carries the server-side search tool, and the sidebar
// shows what the model searched, what came back and which passage it cites. Clicking a
// result goes through the extension (the webview never navigates): VS Code asks before
// opening the external site. In the same session, web_fetch (cowork.web.fetch.enabled,
// 127.0.0.1 allowed as an address): the model asks for a page of a blog served by this
// test, the sidebar's approval card asks about the domain, the person allows it always,
// the step shows the page's title and source, and "Cowork: Forget Always-Allowed Web
// Domains" forgets the answer kept in VS Code's global state.

import * as assert from 'node:assert/strict';
import type { Transcript } from '../../model-server';
import { startWebServer, type WebTestServer } from '../../support/webTestServer';
import { clickDelivered } from './clicks';
import { CoworkSession, screenshotIfFailed } from './harness';
import { waitForText } from './workbench';
import { Sidebar } from './sidebar';

const PROMPT = 'Which VAT rate applies to invoice.md?';
const QUERY = 'German VAT standard rate 2026';
const PAGE = { title: 'VAT rates in Germany', url: 'https://tax.example/de/vat', page_age: '3 days ago' };
const CITED = 'The standard VAT rate is 19%.';

const POST = `<html><head><title>Tulips in March</title></head><body><article><h1>Tulips in March</h1>
<p>Published on 2026-11-20. Plant the bulbs fifteen centimetres deep once the soil has thawed, ten centimetres apart, and water them once.</p></article></body></html>`;
const FETCH_PROMPT = (origin: string) => `When was ${origin}/posts/tulips published?`;

function transcript(blog: string): Transcript {
  return {
    turns: [
      {
        match: { toolsInclude: ['web_search'] },
        reply: {
          content: [
            { type: 'server_tool_use', name: 'web_search', input: { query: QUERY } },
            { type: 'web_search_tool_result', content: [PAGE, { title: 'EU VAT overview', url: 'https://eu.example/vat' }] },
            { type: 'text', text: 'The invoice needs 19% VAT.', citations: [{ url: PAGE.url, title: PAGE.title, cited_text: CITED }] },
          ],
        },
      },
      {
        label: 'fetch the post',
        match: { toolsInclude: ['web_fetch'], firstUserText: FETCH_PROMPT(blog) },
        reply: { content: [{ type: 'tool_use', id: 'toolu_fetch', name: 'web_fetch', input: { url: `${blog}/posts/tulips`, prompt: 'When was it published?' } }] },
      },
      { label: 'small model reads the post', match: { systemIncludes: 'You read one web page', lastUserText: 'Published on 2026-11-20' }, reply: { content: [{ type: 'text', text: 'It was published on 2026-11-20.' }] } },
      { label: 'answer', match: { toolResultIncludes: 'It was published on 2026-11-20.' }, reply: { content: [{ type: 'text', text: 'The tulip post went out on 2026-11-20.' }] } },
    ],
  };
}

describe('web search: steps in the sidebar', function () {
  this.timeout(240_000);
  let session: CoworkSession;
  let sidebar: Sidebar;
  let blog: WebTestServer;

  before(async function () {
    this.timeout(240_000);
    blog = await startWebServer();
    blog.route('/posts/tulips', (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(POST));
    session = await CoworkSession.start({
      name: 'web',
      transcript: transcript(blog.origin),
      files: { 'invoice.md': 'Net 100 EUR\n' },
      settings: {
        'cowork.planFirst': false,
        'cowork.web.search.enabled': true,
        'cowork.web.search.allowedDomains': ['tax.example', 'eu.example'],
        'cowork.web.fetch.enabled': true,
        'cowork.web.fetch.allowPrivateAddresses': ['127.0.0.1'],
      },
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

  it('shows the search, its results and the cited source; the request offered the tool from the settings', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(PROMPT);
    const text = await sidebar.waitForTimeline(CITED);
    assert.match(text, new RegExp(`Searched the web: "${QUERY}" \\(2 results\\)`));
    assert.match(text, /VAT rates in Germany/);
    assert.match(text, /EU VAT overview/);
    assert.match(text, /3 days ago/);
    assert.match(text, /Source/);
    await sidebar.waitForTimeline('The invoice needs 19% VAT.');
    assert.deepEqual(session.model.failures, []);
    const tools = (session.model.messageRequests()[0].body as { tools?: { name: string; allowed_domains?: string[] }[] }).tools ?? [];
    assert.deepEqual(tools.find((t) => t.name === 'web_search')?.allowed_domains, ['tax.example', 'eu.example']);
    await session.workbench.screenshot('sidebar-web-search', session.workbench.sideBar());
  });

  it('a result link opens through VS Code, which asks before leaving for the site', async function () {
    const frame = await sidebar.frame();
    const page = session.workbench.page;
    const dialog = page.locator('.monaco-dialog-box');
    await clickDelivered(frame.getByRole('link', { name: 'EU VAT overview' }), { what: 'the result link', done: () => dialog.isVisible() });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await dialog.innerText(), /eu\.example/);
    await page.keyboard.press('Escape');
  });

  it('web_fetch: the approval card asks about the domain; allowed always, the step shows the page title and source; the answer can be forgotten', async function () {
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(FETCH_PROMPT(blog.origin));
    await sidebar.waitForTimeline('The agent wants to read 127.0.0.1 from the web');
    const frame = await sidebar.frame();
    const card = frame.getByRole('group', { name: 'Tool call to allow' }).last();
    assert.match(await card.innerText(), new RegExp(`web_fetch[\\s\\S]*Fetch ${blog.origin.replace(/[.]/g, '\\.')}/posts/tulips`));
    assert.equal(blog.hits.size, 0, 'nothing is fetched before the person answers');
    await session.workbench.screenshot('sidebar-web-fetch-domain', session.workbench.sideBar());
    await sidebar.click('Always allow 127.0.0.1');
    const text = await sidebar.waitForTimeline('The tulip post went out on 2026-11-20.');
    assert.match(text, /Always allowed: 127\.0\.0\.1/);
    // The step opens to show what was read: the page's source and title.
    const step = frame.locator('details.tool', { has: frame.locator('summary', { hasText: `Fetch ${blog.origin}/posts/tulips` }) }).last();
    const open = async (): Promise<boolean> => step.evaluate((d) => (d as unknown as { open: boolean }).open);
    await clickDelivered(step.locator('summary').first(), { what: 'the fetch step', done: open });
    await sidebar.waitForTimeline(new RegExp(`Result\\s*Read ${blog.origin.replace(/[.]/g, '\\.')}/posts/tulips "Tulips in March"`, 'i'), 20_000);
    assert.deepEqual(session.model.failures, []);
    assert.deepEqual([...blog.hits.keys()].sort(), ['/posts/tulips', '/robots.txt']);
    assert.equal(blog.requests.every((q) => q.headers.cookie === undefined && q.headers.authorization === undefined), true);

    await session.workbench.runCommand('Cowork: Forget Always-Allowed Web Domains');
    const toasts = session.workbench.page.locator('.notifications-toasts');
    await waitForText(() => toasts.innerText(), 'Forgot 1 always-allowed web domain (127.0.0.1)');
  });
});
