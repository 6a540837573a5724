// Cost of a request from its token counts, per model. Prices are USD per million
// tokens; sources and dates are listed in docs/agent.md. Cache writes are priced
// at the 5-minute TTL rate because the loop only sets 5-minute breakpoints.

import type { Usage } from '../../shared/taskEvents';

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

interface PriceRow {
  prefix: string;
  base: ModelPrice;
  /** Haiku 5.5 bills a whole request at a higher rate when its prompt exceeds a threshold. */
  longPrompt?: { overTokens: number; price: ModelPrice };
}

// Longest prefixes first: lookup takes the first row whose prefix matches.
const PRICES: PriceRow[] = [
  {
    prefix: 'claude-haiku-5-5',
    base: { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
    longPrompt: { overTokens: 100_000, price: { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 } },
  },
  { prefix: 'claude-sonnet-5-5', base: { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 } },
  { prefix: 'claude-sonnet-5', base: { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 } },
  { prefix: 'claude-opus-5-5', base: { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 } },
  { prefix: 'claude-opus-5', base: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 } },
  { prefix: 'claude-opus-4-1', base: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 } },
  { prefix: 'claude-opus-4-0', base: { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 } },
  { prefix: 'claude-opus-4', base: { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 } },
  { prefix: 'claude-sonnet-4', base: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 } },
  { prefix: 'claude-haiku-4-5', base: { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 } },
  { prefix: 'claude-fable-5-1', base: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 } },
  { prefix: 'claude-mythos-5-1', base: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 } },
  { prefix: 'claude-fable-5', base: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 } },
  { prefix: 'claude-mythos-5', base: { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 } },
];

export type TokenCounts = Omit<Usage, 'costUsd'>;

/** Price per million tokens for this request, or undefined for a model not in the table. */
export function priceFor(model: string, promptTokens = 0): ModelPrice | undefined {
  const row = PRICES.find((r) => model.startsWith(r.prefix));
  if (!row) return undefined;
  if (row.longPrompt && promptTokens > row.longPrompt.overTokens) return row.longPrompt.price;
  return row.base;
}

/** USD for one request's tokens. Unknown models cost 0 (shown as such, never guessed). */
export function costOf(model: string, t: TokenCounts): number {
  const prompt = t.inputTokens + t.cacheReadTokens + t.cacheWriteTokens;
  const p = priceFor(model, prompt);
  if (!p) return 0;
  return (
    (t.inputTokens * p.input + t.outputTokens * p.output + t.cacheWriteTokens * p.cacheWrite + t.cacheReadTokens * p.cacheRead) /
    1_000_000
  );
}

/** The server-side web search is billed per search, on top of tokens: $10 per 1,000. */
export const WEB_SEARCH_USD = 0.01;
