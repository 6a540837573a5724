// Whether web_fetch may read from a host. The person's blocked domains always win;
// their allowed domains, and domains they chose "always allow" for, are fetched
// without asking; a domain allowed "for this task" (or declined) is remembered for
// the task; anything else is asked, every time it is asked "once". A domain entry
// covers its subdomains: "example.com" covers "blog.example.com".

import type { ApprovalScope } from '../../shared/taskEvents';

export interface DomainSettings {
  allowedDomains?: readonly string[];
  blockedDomains?: readonly string[];
}

/** Domains the person allowed for good, kept by the host (a file for the CLI, global state in VS Code). */
export interface AlwaysAllowedDomains {
  has(host: string): boolean;
  add(domain: string): Promise<void>;
}

export type DomainVerdict = { verdict: 'allowed'; why: 'settings' | 'always' | 'task' } | { verdict: 'blocked' } | { verdict: 'declined' } | { verdict: 'ask' };

export class DomainPermissions {
  private readonly task = new Set<string>();
  private readonly declined = new Set<string>();

  constructor(
    private readonly settings: () => DomainSettings,
    private readonly always?: AlwaysAllowedDomains,
  ) {}

  decide(host: string): DomainVerdict {
    const s = this.settings();
    if (matchesAny(host, s.blockedDomains)) return { verdict: 'blocked' };
    if (matchesAny(host, s.allowedDomains)) return { verdict: 'allowed', why: 'settings' };
    if (this.task.has(host)) return { verdict: 'allowed', why: 'task' };
    if (this.declined.has(host)) return { verdict: 'declined' };
    if (this.always?.has(host)) return { verdict: 'allowed', why: 'always' };
    return { verdict: 'ask' };
  }

  /** Records the person's answer for `host`. */
  async record(host: string, allowed: boolean, scope: ApprovalScope = 'once'): Promise<void> {
    if (!allowed) {
      this.declined.add(host);
      return;
    }
    if (scope === 'task') this.task.add(host);
    if (scope === 'always') {
      this.task.add(host);
      await this.always?.add(host);
    }
  }
}

/** "https://Docs.Example.com/x" or "*.example.com" → "docs.example.com" / "example.com". */
export function normaliseDomain(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/:].*$/, '')
    .replace(/^\*?\./, '')
    .replace(/\.$/, '');
}

export function matchesDomain(host: string, entry: string): boolean {
  const domain = normaliseDomain(entry);
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

function matchesAny(host: string, entries: readonly string[] | undefined): boolean {
  return (entries ?? []).some((e) => matchesDomain(host, e));
}
