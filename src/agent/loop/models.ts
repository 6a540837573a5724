// Which models the agent uses by default and how big their context windows are.
// The default is the newest Sonnet the installed @anthropic-ai/sdk names in its
// `Model` union (1.13 lists 'claude-sonnet-5-5'); summaries use the small Haiku.

export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_SMALL_MODEL = 'claude-haiku-5-5';

/** Default output cap per request; the loop continues a turn cut at this limit. */
export const DEFAULT_MAX_TOKENS = 32_000;

// Context windows in tokens, from the models overview pages (see docs/agent.md).
const CONTEXT_WINDOWS: Array<[prefix: string, tokens: number]> = [
  ['claude-haiku-4-5', 200_000],
  ['claude-opus-4-1', 200_000],
  ['claude-opus-4-0', 200_000],
  ['claude-opus-4-5', 200_000],
  // Every 4.6+ and 5.x model listed by the SDK has a 1M window.
  ['claude-', 1_000_000],
];

/** The model's context window in tokens; unknown models get a conservative 200k. */
export function contextWindowOf(model: string): number {
  for (const [prefix, tokens] of CONTEXT_WINDOWS) {
    if (model.startsWith(prefix)) return tokens;
  }
  return 200_000;
}
