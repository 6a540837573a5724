// The `cowork run` options for web fetch, parsed into the agent's settings. Pure.

import { webFetchSettingsProblem, type WebFetchSettings } from '../agent/web/webFetchSetup';

export const FETCH_USAGE = `  --web-fetch          let the agent read web pages, fetched on this machine (the
                       sandbox stays offline); each new domain is asked about. With:
  --fetch-allow LIST   domains read without asking, comma-separated
  --fetch-block LIST   domains never read, comma-separated
  --fetch-private LIST private or loopback addresses that may be read (e.g. 127.0.0.1)
  --fetch-raw          give the agent the page's Markdown, not the small model's answer`;

/** The fetch options given on the command line, before they are checked together. */
export interface FetchOptionsText {
  enabled: boolean;
  allow?: string;
  block?: string;
  privateAddresses?: string;
  raw?: boolean;
}

/** Options that take a value, and where it goes. */
export const FETCH_VALUE_OPTIONS: Record<string, 'allow' | 'block' | 'privateAddresses'> = {
  '--fetch-allow': 'allow',
  '--fetch-block': 'block',
  '--fetch-private': 'privateAddresses',
};

/** The settings, undefined when web fetch is off, or an error message for the person. */
export function webFetchSettings(o: FetchOptionsText): WebFetchSettings | undefined | { error: string } {
  const given = o.allow !== undefined || o.block !== undefined || o.privateAddresses !== undefined || o.raw === true;
  if (!o.enabled) return given ? { error: '--fetch-allow, --fetch-block, --fetch-private and --fetch-raw need --web-fetch.' } : undefined;
  const settings: WebFetchSettings = {
    ...(o.allow !== undefined ? { allowedDomains: list(o.allow) } : {}),
    ...(o.block !== undefined ? { blockedDomains: list(o.block) } : {}),
    ...(o.privateAddresses !== undefined ? { allowPrivateAddresses: list(o.privateAddresses) } : {}),
    ...(o.raw ? { summarise: false } : {}),
  };
  const problem = webFetchSettingsProblem(settings);
  return problem ? { error: problem } : settings;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
