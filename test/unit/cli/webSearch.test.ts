// Web search through `cowork run`, as a person uses it: --web-search on the command line,
// the scripted model server playing the API's server-side search (its call, result and
// citations streamed as the API does), the steps on the terminal, and the request bodies
// the real SDK sent.

import { strict as assert } from 'node:assert';
import { CliRunSetup } from '../../support/cliRunner';

type Body = { tools?: { name: string; type?: string; allowed_domains?: string[]; max_uses?: number }[]; messages: { role: string; content: unknown }[] };

const VAT_PAGE = { title: 'VAT rates in Germany', url: 'https://tax.example/de/vat', page_age: '3 days ago' };

describe('cli: web search', function () {
  this.timeout(90_000);
  const task = new CliRunSetup('cli-web');
  let folder = '';

  beforeEach(function () {
    task.prepare(this, { 'invoice.md': 'Net 100 EUR, VAT ?\n' });
    folder = task.folder;
  });
  afterEach(() => task.dispose());

  it('searches, shows the query, results and cited source, and bills the search', async () => {
    const server = await task.serve({
      transcript: [
        {
          match: { toolsInclude: ['web_search'] },
          reply: {
            content: [
              { type: 'server_tool_use', name: 'web_search', input: { query: 'German VAT standard rate 2026' } },
              { type: 'web_search_tool_result', content: [VAT_PAGE, { title: 'EU VAT overview', url: 'https://eu.example/vat' }] },
              { type: 'text', text: 'The standard rate is 19%, so the VAT is 19 EUR.', citations: [{ url: VAT_PAGE.url, title: VAT_PAGE.title, cited_text: 'The standard VAT rate is 19%.' }] },
            ],
          },
        },
      ],
    });
    const r = await task.run(['run', 'What VAT applies to this invoice?', '--folder', folder, '--no-plan', '--web-search', '--web-allow', 'https://tax.example/,eu.example', '--web-max', '3']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    const { cache_control: _breakpoint, ...tool } = (server.messageRequests()[0].body as Body).tools?.find((t) => t.name === 'web_search') as Record<string, unknown>;
    assert.deepEqual(tool, { type: 'web_search_20250305', name: 'web_search', max_uses: 3, allowed_domains: ['tax.example', 'eu.example'] });
    assert.match(r.stdout, /⌕ searched the web: "German VAT standard rate 2026" \(2 results\)\n {4}VAT rates in Germany — https:\/\/tax\.example\/de\/vat\n {4}EU VAT overview — https:\/\/eu\.example\/vat/);
    assert.match(r.stdout, /\[source\] VAT rates in Germany — https:\/\/tax\.example\/de\/vat/);
    assert.match(r.stdout, /■ done: The standard rate is 19%/);
    // One search at $10 per 1,000 on top of the tokens.
    const cost = Number(/cost \$(\d+\.\d+)/.exec(r.stdout)?.[1]);
    assert.ok(cost >= 0.01, r.stdout);
  });

  it('a turn paused after its search is sent back whole and the answer continues it', async () => {
    const server = await task.serve({
      transcript: [
        {
          reply: {
            stop_reason: 'pause_turn',
            content: [
              { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'invoice VAT rules' } },
              { type: 'web_search_tool_result', content: [VAT_PAGE] },
            ],
          },
        },
        { reply: { content: [{ type: 'text', text: 'Charge 19% VAT.' }] } },
      ],
    });
    const r = await task.run(['run', 'Which VAT rate?', '--folder', folder, '--no-plan', '--web-search']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    const second = server.messageRequests()[1].body as Body;
    const last = second.messages[second.messages.length - 1];
    assert.equal(last.role, 'assistant');
    const blocks = last.content as { type: string; id?: string; tool_use_id?: string }[];
    assert.deepEqual(blocks.map((b) => b.type), ['server_tool_use', 'web_search_tool_result']);
    assert.equal(blocks[1].tool_use_id, 'srvtoolu_1');
    assert.match(r.stdout, /searched the web: "invoice VAT rules" \(1 result\)/);
    assert.match(r.stdout, /■ done: Charge 19% VAT\./);
  });

  it('without --web-search the tool is not offered; bad web options stop before anything starts', async () => {
    const server = await task.serve({ transcript: [{ reply: { content: [{ type: 'text', text: 'No web needed.' }] } }] });
    const ok = await task.run(['run', 'Look at the invoice', '--folder', folder, '--no-plan']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.ok(!(server.messageRequests()[0].body as Body).tools?.some((t) => t.name === 'web_search'));
    const both = await task.run(['run', 'x', '--folder', folder, '--web-search', '--web-allow', 'a.com', '--web-block', 'b.com']);
    assert.equal(both.code, 2);
    assert.match(both.stderr + both.stdout, /allowed domains or blocked domains, not both/);
    const orphan = await task.run(['run', 'x', '--folder', folder, '--web-max', '2']);
    assert.equal(orphan.code, 2);
    assert.match(orphan.stderr + orphan.stdout, /need --web-search/);
    assert.equal(server.messageRequests().length, 1, 'no request for the refused runs');
  });
});
