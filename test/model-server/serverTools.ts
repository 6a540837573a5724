// The web search server tool, played by the scripted server: a reply may contain the
// model's `server_tool_use` call, the `web_search_tool_result` the API would have added,
// and text citing those results. This file turns those scripted blocks into what the
// API returns and streams, counts the searches for usage, and refuses requests the
// API would refuse (a search without the tool declared, conflicting domain lists).

import { createHash } from 'node:crypto';
import type { MessagesRequestBody } from './apiTypes';

export interface ScriptedServerToolUseBlock {
  type: 'server_tool_use';
  /** Defaults to "srvtoolu_ms_<turn>_<block>". */
  id?: string;
  name: 'web_search';
  input: { query: string };
}

export interface ScriptedSearchResult {
  title: string;
  url: string;
  page_age?: string;
}

export interface ScriptedWebSearchResultBlock {
  type: 'web_search_tool_result';
  /** Defaults to the id of the closest server_tool_use block before it. */
  tool_use_id?: string;
  /** The results, or an error the search tool reports (e.g. "max_uses_exceeded"). */
  content: ScriptedSearchResult[] | { error_code: string };
}

export interface ScriptedCitation {
  url: string;
  title?: string;
  cited_text: string;
}

export function serverToolUseId(turnIndex: number, blockIndex: number): string {
  return `srvtoolu_ms_${turnIndex}_${blockIndex}`;
}

/** Stands in for the opaque encrypted_content/encrypted_index the API sends back. */
function opaque(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64');
}

export function searchResultBlock(block: ScriptedWebSearchResultBlock, toolUseId: string): Record<string, unknown> {
  const content = Array.isArray(block.content)
    ? block.content.map((r) => ({ type: 'web_search_result', title: r.title, url: r.url, page_age: r.page_age ?? null, encrypted_content: opaque(r.url, r.title) }))
    : { type: 'web_search_tool_result_error', error_code: block.content.error_code };
  return { type: 'web_search_tool_result', tool_use_id: toolUseId, content };
}

export function citationBlock(c: ScriptedCitation): Record<string, unknown> {
  return { type: 'web_search_result_location', url: c.url, title: c.title ?? null, cited_text: c.cited_text, encrypted_index: opaque(c.url, c.cited_text) };
}

/** How many searches a reply's content performs (reported as usage.server_tool_use). */
export function countSearches(content: { type: string; name?: string }[]): number {
  return content.filter((b) => b.type === 'server_tool_use' && b.name === 'web_search').length;
}

interface DeclaredTool {
  type?: string;
  name?: string;
  allowed_domains?: unknown;
  blocked_domains?: unknown;
  max_uses?: unknown;
}

/** What the API would refuse about the request's web search tool, or undefined. */
export function invalidWebSearchTool(body: MessagesRequestBody): string | undefined {
  const tools = ((body as { tools?: DeclaredTool[] }).tools ?? []).filter((t) => typeof t.type === 'string' && t.type.startsWith('web_search_'));
  if (tools.length > 1) return 'tools: web_search may be declared only once';
  const tool = tools[0];
  if (!tool) return undefined;
  if (tool.name !== 'web_search') return `tools: the web search tool must be named "web_search", not ${JSON.stringify(tool.name)}`;
  const has = (v: unknown) => Array.isArray(v) && v.length > 0;
  if (has(tool.allowed_domains) && has(tool.blocked_domains)) return 'tools.web_search: allowed_domains and blocked_domains cannot be used together';
  if (tool.max_uses !== undefined && tool.max_uses !== null && !(Number.isInteger(tool.max_uses) && (tool.max_uses as number) > 0)) {
    return 'tools.web_search.max_uses: must be a positive integer';
  }
  return undefined;
}

/** A scripted reply searches the web although the request did not offer the tool: a script bug. */
export function searchWithoutTool(body: MessagesRequestBody, content: { type: string; name?: string }[]): boolean {
  if (countSearches(content) === 0) return false;
  const tools = (body as { tools?: DeclaredTool[] }).tools ?? [];
  return !tools.some((t) => t.name === 'web_search' && typeof t.type === 'string' && t.type.startsWith('web_search_'));
}
