// The scripted server's web search through the real SDK: streamed and non-streamed replies
// reassemble to the blocks the API sends, searches are counted in usage, and requests the
// API would refuse are refused.

import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { startModelServer, type ModelServer, type ScriptedReply } from '../../model-server';

const TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 2 } as const;
const REPLY: ScriptedReply = {
  content: [
    { type: 'server_tool_use', name: 'web_search', input: { query: 'q' } },
    { type: 'web_search_tool_result', content: [{ title: 'A', url: 'https://a.example/' }] },
    { type: 'text', text: 'Per A.', citations: [{ url: 'https://a.example/', title: 'A', cited_text: 'a says so' }] },
  ],
};

describe('model-server: web search', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const client = () => new Anthropic({ apiKey: 'k', baseURL: server!.url, maxRetries: 0 });
  const ask = (tools: Anthropic.ToolUnion[]) => ({ model: 'm', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }], tools });

  for (const streamed of [true, false]) {
    it(`${streamed ? 'streamed' : 'plain'}: call, result and cited text come back as the API sends them, with the search in usage`, async () => {
      server = await startModelServer({ transcript: [{ reply: REPLY }] });
      const msg = streamed ? await client().messages.stream(ask([TOOL])).finalMessage() : await client().messages.create(ask([TOOL]));
      assert.deepEqual(server.failures, []);
      const [call, result, text] = msg.content;
      assert.ok(call.type === 'server_tool_use' && call.name === 'web_search');
      assert.deepEqual(call.input, { query: 'q' });
      assert.ok(result.type === 'web_search_tool_result' && result.tool_use_id === call.id);
      assert.ok(Array.isArray(result.content) && result.content[0].url === 'https://a.example/' && typeof result.content[0].encrypted_content === 'string');
      assert.ok(text.type === 'text' && text.text === 'Per A.');
      assert.equal(text.citations?.[0].type === 'web_search_result_location' && text.citations[0].cited_text, 'a says so');
      assert.equal(msg.usage.server_tool_use?.web_search_requests, 1);
    });
  }

  it('refuses allowed and blocked domains together, as the API does', async () => {
    server = await startModelServer({ transcript: [{ reply: REPLY }] });
    await assert.rejects(client().messages.create(ask([{ ...TOOL, allowed_domains: ['a.com'], blocked_domains: ['b.com'] }])), (e: unknown) => e instanceof Anthropic.BadRequestError && /cannot be used together/.test(e.message));
  });

  it('a scripted search without the tool in the request is a script failure, not a reply', async () => {
    server = await startModelServer({ transcript: [{ reply: REPLY }] });
    await assert.rejects(client().messages.create(ask([])), Anthropic.BadRequestError);
    assert.equal(server.failures[0]?.kind, 'mismatch');
    assert.match(server.failures[0].message, /does not declare the web_search tool/);
  });
});
