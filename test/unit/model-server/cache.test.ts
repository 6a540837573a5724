// Usage accounting of the scripted model server: input estimates, prompt-cache reads and writes
// driven by cache_control breakpoints, usage overrides, and count_tokens.

import Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { estimateInputTokens, PromptCache, startModelServer, type MessagesRequestBody, type ModelServer } from '../../model-server';

const MODEL = 'claude-test-model';
const ephemeral = { type: 'ephemeral' as const };
const tools: Anthropic.Tool[] = [
  { name: 'list_files', description: 'List files in a folder of the task workspace.', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
  { name: 'write_file', description: 'Create or replace a text file.', input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } }, cache_control: ephemeral },
];
const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are a cowork agent. Plan first, then work with tools until the files exist.', cache_control: ephemeral }];

/** The server's estimate for SDK-typed params (the server's own request types are looser). */
const tokens = (body: object): number => estimateInputTokens(body as MessagesRequestBody);

/** A conversation after `steps` tool round trips, with the moving breakpoint on the last block. */
function conversation(steps: number): Anthropic.MessageParam[] {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Summarize my notes into summary.md, please.' }] }];
  for (let i = 0; i < steps; i++) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'list_files', input: { path: `dir${i}` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: `notes-${i}.txt\nother-${i}.txt` }] });
  }
  const last = messages[messages.length - 1].content as Anthropic.ContentBlockParam[];
  last[last.length - 1] = { ...last[last.length - 1], cache_control: ephemeral } as Anthropic.ContentBlockParam;
  return messages;
}

describe('model server: usage and prompt-cache accounting', () => {
  let server: ModelServer | undefined;
  let client: Anthropic;

  async function start(turnCount: number, minCacheableTokens = 0): Promise<ModelServer> {
    const turns = Array.from({ length: turnCount }, () => ({ reply: { content: [{ type: 'text' as const, text: 'ok' }] } }));
    server = await startModelServer({ transcript: { turns }, minCacheableTokens });
    client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    return server;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const ask = (messages: Anthropic.MessageParam[], model = MODEL): Promise<Anthropic.Message> =>
    client.messages.stream({ model, max_tokens: 64, tools, system, messages }).finalMessage();

  it('estimates input tokens as ceil(chars / 4) of each serialized block, without cache_control', () => {
    const body: MessagesRequestBody = { messages: [{ role: 'user', content: 'hi' }] };
    assert.equal(estimateInputTokens(body), Math.ceil('{"type":"text","text":"hi"}'.length / 4));
    const marked: MessagesRequestBody = { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: ephemeral }] }] };
    assert.equal(estimateInputTokens(marked), estimateInputTokens(body));
  });

  it('without breakpoints every input token is uncached', async () => {
    await start(1);
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'no caching here' }];
    const { usage } = await client.messages.create({ model: MODEL, max_tokens: 9, messages });
    assert.equal(usage.input_tokens, tokens({ messages }));
    assert.equal(usage.cache_creation_input_tokens, 0);
    assert.equal(usage.cache_read_input_tokens, 0);
  });

  it('writes the prefix first, then reads the earlier prefix and writes only the new tail', async () => {
    await start(3);
    const total = (steps: number): number => tokens({ tools, system, messages: conversation(steps) });

    const first = await ask(conversation(0));
    assert.deepEqual(
      [first.usage.input_tokens, first.usage.cache_creation_input_tokens, first.usage.cache_read_input_tokens],
      [0, total(0), 0],
    );
    assert.equal(first.usage.cache_creation?.ephemeral_5m_input_tokens, total(0));

    const second = await ask(conversation(1));
    assert.deepEqual(
      [second.usage.input_tokens, second.usage.cache_creation_input_tokens, second.usage.cache_read_input_tokens],
      [0, total(1) - total(0), total(0)],
    );

    const third = await ask(conversation(2));
    assert.equal(third.usage.cache_read_input_tokens, total(1));
    assert.equal(third.usage.cache_creation_input_tokens, total(2) - total(1));
    const share = (u: Anthropic.Usage): number => (u.cache_read_input_tokens ?? 0) / ((u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + u.input_tokens);
    assert.ok(share(third.usage) > share(second.usage), 'cache-read share grows as the conversation grows');
  });

  it('reads a shorter cached prefix when the conversation changed after it', async () => {
    await start(2);
    await ask(conversation(1));
    const edited = conversation(1);
    edited[0] = { role: 'user', content: [{ type: 'text', text: 'A different first request.' }] };
    const { usage } = await ask(edited);
    // Only tools+system (the breakpoints before the edited message) can be read back.
    const prefix = tokens({ tools, system, messages: [] });
    assert.equal(usage.cache_read_input_tokens, prefix);
    assert.equal(usage.cache_creation_input_tokens, tokens({ tools, system, messages: edited }) - prefix);
  });

  it('keeps caches per model and respects minCacheableTokens', async () => {
    await start(3, 100_000);
    await ask(conversation(0));
    const again = await ask(conversation(0));
    assert.equal(again.usage.cache_read_input_tokens, 0, 'prefix below the minimum is never cached');
    assert.equal(again.usage.cache_creation_input_tokens, 0);
    await server?.close();

    await start(2);
    await ask(conversation(0), 'model-a');
    const other = await ask(conversation(0), 'model-b');
    assert.equal(other.usage.cache_read_input_tokens, 0);
  });

  it('treats a request-level cache_control as a breakpoint on the last block', () => {
    const cache = new PromptCache();
    const body: MessagesRequestBody = { model: MODEL, cache_control: ephemeral, messages: [{ role: 'user', content: 'hello there' }] };
    assert.equal(cache.account(body).cache_creation_input_tokens, estimateInputTokens(body));
    assert.equal(cache.account(body).cache_read_input_tokens, estimateInputTokens(body));
  });

  it('rejects more than 4 cache_control breakpoints like the API', async () => {
    const s = await start(1);
    const content = Array.from({ length: 4 }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: ephemeral }));
    const err = await ask([{ role: 'user', content }]).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.match(err.apiMessage ?? '', /maximum of 4 blocks with cache_control.*Found 6/);
    assert.equal(s.remaining, 1, 'an invalid request does not consume a turn');
  });

  it('lets a turn override any usage field', async () => {
    await start(1);
    const s = server as ModelServer;
    s.reset([{ reply: { content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 5, cache_read_input_tokens: 1000, output_tokens: 3 } } }]);
    const { usage } = await ask(conversation(0));
    assert.deepEqual([usage.input_tokens, usage.cache_read_input_tokens, usage.output_tokens], [5, 1000, 3]);
    assert.ok((usage.cache_creation_input_tokens ?? 0) > 0, 'fields not overridden are still computed');
  });

  it('answers count_tokens with the same estimate, without consuming a turn', async () => {
    const s = await start(1);
    const messages = conversation(2);
    const { input_tokens } = await client.messages.countTokens({ model: MODEL, tools, system, messages });
    assert.equal(input_tokens, tokens({ tools, system, messages }));
    assert.equal(s.remaining, 1);
    assert.equal(s.requests[0].path, '/v1/messages/count_tokens');
  });
});
