// Fetching one page for the agent, on the host: an http:// URL is tried as https://
// first (plain http only when no TLS connection can be made, and then said so);
// robots.txt of each origin is honoured; redirects within the same host are followed
// (up to five), a redirect to another host is handed back as a URL for the agent
// to fetch in its own right (its domain needs its own permission); the body is cut
// at a size limit within a time limit and converted by content type. Results stay
// in a 15-minute cache, so asking the same page a second question costs no request.

import { FetchCache } from './fetchCache';
import { httpHop, type HopResponse } from './httpHop';
import { pageText, type PageText } from './pageContent';
import { proxyFor, type ProxySettings } from './proxySettings';
import { RobotsRules } from './robotsTxt';
import { AddressAllowList, hostOf, parseFetchUrl, WebFetchError } from './webAddress';

export interface WebFetcherOptions {
  /** Whole-hop deadline (connect, headers, body); default 20 s. */
  timeoutMs?: number;
  /** Body bytes read per page; default 5 MiB (more is cut, and said so). */
  maxBytes?: number;
  maxRedirects?: number;
  /** Private addresses or ranges the person allows (tests allow 127.0.0.1). */
  allowPrivateAddresses?: readonly string[];
  proxy?: ProxySettings;
  /** Extra CA certificates to trust. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Default true; off only where the person says so. */
  respectRobots?: boolean;
  cacheTtlMs?: number;
  now?: () => number;
}

export interface FetchedPage {
  kind: 'page';
  /** Where the page was in the end (after same-host redirects). */
  url: string;
  page: PageText;
  truncated: boolean;
  /** True when https could not be reached and the page came over plain http. */
  plainHttp: boolean;
  fromCache: boolean;
  /** Milliseconds spent on the network and on conversion (0 from the cache). */
  timings: { fetchMs: number; convertMs: number };
}

export interface CrossHostRedirect {
  kind: 'redirect';
  url: string;
  /** The other host's URL, for the agent to fetch if it wants to. */
  location: string;
  status: number;
}

export type FetchOutcome = FetchedPage | CrossHostRedirect;

export const DEFAULT_FETCH_TIMEOUT_MS = 20_000;
export const DEFAULT_FETCH_MAX_BYTES = 5 * 1024 * 1024;
export const FETCH_CACHE_TTL_MS = 15 * 60_000;
const ROBOTS_MAX_BYTES = 512 * 1024;
export const USER_AGENT = 'Cowork/0.1 (desk-work agent fetching a page a person asked for; robots token "cowork")';

export class WebFetcher {
  private readonly cache: FetchCache<FetchOutcome>;
  private readonly robots: FetchCache<RobotsRules>;
  private readonly allow: AddressAllowList;

  constructor(private readonly opts: WebFetcherOptions = {}) {
    this.allow = new AddressAllowList(opts.allowPrivateAddresses ?? []);
    const ttl = opts.cacheTtlMs ?? FETCH_CACHE_TTL_MS;
    this.cache = new FetchCache(ttl, 64, opts.now);
    this.robots = new FetchCache(ttl, 256, opts.now);
  }

  /** Fetches and converts; throws WebFetchError with a sentence for the model. */
  async fetch(raw: string, signal?: AbortSignal): Promise<FetchOutcome> {
    const { url, upgradedFrom } = parseFetchUrl(raw);
    const cached = this.cache.get(url.href) ?? (upgradedFrom ? this.cache.get(upgradedFrom) : undefined);
    if (cached) return cached.kind === 'page' ? { ...cached, fromCache: true, timings: { fetchMs: 0, convertMs: 0 } } : cached;
    let outcome: FetchOutcome;
    try {
      outcome = await this.follow(url, false, signal);
    } catch (err) {
      // https first; plain http only when no TLS connection could be made at all.
      if (!upgradedFrom || !(err instanceof WebFetchError) || err.code !== 'network' || signal?.aborted) throw err;
      outcome = await this.follow(new URL(upgradedFrom), true, signal);
    }
    this.cache.set(url.href, outcome);
    if (outcome.kind === 'page' && outcome.url !== url.href) this.cache.set(outcome.url, outcome);
    return outcome;
  }

  private async follow(start: URL, plainHttp: boolean, signal?: AbortSignal): Promise<FetchOutcome> {
    let current = start;
    const maxRedirects = this.opts.maxRedirects ?? 5;
    const began = performance.now();
    for (let hop = 0; ; hop++) {
      await this.checkRobots(current, signal);
      const res = await this.hop(current, this.opts.maxBytes ?? DEFAULT_FETCH_MAX_BYTES, signal);
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        const next = redirectTarget(res.headers.location, current);
        if (hostOf(next) !== hostOf(current)) return { kind: 'redirect', url: current.href, location: next.href, status: res.status };
        if (hop >= maxRedirects) throw new WebFetchError(`${start.href} redirected more than ${maxRedirects} times; stopped at ${next.href}.`, 'too-many-redirects');
        current = next;
        continue;
      }
      if (res.status < 200 || res.status >= 300) throw new WebFetchError(`${current.href} answered ${res.status}${statusHint(res.status)}.`, 'http-status');
      const fetchMs = performance.now() - began;
      const converting = performance.now();
      const page = await pageText(res.body, headerText(res.headers['content-type']), current, res.truncated);
      return { kind: 'page', url: current.href, page, truncated: res.truncated, plainHttp, fromCache: false, timings: { fetchMs, convertMs: performance.now() - converting } };
    }
  }

  private hop(url: URL, maxBytes: number, signal?: AbortSignal): Promise<HopResponse> {
    return httpHop({
      url,
      timeoutMs: this.opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxBytes,
      allowPrivate: this.allow,
      proxy: proxyFor(url, this.opts.proxy),
      ca: this.opts.ca,
      signal,
      // No cookies, no authorization, no referrer: a page sees an anonymous reader.
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,application/json;q=0.8,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
      },
    });
  }

  private async checkRobots(url: URL, signal?: AbortSignal): Promise<void> {
    if (this.opts.respectRobots === false) return;
    const origin = url.origin;
    let rules = this.robots.get(origin);
    if (!rules) {
      rules = await this.loadRobots(url, signal);
      this.robots.set(origin, rules);
    }
    if (!rules.allows(url.pathname + url.search)) {
      throw new WebFetchError(`${url.href} is disallowed by ${origin}/robots.txt for automated readers; it is not fetched. Tell the person, who can open it in a browser.`, 'robots');
    }
  }

  /** RFC 9309: 4xx means no rules; 5xx means assume all disallowed; a network error is the page's error too. */
  private async loadRobots(pageUrl: URL, signal?: AbortSignal): Promise<RobotsRules> {
    let url = new URL('/robots.txt', pageUrl.origin);
    for (let hop = 0; hop <= 5; hop++) {
      const res = await this.hop(url, ROBOTS_MAX_BYTES, signal);
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        const next = redirectTarget(res.headers.location, url);
        if (hostOf(next) !== hostOf(url)) return RobotsRules.allowAll();
        url = next;
        continue;
      }
      if (res.status >= 200 && res.status < 300) return RobotsRules.parse(res.body.toString('utf8'));
      if (res.status >= 400 && res.status < 500) return RobotsRules.allowAll();
      return RobotsRules.disallowAll();
    }
    return RobotsRules.allowAll();
  }
}

function redirectTarget(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new WebFetchError(`${from.href} redirected to "${location}", which is not a URL.`, 'http-status');
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new WebFetchError(`${from.href} redirected to a ${next.protocol} URL, which is not fetched.`, 'http-status');
  if (next.username || next.password) throw new WebFetchError(`${from.href} redirected to a URL with credentials, which is not fetched.`, 'http-status');
  next.hash = '';
  return next;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) return ' (the page needs a login or refuses automated readers; requests carry no cookies or credentials)';
  if (status === 404 || status === 410) return ' (no such page)';
  if (status === 429) return ' (rate limited: try later)';
  if (status >= 500) return ' (a server error)';
  return '';
}
