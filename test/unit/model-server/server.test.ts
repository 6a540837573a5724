// The scripted model server, exercised through the real @anthropic-ai/sdk client: streaming,
// tool use, non-streaming replies, match checks, request recording and respond hooks.

import Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { startModelServer, type ModelServer, type TurnInput } from '../../model-server';

const MODEL = 'claude-test-model';

describe('model server: replies through the real SDK', () => {
  let server: ModelServer | undefined;

  async function start(turns: TurnInput[]): Promise<{ server: ModelServer; client: Anthropic }> {
    server = await startModelServer({ transcript: { turns } });
    return { server, client: new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 }) };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const user = (text: string): Anthropic.MessageParam => ({ role: 'user', content: text });

  it('streams text as several text_delta events and ends with end_turn', async () => {
    const text = 'I will put together a short summary of your notes for you.';
    const { client } = await start([{ reply: { content: [{ type: 'text', text }] } }]);
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [user('summarize')] });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    assert.ok(deltas.length > 1, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.join(''), text);
    assert.deepEqual(message.content, [{ type: 'text', text }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.model, MODEL);
    assert.match(message.id, /^msg_/);
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
  });

  it('sends the SSE events in the API order with the right headers', async () => {
    const { server } = await start([
      { reply: { content: [{ type: 'text', text: 'Hi.' }, { type: 'tool_use', id: 'toolu_a', name: 'list_files', input: { path: 'some/long/folder/name' } }] } },
    ]);
    const res = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, stream: true, messages: [user('go')] }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(res.headers.get('request-id') ?? '', /^req_/);
    const raw = await res.text();
    const names = [...raw.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    const jsonDeltas = (raw.match(/"input_json_delta"/g) ?? []).length;
    assert.deepEqual(names.slice(0, 4), ['message_start', 'content_block_start', 'ping', 'content_block_delta']);
    assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
    assert.equal(names.filter((n) => n === 'content_block_start').length, 2);
    assert.ok(jsonDeltas > 1, `tool input should be split into several partial_json chunks, got ${jsonDeltas}`);
    const first = JSON.parse(raw.split('\n')[1].slice('data: '.length)) as { message: { usage: Record<string, unknown> } };
    assert.ok('cache_creation_input_tokens' in first.message.usage && 'cache_read_input_tokens' in first.message.usage);
    assert.match(raw, /"stop_reason":"tool_use"/);
  });

  it('reassembles tool_use input from input_json_delta chunks', async () => {
    const input = { path: 'reports/q3.md', content: 'Line one\nLine "two"\n', tags: ['a', 'b'], nested: { n: 3 } };
    const { client } = await start([
      { reply: { content: [{ type: 'text', text: 'Writing it.' }, { type: 'tool_use', id: 'toolu_w', name: 'write_file', input }] } },
    ]);
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [user('write')] });
    let jsonChunks = 0;
    stream.on('inputJson', () => jsonChunks++);
    const message = await stream.finalMessage();
    assert.ok(jsonChunks > 2, `expected several partial_json chunks, got ${jsonChunks}`);
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.content[1], { type: 'tool_use', id: 'toolu_w', name: 'write_file', input });
  });

  it('streams several tool_use blocks in one turn, with default ids when none are scripted', async () => {
    const { client } = await start([
      {
        reply: {
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'glob', input: { pattern: '*.md' } },
            { type: 'tool_use', name: 'grep', input: { pattern: 'TODO', path: '.' } },
            { type: 'tool_use', id: 'toolu_3', name: 'list_files', input: {} },
          ],
        },
      },
    ]);
    const message = await client.messages.stream({ model: MODEL, max_tokens: 256, messages: [user('find')] }).finalMessage();
    const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    assert.deepEqual(uses.map((b) => [b.id, b.name, b.input]), [
      ['toolu_1', 'glob', { pattern: '*.md' }],
      ['toolu_ms_0_1', 'grep', { pattern: 'TODO', path: '.' }],
      ['toolu_3', 'list_files', {}],
    ]);
  });

  it('streams thinking blocks with their signature', async () => {
    const { client } = await start([
      { reply: { content: [{ type: 'thinking', thinking: 'Let me consider the folder layout first.', signature: 'sig-1' }, { type: 'text', text: 'Ok.' }] } },
    ]);
    const message = await client.messages.stream({ model: MODEL, max_tokens: 256, messages: [user('think')] }).finalMessage();
    assert.deepEqual(message.content[0], { type: 'thinking', thinking: 'Let me consider the folder layout first.', signature: 'sig-1' });
  });

  it('answers non-streaming requests with a Message and a request id', async () => {
    const { client } = await start([
      { reply: { content: [{ type: 'text', text: 'Stopped early.' }], stop_reason: 'max_tokens', usage: { output_tokens: 77 } } },
    ]);
    const { data, request_id } = await client.messages.create({ model: MODEL, max_tokens: 5, messages: [user('hi')] }).withResponse();
    assert.equal(data.type, 'message');
    assert.deepEqual(data.content, [{ type: 'text', text: 'Stopped early.' }]);
    assert.equal(data.stop_reason, 'max_tokens');
    assert.equal(data.usage.output_tokens, 77);
    assert.match(request_id ?? '', /^req_/);
  });

  it('reports each scripted stop_reason as given', async () => {
    const reasons = ['pause_turn', 'refusal', 'stop_sequence'] as const;
    const { client } = await start(reasons.map((r) => ({ reply: { content: [{ type: 'text', text: r }], stop_reason: r, stop_sequence: r === 'stop_sequence' ? '###' : null } })));
    for (const reason of reasons) {
      const message = await client.messages.stream({ model: MODEL, max_tokens: 9, messages: [user('x')] }).finalMessage();
      assert.equal(message.stop_reason, reason);
      assert.equal(message.stop_sequence, reason === 'stop_sequence' ? '###' : null);
    }
  });

  it('slows streaming down by eventDelayMs per event', async () => {
    const { client } = await start([{ reply: { content: [{ type: 'text', text: 'slow' }], eventDelayMs: 30 } }]);
    const started = Date.now();
    await client.messages.stream({ model: MODEL, max_tokens: 9, messages: [user('x')] }).finalMessage();
    // message_start, block start, ping, one delta, block stop, message_delta, message_stop = 7 events.
    assert.ok(Date.now() - started >= 7 * 30 - 10, `took only ${Date.now() - started} ms`);
  });

  it('records every request: method, path, headers, parsed body, time, answering turn', async () => {
    const { server, client } = await start([{ reply: { content: [{ type: 'text', text: 'a' }] } }]);
    const before = Date.now();
    await client.messages.create({ model: MODEL, max_tokens: 9, system: 'Be brief.', messages: [user('hello')] });
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v1/messages');
    assert.equal(req.headers.authorization, 'Bearer test'); // SDK 1.x sends apiKey as a bearer token
    assert.ok(req.headers['anthropic-version']);
    assert.equal(req.body.model, MODEL);
    assert.equal(req.body.system, 'Be brief.');
    assert.deepEqual(req.body.messages, [user('hello')]);
    assert.ok(req.time >= before && req.time <= Date.now());
    assert.equal(req.turnIndex, 0);
    assert.deepEqual(server.messageRequests(), [req]);
  });

  it('waitForRequests resolves when enough requests arrived and rejects on timeout', async () => {
    const { server, client } = await start([{ reply: { content: [{ type: 'text', text: 'a' }], initialDelayMs: 50 } }]);
    const pending = client.messages.create({ model: MODEL, max_tokens: 9, messages: [user('hello')] });
    const seen = await server.waitForRequests(1, 2000);
    assert.equal(seen[0].body.messages?.[0]?.content, 'hello');
    await pending;
    await assert.rejects(server.waitForRequests(2, 30), /waited 30 ms for 2 requests, got 1/);
  });

  it('answers a mismatching turn with 400 naming the turn and the difference, without consuming it', async () => {
    const { server, client } = await start([
      { label: 'after listing', match: { toolResultFor: 'toolu_9', model: MODEL }, reply: { content: [{ type: 'text', text: 'ok' }] } },
    ]);
    const err = await client.messages.create({ model: 'other-model', max_tokens: 9, messages: [user('hi')] }).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.BadRequestError, `got ${String(err)}`);
    assert.match(err.apiMessage ?? '', /turn 0 \("after listing"\) did not match/);
    assert.match(err.apiMessage ?? '', /no tool_result for toolu_9/);
    assert.match(err.apiMessage ?? '', /model: expected "claude-test-model", got "other-model"/);
    assert.equal(server.failures.length, 1);
    assert.equal(server.failures[0].kind, 'mismatch');
    assert.equal(server.failures[0].turnIndex, 0);
    assert.equal(server.failures[0].reasons.length, 2);
    assert.equal(server.remaining, 1);
    assert.throws(() => server.assertComplete(), /did not match/);

    const ok = await client.messages.create({
      model: MODEL,
      max_tokens: 9,
      messages: [
        user('hi'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'list_files', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'notes.txt' }] },
      ],
    });
    assert.deepEqual(ok.content, [{ type: 'text', text: 'ok' }]);
    assert.equal(server.remaining, 0);
  });

  it('checks every match field', async () => {
    const { server, client } = await start([
      {
        match: { lastUserText: 'budget', systemIncludes: 'cowork', toolsInclude: ['write_file', 'grep'], stream: true, messageCount: 1, toolResultIncludes: 'x' },
        reply: { content: [] },
      },
    ]);
    const tools = [{ name: 'write_file', input_schema: { type: 'object' as const } }];
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 9, system: 'You are helpful.', tools, messages: [user('hi'), { role: 'assistant', content: 'a' }, user('b')] }));
    const reasons = server.failures[0].reasons.map((r) => r.split(':')[0]);
    assert.deepEqual(reasons, ['lastUserText', 'toolResultIncludes', 'systemIncludes', 'toolsInclude', 'stream', 'messageCount']);
    assert.match(server.failures[0].reasons[3], /missing tool\(s\) grep \(request has: write_file\)/);
  });

  it('answers 400 once the transcript is exhausted and records it', async () => {
    const { server, client } = await start([{ reply: { content: [{ type: 'text', text: 'only one' }] } }]);
    await client.messages.create({ model: MODEL, max_tokens: 9, messages: [user('1')] });
    server.assertComplete();
    const err = await client.messages.create({ model: MODEL, max_tokens: 9, messages: [user('2')] }).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.match(err.message, /transcript exhausted: request #1 arrived but all 1 turns were used/);
    assert.deepEqual(server.failures.map((f) => f.kind), ['exhausted']);
  });

  it('rejects malformed requests as invalid_request_error', async () => {
    const { server } = await start([]);
    const res = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{"model": "m", "messages": []}' });
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { error: unknown }).error, { type: 'invalid_request_error', message: 'max_tokens: Field required' });
    assert.equal(server.failures[0].kind, 'invalid-request');
  });

  it('lets a respond hook compute the reply from the request, and reset() load a new script', async () => {
    const { server, client } = await start([
      (req) => ({ content: [{ type: 'text', text: `echo: ${String(req.body.messages?.at(-1)?.content)}` }] }),
      { respond: async () => ({ error: { status: 529 } }) },
    ]);
    const first = await client.messages.stream({ model: MODEL, max_tokens: 9, messages: [user('ping')] }).finalMessage();
    assert.deepEqual(first.content, [{ type: 'text', text: 'echo: ping' }]);
    await assert.rejects(client.messages.create({ model: MODEL, max_tokens: 9, messages: [user('x')] }), Anthropic.OverloadedError);

    server.reset([{ respond: () => { throw new Error('hook broke'); } }]);
    assert.equal(server.requests.length, 0);
    const err = await client.messages.create({ model: MODEL, max_tokens: 9, messages: [user('x')] }).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.InternalServerError);
    assert.match(err.message, /respond hook of turn 0 threw: hook broke/);
    assert.equal(server.failures[0].kind, 'respond-threw');
  });
});
