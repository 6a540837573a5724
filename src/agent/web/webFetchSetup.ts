// Wiring web_fetch for one task from the person's settings, the same way in the
// extension and the CLI: one WebFetcher per host process (its 15-minute cache is
// shared by the tasks), and per task the known URLs, the domain permissions and
// the tool. The host feeds the task's events to `observe`.

import type { TaskEventBody } from '../../shared/taskEvents';
import type { AnyAgentTool } from '../tools/tool';
import { DomainPermissions, normaliseDomain, type AlwaysAllowedDomains } from './domainPermissions';
import { KnownUrls } from './knownUrls';
import { WebFetcher } from './pageFetcher';
import type { ProxySettings } from './proxySettings';
import { AddressAllowList } from './webAddress';
import { createWebFetchTool } from './webFetchTool';

export interface WebFetchSettings {
  /** Fetched without asking (and their subdomains). */
  allowedDomains?: string[];
  /** Never fetched; wins over everything else. */
  blockedDomains?: string[];
  /** Private or loopback addresses (or CIDR ranges) that may be fetched, e.g. ["127.0.0.1"]. */
  allowPrivateAddresses?: string[];
  /** Hand pages to the small model with the agent's question (default true). */
  summarise?: boolean;
  /** Honour robots.txt (default true). */
  respectRobots?: boolean;
  timeoutSeconds?: number;
  maxKiB?: number;
}

/** A sentence for the person when the settings cannot work, else undefined. */
export function webFetchSettingsProblem(s: WebFetchSettings): string | undefined {
  try {
    new AddressAllowList(s.allowPrivateAddresses ?? []);
  } catch (err) {
    return `Web fetch settings: ${(err as Error).message}`;
  }
  for (const d of [...(s.allowedDomains ?? []), ...(s.blockedDomains ?? [])]) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(normaliseDomain(d))) return `Web fetch settings: "${d}" is not a domain (write it like "example.com").`;
  }
  if (s.timeoutSeconds !== undefined && !(s.timeoutSeconds > 0)) return 'Web fetch settings: the timeout must be more than 0 seconds.';
  if (s.maxKiB !== undefined && !(s.maxKiB >= 1)) return 'Web fetch settings: the size limit must be at least 1 KiB.';
  return undefined;
}

export function createWebFetcher(s: WebFetchSettings, proxy: ProxySettings, extra: { ca?: string | Buffer | (string | Buffer)[]; now?: () => number } = {}): WebFetcher {
  return new WebFetcher({
    allowPrivateAddresses: s.allowPrivateAddresses,
    respectRobots: s.respectRobots,
    ...(s.timeoutSeconds ? { timeoutMs: s.timeoutSeconds * 1000 } : {}),
    ...(s.maxKiB ? { maxBytes: Math.round(s.maxKiB * 1024) } : {}),
    proxy,
    ...extra,
  });
}

export interface TaskWebFetch {
  tool: AnyAgentTool;
  known: KnownUrls;
  permissions: DomainPermissions;
  /** Feed every event of the task (a resumed task: its whole log first). */
  observe(e: TaskEventBody): void;
}

export function webFetchForTask(fetcher: WebFetcher, settings: () => WebFetchSettings, always?: AlwaysAllowedDomains): TaskWebFetch {
  const known = new KnownUrls();
  const permissions = new DomainPermissions(settings, always);
  const tool = createWebFetchTool({ fetcher, permissions, known, summarise: settings().summarise !== false }) as unknown as AnyAgentTool;
  return { tool, known, permissions, observe: (e) => known.observe(e) };
}
