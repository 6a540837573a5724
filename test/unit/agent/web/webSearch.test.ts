import { strict as assert } from 'node:assert';
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_WEB_SEARCH_MAX_USES, WebSearchSettingsError, WebSearchSteps, webSearchTool } from '../../../../src/agent/web/webSearch';

const result = (toolUseId: string, hits: { title: string; url: string; page_age?: string }[]): Anthropic.ContentBlock =>
  ({
    type: 'web_search_tool_result',
    tool_use_id: toolUseId,
    content: hits.map((h) => ({ type: 'web_search_result', encrypted_content: 'x', page_age: h.page_age ?? null, ...h })),
  }) as unknown as Anthropic.ContentBlock;
const call = (id: string, query: string): Anthropic.ContentBlock => ({ type: 'server_tool_use', id, name: 'web_search', input: { query } }) as unknown as Anthropic.ContentBlock;
const cited = (text: string, cites: { url: string; title: string | null; cited_text: string }[]): Anthropic.ContentBlock =>
  ({ type: 'text', text, citations: cites.map((c) => ({ type: 'web_search_result_location', encrypted_index: 'i', ...c })) }) as unknown as Anthropic.ContentBlock;

describe('agent: web search settings and steps', () => {
  it('builds the server tool: default limit, domains normalised and deduplicated, location upper-cased', () => {
    assert.deepEqual(webSearchTool(), { type: 'web_search_20250305', name: 'web_search', max_uses: DEFAULT_WEB_SEARCH_MAX_USES });
    const tool = webSearchTool({ maxUses: 2, allowedDomains: ['https://Docs.Example.com/', 'docs.example.com', 'example.org/blog'], location: { city: 'Berlin', country: 'de' } });
    assert.deepEqual(tool.allowed_domains, ['docs.example.com', 'example.org/blog']);
    assert.equal(tool.max_uses, 2);
    assert.deepEqual(tool.user_location, { type: 'approximate', city: 'Berlin', country: 'DE' });
    assert.equal(tool.blocked_domains, undefined);
  });

  it('refuses what the API would refuse, with messages a person can act on', () => {
    const refuses = (settings: Parameters<typeof webSearchTool>[0], pattern: RegExp) =>
      assert.throws(() => webSearchTool(settings), (e: unknown) => e instanceof WebSearchSettingsError && pattern.test(e.message));
    refuses({ allowedDomains: ['a.com'], blockedDomains: ['b.com'] }, /not both/);
    refuses({ maxUses: 0 }, /at least 1/);
    refuses({ maxUses: 2.5 }, /whole number/);
    refuses({ blockedDomains: ['not a domain'] }, /"not a domain" is not a domain/);
    refuses({ allowedDomains: ['localhost'] }, /is not a domain/);
    refuses({ location: { country: 'Germany' } }, /two-letter country code/);
  });

  it('pairs each search with its result, also when the result arrives in the next response', () => {
    const steps = new WebSearchSteps();
    assert.deepEqual(steps.onBlock(call('s1', 'vat rates 2026'), 1), []);
    // A paused turn: the continuation carries the result of the earlier call.
    const [searched] = steps.onBlock(result('s1', [{ title: 'VAT rates', url: 'https://tax.example/vat', page_age: '2 days ago' }, { title: '', url: 'https://b.example/' }]), 2);
    assert.deepEqual(searched, {
      type: 'web.searched',
      turn: 2,
      query: 'vat rates 2026',
      results: [
        { title: 'VAT rates', url: 'https://tax.example/vat', pageAge: '2 days ago' },
        { title: 'https://b.example/', url: 'https://b.example/' },
      ],
    });
  });

  it('reports a failed search with a readable reason', () => {
    const steps = new WebSearchSteps();
    steps.onBlock(call('s1', 'q'), 1);
    const blocks = steps.onBlock({ type: 'web_search_tool_result', tool_use_id: 's1', content: { type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' } } as unknown as Anthropic.ContentBlock, 1);
    assert.deepEqual(blocks, [{ type: 'web.searched', turn: 1, query: 'q', results: [], error: 'the search limit for this request was reached' }]);
  });

  it('reports each cited passage once per turn, again in a later turn', () => {
    const steps = new WebSearchSteps();
    const a = { url: 'https://tax.example/vat', title: 'VAT rates', cited_text: 'The standard rate is 19%.' };
    assert.deepEqual(steps.onBlock(cited('The rate is 19%.', [a, a]), 3), [{ type: 'web.cited', turn: 3, sources: [{ url: a.url, title: a.title, citedText: a.cited_text }] }]);
    assert.deepEqual(steps.onBlock(cited('As said, 19%.', [a]), 3), []);
    assert.equal(steps.onBlock(cited('Again.', [{ ...a, title: null }]), 4).length, 1);
    assert.deepEqual(steps.onBlock({ type: 'text', text: 'plain', citations: null } as unknown as Anthropic.ContentBlock, 4), []);
  });
});
