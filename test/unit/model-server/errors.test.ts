// Scripted failures as the real SDK sees them: API error classes, retry-after honoured on retry,
// connection cuts, in-stream error events and the server's own api-key check.

import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadTranscriptFile, startModelServer, type ModelServer, type ModelServerOptions, type TurnInput } from '../../model-server';
import { REPO_ROOT } from '../../support/repoRoot';

const MODEL = 'claude-test-model';
const params = { model: MODEL, max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('model server: errors, retries and cuts', () => {
  let server: ModelServer | undefined;

  async function start(turns: TurnInput[], maxRetries = 0, options: ModelServerOptions = {}): Promise<{ server: ModelServer; client: Anthropic }> {
    server = await startModelServer({ ...options, transcript: { turns } });
    return { server, client: new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries }) };
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const cases: { status: number; errorClass: new (...args: never[]) => APIError; type: string }[] = [
    { status: 400, errorClass: Anthropic.BadRequestError, type: 'invalid_request_error' },
    { status: 401, errorClass: Anthropic.AuthenticationError, type: 'authentication_error' },
    { status: 429, errorClass: Anthropic.RateLimitError, type: 'rate_limit_error' },
    { status: 500, errorClass: Anthropic.InternalServerError, type: 'api_error' },
    { status: 529, errorClass: Anthropic.OverloadedError, type: 'overloaded_error' },
  ];
  for (const { status, errorClass, type } of cases) {
    it(`a scripted ${status} surfaces as ${errorClass.name} with type ${type}`, async () => {
      const { client, server } = await start([{ error: { status, message: `scripted ${status}`, retryAfter: status === 429 ? 7 : undefined } }]);
      const err = await client.messages.create(params).catch((e: unknown) => e);
      assert.ok(err instanceof errorClass, `got ${String(err)}`);
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.status, status);
      assert.equal(err.type, type);
      assert.equal(err.apiMessage, `scripted ${status}`);
      assert.match(err.requestID ?? '', /^req_/);
      if (status === 429) assert.equal(err.headers?.get('retry-after'), '7');
      assert.equal(server.requests.length, 1, 'maxRetries: 0 must not retry');
      assert.equal(server.failures.length, 0, 'a scripted error is not a failure');
    });
  }

  it('errors on a streaming request before any event (status error, not a stream)', async () => {
    const { client } = await start([{ error: { status: 529 } }]);
    const err = await client.messages.stream({ ...params }).finalMessage().catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIError);
    assert.equal(err.status, 529);
  });

  it('passes error details through so the SDK can classify by error_code', async () => {
    const { client } = await start([{ error: { status: 400, details: { error_code: 'something_scripted' } } }]);
    const err = await client.messages.create(params).catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.BadRequestError);
    assert.deepEqual(err.details, { error_code: 'something_scripted' });
  });

  it('the SDK retries a 429 after the scripted retry-after and gets the next turn', async () => {
    // retry-after 0.05 s; the SDK's default backoff without the header would be >= 375 ms.
    const { client, server } = await start(
      [{ error: { status: 429, retryAfter: 0.05 } }, { reply: { content: [{ type: 'text', text: 'after the retry' }] } }],
      1,
    );
    const message = await client.messages.stream(params).finalMessage();
    assert.deepEqual(message.content, [{ type: 'text', text: 'after the retry' }]);
    const [first, second] = server.requests;
    assert.equal(server.requests.length, 2);
    assert.equal(second.headers['x-stainless-retry-count'], '1');
    const gap = second.time - first.time;
    assert.ok(gap >= 45 && gap < 350, `retry came ${gap} ms later; retry-after asked for 50 ms`);
    server.assertComplete();
  });

  it('a connection cut mid-stream rejects the stream after partial text', async () => {
    const text = 'This long sentence is going to be interrupted by a dropped connection.';
    const { client } = await start([{ cut: { afterEvents: 5, reply: { content: [{ type: 'text', text }], textChunkSize: 8 } } }]);
    const stream = client.messages.stream(params);
    const deltas: string[] = [];
    stream.on('text', (d) => deltas.push(d));
    stream.on('error', () => undefined); // finalMessage() reports it; avoid an unhandled 'error'
    const err = await stream.finalMessage().catch((e: unknown) => e);
    // SDK 1.13 reports a dropped body as AnthropicError "terminated" (not APIConnectionError).
    assert.ok(err instanceof Anthropic.AnthropicError, `got ${String(err)}`);
    assert.match(err.message, /terminated/);
    // message_start, block start, ping, then two deltas were sent before the cut.
    assert.equal(deltas.join(''), text.slice(0, 16));
  });

  it('a cut on a non-streaming request is a connection error, and the SDK retry consumes the next turn', async () => {
    const { client: noRetry } = await start([{ cut: { afterEvents: 0 } }]);
    await assert.rejects(noRetry.messages.create(params), Anthropic.APIConnectionError);
    await server?.close();

    const { client, server: retried } = await start([{ cut: { afterEvents: 0 } }, { reply: { content: [{ type: 'text', text: 'ok' }] } }], 1);
    const message = await client.messages.create(params);
    assert.deepEqual(message.content, [{ type: 'text', text: 'ok' }]);
    assert.equal(retried.requests.length, 2);
  });

  it('an in-stream error event surfaces as an APIError of that type', async () => {
    const { client } = await start([{ error: { status: 529, inStreamAfterEvents: 4 } }]);
    const stream = client.messages.stream(params);
    stream.on('error', () => undefined);
    const err = await stream.finalMessage().catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIError, `got ${String(err)}`);
    assert.equal(err.type, 'overloaded_error');
  });

  it('plays the transient-errors example: SDK retries 429 and 529, the cut reaches the caller', async () => {
    const transcript = loadTranscriptFile(join(REPO_ROOT, 'test', 'transcripts', 'transient-errors.json'));
    const { client, server } = await start(transcript.turns, 2);
    const first = client.messages.stream(params);
    first.on('error', () => undefined);
    await assert.rejects(first.finalMessage(), /terminated/);
    assert.equal(server.requests.length, 3, '429 and 529 retried by the SDK, then the cut');
    const second = await client.messages.stream(params).finalMessage();
    assert.deepEqual(second.content, [{ type: 'text', text: 'All good now.' }]);
    server.assertComplete();
  });

  it('requireApiKey answers 401 to a wrong key and accepts the right one', async () => {
    const { server } = await start([{ reply: { content: [{ type: 'text', text: 'ok' }] } }], 0, { requireApiKey: 'sk-right' });
    const wrong = new Anthropic({ apiKey: 'sk-wrong', baseURL: server.url, maxRetries: 0 });
    await assert.rejects(wrong.messages.create(params), Anthropic.AuthenticationError);
    const right = new Anthropic({ apiKey: 'sk-right', baseURL: server.url, maxRetries: 0 });
    assert.equal((await right.messages.create(params)).stop_reason, 'end_turn');
  });

  it('answers unknown routes 404 and records them as failures', async () => {
    const { server } = await start([]);
    const res = await fetch(`${server.url}/v1/models`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { type: string } }).error.type, 'not_found_error');
    assert.deepEqual(server.failures.map((f) => f.kind), ['unknown-route']);
  });
});
