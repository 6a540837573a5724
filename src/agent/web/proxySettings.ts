// Which proxy a fetch goes through, the way people behind corporate proxies expect:
// VS Code's `http.proxy` when set, else HTTPS_PROXY / HTTP_PROXY (either case), and
// NO_PROXY (comma- or space-separated host names, `.suffix` or `*.suffix` for a
// domain and its subdomains, an optional `:port`, `*` for everything) to go direct.

export interface ProxySettings {
  /** VS Code's http.proxy (wins over the environment when set). */
  httpProxy?: string;
  /** The environment to read HTTPS_PROXY, HTTP_PROXY and NO_PROXY from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The proxy URL for a request to `target`, or undefined to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings = {}): URL | undefined {
  const env = settings.env ?? process.env;
  const pick = (...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v);
  const raw = settings.httpProxy?.trim() || (target.protocol === 'https:' ? pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy') : pick('HTTP_PROXY', 'http_proxy'));
  if (!raw) return undefined;
  if (bypassed(target, pick('NO_PROXY', 'no_proxy') ?? '')) return undefined;
  try {
    const proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') throw new Error(`unsupported proxy protocol ${proxy.protocol}`);
    return proxy;
  } catch (err) {
    throw new Error(`The proxy setting "${raw}" is not usable: ${(err as Error).message}`);
  }
}

function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\]$/g, '')) as RegExpExecArray;
    const [, pattern, entryPort] = m;
    if (entryPort && entryPort !== port) continue;
    const domain = pattern.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The Proxy-Authorization header for a proxy URL with user:password, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}
