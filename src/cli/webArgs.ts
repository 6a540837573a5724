// The `cowork run` options for web search, parsed into the agent's settings. Pure.

import { webSearchTool, WebSearchSettingsError, type WebSearchSettings } from '../agent/web/webSearch';

export const WEB_USAGE = `  --web-search         let the agent search the web (the API runs the search;
                       the sandbox stays offline). With:
  --web-max N          most searches per model request (default 5)
  --web-allow LIST     search only these domains, comma-separated
  --web-block LIST     never search these domains, comma-separated
  --web-location SPEC  approximate location, e.g. "city=Berlin,country=DE,timezone=Europe/Berlin"`;

/** The web options given on the command line, before they are checked together. */
export interface WebOptionsText {
  enabled: boolean;
  maxUses?: string;
  allow?: string;
  block?: string;
  location?: string;
}

const LOCATION_KEYS = ['city', 'region', 'country', 'timezone'] as const;

/** The settings, undefined when web search is off, or an error message for the person. */
export function webSearchSettings(o: WebOptionsText): WebSearchSettings | undefined | { error: string } {
  const given = o.maxUses !== undefined || o.allow !== undefined || o.block !== undefined || o.location !== undefined;
  if (!o.enabled) return given ? { error: '--web-max, --web-allow, --web-block and --web-location need --web-search.' } : undefined;
  const settings: WebSearchSettings = {};
  if (o.maxUses !== undefined) {
    if (!/^\d+$/.test(o.maxUses)) return { error: `--web-max must be a whole number (got "${o.maxUses}").` };
    settings.maxUses = Number(o.maxUses);
  }
  if (o.allow !== undefined) settings.allowedDomains = list(o.allow);
  if (o.block !== undefined) settings.blockedDomains = list(o.block);
  if (o.location !== undefined) {
    const location: NonNullable<WebSearchSettings['location']> = {};
    for (const part of list(o.location)) {
      const [key, ...rest] = part.split('=');
      const value = rest.join('=').trim();
      if (!(LOCATION_KEYS as readonly string[]).includes(key.trim()) || !value) {
        return { error: `--web-location takes ${LOCATION_KEYS.map((k) => `${k}=…`).join(', ')} (got "${part}").` };
      }
      location[key.trim() as (typeof LOCATION_KEYS)[number]] = value;
    }
    settings.location = location;
  }
  try {
    webSearchTool(settings);
  } catch (err) {
    if (err instanceof WebSearchSettingsError) return { error: err.message };
    throw err;
  }
  return settings;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
