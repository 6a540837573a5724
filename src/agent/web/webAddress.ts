// Which URLs and network addresses web_fetch may reach. A URL is checked as text
// (http(s) only, no user:password, upgraded to https), and every address a host
// name resolves to is checked again right before connecting, on every redirect
// hop: loopback, link-local, private, carrier-grade NAT, multicast and reserved
// ranges are refused unless the person's settings allow that address, so a page
// (or a DNS answer) cannot point the host at the person's router or localhost.

import * as net from 'node:net';

export class WebFetchError extends Error {
  constructor(
    message: string,
    /** A machine-readable reason, for tests and the timeline. */
    readonly code: WebFetchErrorCode,
  ) {
    super(message);
    this.name = 'WebFetchError';
  }
}

export type WebFetchErrorCode =
  | 'bad-url'
  | 'not-allowed-url'
  | 'private-address'
  | 'dns'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'robots'
  | 'content-type'
  | 'blocked-domain'
  | 'declined'
  | 'too-many-redirects'
  | 'conversion';

export interface FetchUrl {
  /** The URL to request: https unless the person's URL could only work as http. */
  url: URL;
  /** Set when the model gave http:// and the fetch tries https:// first. */
  upgradedFrom?: string;
}

/** Parses and upgrades the model's URL; throws WebFetchError('bad-url') with a sentence the model can act on. */
export function parseFetchUrl(raw: string): FetchUrl {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebFetchError(`"${raw}" is not a URL (write it in full, like https://example.com/page).`, 'bad-url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebFetchError(`web_fetch reads http(s) pages only, not ${url.protocol} URLs.`, 'bad-url');
  if (url.username || url.password) throw new WebFetchError('URLs with a user name or password are not fetched: requests never carry credentials.', 'bad-url');
  if (!url.hostname) throw new WebFetchError(`"${raw}" has no host name.`, 'bad-url');
  url.hash = '';
  if (url.protocol === 'https:') return { url };
  const upgraded = new URL(url.href);
  upgraded.protocol = 'https:';
  // An explicit port stays: http://host:8080 upgraded keeps 8080 (some servers speak TLS there too).
  return { url: upgraded, upgradedFrom: url.href };
}

/** The host of a URL as permissions and robots see it: lower case, no brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** Addresses (or CIDR ranges) the person allows although they are private, e.g. ["127.0.0.1", "10.0.0.0/8"]. */
export class AddressAllowList {
  private readonly ranges: { family: 4 | 6; bits: bigint; prefix: number }[] = [];

  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const [addr, prefixText] = entry.trim().split('/');
      const family = net.isIP(addr);
      if (family === 0) throw new WebFetchError(`The allowed private address "${entry}" is not an IP address or CIDR range.`, 'bad-url');
      const width = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? width : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) throw new WebFetchError(`"${entry}": the prefix length must be 0 to ${width}.`, 'bad-url');
      this.ranges.push({ family: family as 4 | 6, bits: toBits(addr), prefix });
    }
  }

  allows(address: string): boolean {
    const family = net.isIP(address);
    if (family === 0) return false;
    const bits = toBits(address);
    return this.ranges.some((r) => r.family === family && sameNetwork(bits, r.bits, r.prefix, family === 4 ? 32 : 128));
  }
}

/** Throws WebFetchError('private-address') unless the address is public or allowed. */
export function checkAddress(address: string, allow: AddressAllowList, host: string): void {
  if (!isPublicAddress(address) && !allow.allows(address)) {
    const what = host === address ? address : `${host} (${address})`;
    throw new WebFetchError(
      `${what} is a loopback, link-local or private network address; web_fetch does not reach those unless the person allows that address in the settings (cowork.web.fetch.allowPrivateAddresses).`,
      'private-address',
    );
  }
}

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const V6_BLOCKED: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
];

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 4) return !V4_BLOCKED.some(([a, p]) => sameNetwork(toBits(address), toBits(a), p, 32));
  const bits = toBits(address);
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address: judge that one.
  const high96 = bits >> 32n;
  if (high96 === 0xffffn || high96 === 0x64ff9b0000000000000000n) return isPublicAddress(v4FromBits(bits & 0xffffffffn));
  return !V6_BLOCKED.some(([a, p]) => sameNetwork(bits, toBits(a), p, 128));
}

function sameNetwork(a: bigint, b: bigint, prefix: number, width: number): boolean {
  if (prefix === 0) return true;
  const shift = BigInt(width - prefix);
  return a >> shift === b >> shift;
}

function toBits(address: string): bigint {
  if (net.isIPv4(address)) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  let text = address.toLowerCase().split('%')[0];
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = toBits(v4[1]);
    text = text.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function v4FromBits(bits: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 0xffn)).join('.');
}
