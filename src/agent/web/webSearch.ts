// Web search through the Messages API's server-side tool: the API runs the search and
// puts the results in the model's reply, so nothing here fetches anything and the guest
// stays offline. This file turns the person's settings into the tool definition (with
// the checks the API would otherwise answer with a 400 mid-task) and turns the reply's
// search blocks into the steps the person sees: what was searched, what came back,
// which sources the text cites.

import type Anthropic from '@anthropic-ai/sdk';
import type { TaskEventBody, WebCitation, WebSearchHit } from '../../shared/taskEvents';

export interface WebSearchSettings {
  /** Most searches the model may run per request (the API's max_uses). */
  maxUses?: number;
  /** Only these domains (and their subdomains) are searched. Exclusive with blockedDomains. */
  allowedDomains?: string[];
  /** These domains are never searched. */
  blockedDomains?: string[];
  /** An approximate location, so "near me" and local results make sense. */
  location?: { city?: string; region?: string; country?: string; timezone?: string };
}

export class WebSearchSettingsError extends Error {
  constructor(message: string) {
    super(`Web search settings: ${message}`);
    this.name = 'WebSearchSettingsError';
  }
}

export const DEFAULT_WEB_SEARCH_MAX_USES = 5;

/** The tool definition for the request; throws WebSearchSettingsError on settings the API would refuse. */
export function webSearchTool(settings: WebSearchSettings = {}): Anthropic.WebSearchTool20250305 {
  const maxUses = settings.maxUses ?? DEFAULT_WEB_SEARCH_MAX_USES;
  if (!Number.isInteger(maxUses) || maxUses < 1) throw new WebSearchSettingsError(`maxUses must be a whole number of at least 1, not ${maxUses}.`);
  const allowed = domainList(settings.allowedDomains, 'allowedDomains');
  const blocked = domainList(settings.blockedDomains, 'blockedDomains');
  if (allowed.length > 0 && blocked.length > 0) {
    throw new WebSearchSettingsError('give allowed domains or blocked domains, not both (the API accepts only one list).');
  }
  const tool: Anthropic.WebSearchTool20250305 = { type: 'web_search_20250305', name: 'web_search', max_uses: maxUses };
  if (allowed.length > 0) tool.allowed_domains = allowed;
  if (blocked.length > 0) tool.blocked_domains = blocked;
  const location = userLocation(settings.location);
  if (location) tool.user_location = location;
  return tool;
}

/** "https://Docs.Example.com/" → "docs.example.com"; a path ("example.com/blog") is kept. */
function domainList(list: string[] | undefined, name: string): string[] {
  const out = new Set<string>();
  for (const raw of list ?? []) {
    const domain = raw
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/\/+$/, '');
    const host = domain.split('/')[0].toLowerCase();
    if (!/^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(host)) {
      throw new WebSearchSettingsError(`${name}: ${JSON.stringify(raw)} is not a domain (write it like "example.com" or "example.com/blog").`);
    }
    out.add(host + domain.slice(host.length));
  }
  return [...out];
}

function userLocation(loc: WebSearchSettings['location']): Anthropic.UserLocation | undefined {
  if (!loc) return undefined;
  const { city, region, country, timezone } = loc;
  if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) {
    throw new WebSearchSettingsError(`location.country must be a two-letter country code (ISO 3166-1, e.g. "DE"), not ${JSON.stringify(country)}.`);
  }
  if (!city && !region && !country && !timezone) return undefined;
  return {
    type: 'approximate',
    ...(city ? { city } : {}),
    ...(region ? { region } : {}),
    ...(country ? { country: country.toUpperCase() } : {}),
    ...(timezone ? { timezone } : {}),
  };
}

const SEARCH_ERRORS: Record<string, string> = {
  max_uses_exceeded: 'the search limit for this request was reached',
  too_many_requests: 'the search service is rate limited; try again later',
  query_too_long: 'the query was too long',
  invalid_tool_input: 'the query was not valid',
  unavailable: 'the search service is unavailable',
  request_too_large: 'the request was too large for the search tool',
};

/**
 * Turns the reply's blocks, as each finishes streaming, into steps: web.searched when a
 * search result arrives (paired with its call by id, also across a paused turn), web.cited
 * for a text block's citations not yet reported this turn.
 */
export class WebSearchSteps {
  private readonly queries = new Map<string, string>();
  private cited = new Set<string>();
  private citedTurn = -1;

  onBlock(block: Anthropic.ContentBlock, turn: number): TaskEventBody[] {
    if (block.type === 'server_tool_use' && block.name === 'web_search') {
      this.queries.set(block.id, String((block.input as { query?: unknown } | null)?.query ?? ''));
      return [];
    }
    if (block.type === 'web_search_tool_result') {
      const query = this.queries.get(block.tool_use_id) ?? '';
      this.queries.delete(block.tool_use_id);
      if (Array.isArray(block.content)) return [{ type: 'web.searched', turn, query, results: block.content.map(hit) }];
      const code = block.content.error_code;
      return [{ type: 'web.searched', turn, query, results: [], error: SEARCH_ERRORS[code] ?? code }];
    }
    if (block.type === 'text' && block.citations?.length) {
      if (turn !== this.citedTurn) [this.cited, this.citedTurn] = [new Set(), turn];
      const sources: WebCitation[] = [];
      for (const c of block.citations) {
        if (c.type !== 'web_search_result_location') continue;
        const key = `${c.url}\n${c.cited_text}`;
        if (this.cited.has(key)) continue;
        this.cited.add(key);
        sources.push({ url: c.url, title: c.title || c.url, citedText: c.cited_text });
      }
      return sources.length > 0 ? [{ type: 'web.cited', turn, sources }] : [];
    }
    return [];
  }
}

function hit(r: Anthropic.WebSearchResultBlock): WebSearchHit {
  return { title: r.title || r.url, url: r.url, ...(r.page_age ? { pageAge: r.page_age } : {}) };
}
