// The published-drafts scenario of issue 17, through `cowork run` as a person runs it:
// a folder of draft posts with dates, "check which of my blog drafts from the last 90
// days I've already published", web search (played by the scripted server, its results
// pointing at a blog served on 127.0.0.1) and web_fetch of that blog, the domain allowed
// "for this task" on the terminal. The scripted model does the work from what it is
// given, not from a script of answers: it lists and reads the drafts, keeps those dated
// within 90 days of today, fetches the blog's archive that search returned, and writes
// unpublished.md from the titles the small model read off the page. So the file is only
// right if the drafts, the search results, the known-URL rule, the fetch and the page
// conversion all did their part.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer } from '../../model-server';
import type { RecordedRequest } from '../../model-server/apiTypes';
import type { ScriptedBlock } from '../../model-server/transcript';
import { runCli } from '../../support/cliRunner';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';
import { startWebServer, type WebTestServer } from '../../support/webTestServer';

const DAY = 86_400_000;
const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10);
const DRAFTS: { file: string; title: string; ago: number }[] = [
  { file: 'tulips-in-march.md', title: 'Tulips in March', ago: 12 },
  { file: 'pruning-roses.md', title: 'Pruning roses', ago: 45 },
  { file: 'dahlias-in-pots.md', title: 'Dahlias in pots', ago: 30 },
  { file: 'winter-mulch.md', title: 'Winter mulch', ago: 80 },
  { file: 'seed-swap.md', title: 'The seed swap', ago: 200 },
];
const PUBLISHED = ['Tulips in March', 'Pruning roses', 'The seed swap'];

type Msg = { role: string; content: string | { type: string; text?: string; content?: unknown; tool_use_id?: string }[] };
const toolText = (m: Msg) =>
  typeof m.content === 'string'
    ? m.content
    : m.content.map((b) => (b.type === 'tool_result' ? (typeof b.content === 'string' ? b.content : JSON.stringify(b.content)) : (b.text ?? ''))).join('\n');

/** The agent: each step follows from the last tool results. */
function agent(blog: () => string): (req: RecordedRequest) => { content: ScriptedBlock[] } {
  let step = 0;
  let recent: string[] = [];
  return (req) => {
    const body = req.body as { system?: { text: string }[]; messages: Msg[] };
    const last = toolText(body.messages[body.messages.length - 1]);
    if (body.system?.some((s) => s.text.includes('You read one web page'))) {
      // The small model: the titles of the posts listed on the page.
      const titles = [...last.matchAll(/-\s+\[([^\]]+)\]\(/g)].map((m) => m[1]);
      return { content: [{ type: 'text', text: `Published posts on this page: ${titles.join('; ')}.` }] };
    }
    step++;
    if (step === 1) return { content: [{ type: 'tool_use', id: 'toolu_ls', name: 'list_files', input: { path: 'drafts' } }] };
    if (step === 2) {
      const files = [...last.matchAll(/([\w-]+\.md)/g)].map((m) => m[1]);
      return { content: [...new Set(files)].map((f, i) => ({ type: 'tool_use', id: `toolu_read_${i}`, name: 'read_file', input: { path: `drafts/${f}` } })) };
    }
    if (step === 3) {
      const cutoff = Date.now() - 90 * DAY;
      const drafts = body.messages[body.messages.length - 1].content as { type: string; content?: unknown }[];
      recent = drafts
        .map((b) => (typeof b.content === 'string' ? b.content : JSON.stringify(b.content)))
        .filter((t) => Date.parse(/date: (\d{4}-\d\d-\d\d)/.exec(t)?.[1] ?? '') >= cutoff)
        .map((t) => /title: (.+)/.exec(t)![1].trim());
      const archive = `${blog()}/archive`;
      return {
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'Garden notes blog archive' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ title: 'Archive — Garden notes', url: archive }, { title: 'Garden notes', url: `${blog()}/` }] },
          { type: 'tool_use', id: 'toolu_fetch', name: 'web_fetch', input: { url: archive, prompt: 'List the title of every published post.' } },
        ],
      };
    }
    if (step === 4) {
      const published = /Published posts on this page: ([^.]*)\./.exec(last)?.[1].split('; ') ?? [];
      const unpublished = recent.filter((t) => !published.includes(t)).sort();
      return {
        content: [{ type: 'tool_use', id: 'toolu_write', name: 'write_file', input: { path: 'unpublished.md', content: `# Drafts from the last 90 days not yet published\n\n${unpublished.map((t) => `- ${t}`).join('\n')}\n` } }],
      };
    }
    return { content: [{ type: 'text', text: 'Wrote unpublished.md with the drafts from the last 90 days that are not on the blog yet.' }] };
  };
}

describe('cli: which blog drafts are published (web search + web fetch)', function () {
  this.timeout(120_000);
  let server: ModelServer | undefined;
  let blog: WebTestServer;
  let folder = '';
  let home = '';
  let image = '';

  beforeEach(async function () {
    image = requireTestImage(this);
    folder = tempDir('cli-drafts');
    home = tempDir('cli-drafts-home');
    fs.mkdirSync(path.join(folder, 'drafts'));
    for (const d of DRAFTS) fs.writeFileSync(path.join(folder, 'drafts', d.file), `---\ntitle: ${d.title}\ndate: ${day(d.ago)}\n---\n\nDraft text about ${d.title.toLowerCase()}.\n`);
    blog = await startWebServer();
    const list = PUBLISHED.map((t, i) => `<li><a href="/posts/${i}">${t}</a> <time>${day(5 + i * 20)}</time></li>`).join('');
    blog.route('/archive', (_q, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>Archive — Garden notes</title></head><body><nav><a href="/">Home</a></nav><main><h1>Archive</h1><p>Every post on this blog, newest first, with the day it went out.</p><ul>${list}</ul></main></body></html>`));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await blog.close();
    for (const d of [folder, home]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('lists the recent drafts that are not on the blog, from search results and a fetched page', async () => {
    const model = agent(() => blog.origin);
    server = await startModelServer({ transcript: Array.from({ length: 8 }, () => model) });
    const env = { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url, COWORK_IMAGE_DIR: image, COWORK_STATE_DIR: home, COWORK_HOME: home, COWORK_SANDBOX_DRIVER: 'namespace', HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '' };
    const prompt = "Check which of my blog drafts (in drafts/) from the last 90 days I've already published, and list the ones I haven't.";
    const r = await runCli(['run', prompt, '--folder', folder, '--no-plan', '--web-search', '--web-fetch', '--fetch-private', '127.0.0.1'], env, 't\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(fs.readFileSync(path.join(folder, 'unpublished.md'), 'utf8'), '# Drafts from the last 90 days not yet published\n\n- Dahlias in pots\n- Winter mulch\n');
    assert.match(r.stdout, /searched the web: "Garden notes blog archive" \(2 results\)/);
    assert.match(r.stdout, /\? approval needed: The agent wants to read 127\.0\.0\.1 from the web/);
    assert.match(r.stdout, /Read http:\/\/127\.0\.0\.1:\d+\/archive "Archive — Garden notes"/);
    assert.match(r.stdout, /■ done: Wrote unpublished\.md/);
    assert.deepEqual([...blog.hits.keys()].sort(), ['/archive', '/robots.txt']);
    const search = server.messageRequests()[0].body as { tools?: { name: string }[] };
    assert.ok(search.tools?.some((t) => t.name === 'web_search'), 'the request offered web search');
  });
});
