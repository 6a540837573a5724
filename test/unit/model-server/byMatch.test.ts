// order "byMatch": concurrent conversations (sub-agents) each follow their own
// turns, picked by what their requests contain, whatever order they arrive in.

import Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { parseTranscript, startModelServer, type ModelServer } from '../../model-server';

const MODEL = 'claude-test-model';

describe('model server: turns picked by match', () => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const ask = (client: Anthropic, first: string, extra: Anthropic.MessageParam[] = []) =>
    client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: first }, ...extra] });
  const textOf = (m: Anthropic.Message) => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

  it('answers each conversation from its own turns, out of script order', async () => {
    server = await startModelServer({
      transcript: {
        order: 'byMatch',
        turns: [
          { match: { firstUserText: 'brief A' }, reply: { content: [{ type: 'text', text: 'A1' }] } },
          { match: { firstUserText: 'brief A' }, reply: { content: [{ type: 'text', text: 'A2' }] } },
          { match: { firstUserText: 'brief B' }, reply: { content: [{ type: 'text', text: 'B1' }] } },
        ],
      },
    });
    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    assert.equal(textOf(await ask(client, 'brief B please')), 'B1');
    assert.equal(textOf(await ask(client, 'brief A please')), 'A1');
    assert.equal(server.remaining, 1);
    assert.equal(textOf(await ask(client, 'brief A please', [{ role: 'assistant', content: 'A1' }, { role: 'user', content: 'more' }])), 'A2');
    server.assertComplete();
  });

  it('a request no unplayed turn matches gets 400 naming why, and consumes nothing', async () => {
    server = await startModelServer({ transcript: { order: 'byMatch', turns: [{ match: { firstUserText: 'brief A' }, reply: { content: [{ type: 'text', text: 'A1' }] } }] } });
    const client = new Anthropic({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    await assert.rejects(ask(client, 'brief C'), (err: Error) => /no unplayed turn matched the request: turn 0: firstUserText/.test(err.message));
    assert.equal(server.failures[0]?.kind, 'mismatch');
    assert.equal(server.remaining, 1);
  });

  it('a sequential script still takes the next turn, and a bad order is refused', () => {
    assert.throws(() => parseTranscript({ order: 'random', turns: [] }), /"order" must be one of sequential \| byMatch/);
    assert.throws(() => parseTranscript({ turns: [{ match: { firstUser: 'x' }, reply: { content: [] } }] }), /unknown match key "firstUser"/);
    assert.equal(parseTranscript({ order: 'byMatch', turns: [] }).order, 'byMatch');
  });
});
