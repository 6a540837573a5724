// One HTTP GET, no redirects followed: the caller decides about each hop. The
// request carries no cookies, no credentials and no referrer; the connection goes
// only to an address checked after DNS (see webAddress.ts), directly or through the
// proxy (plain requests for http, a CONNECT tunnel for https). The body is read up
// to a byte limit (after decompression, so a small gzip cannot grow past it) within
// one deadline for the whole hop.

import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { checkAddress, hostOf, WebFetchError, type AddressAllowList } from './webAddress';
import { proxyAuthorization } from './proxySettings';

export interface HopRequest {
  url: URL;
  /** Deadline for connecting, the headers and the whole body. */
  timeoutMs: number;
  /** Body bytes kept; more is cut off and `truncated` set. */
  maxBytes: number;
  allowPrivate: AddressAllowList;
  proxy?: URL;
  headers: Record<string, string>;
  /** Extra trusted CA certificates (tests with a self-signed server; corporate roots). */
  ca?: string | Buffer | (string | Buffer)[];
  signal?: AbortSignal;
}

export interface HopResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
}

/** Resolves a host name and refuses it unless every address is allowed (so a mixed answer cannot be raced). */
export async function resolveChecked(host: string, allow: AddressAllowList): Promise<string> {
  if (net.isIP(host)) {
    checkAddress(host, allow, host);
    return host;
  }
  let answers: dns.LookupAddress[];
  try {
    answers = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new WebFetchError(`The host name ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'dns');
  }
  if (answers.length === 0) throw new WebFetchError(`The host name ${host} has no address.`, 'dns');
  for (const a of answers) checkAddress(a.address, allow, host);
  return answers[0].address;
}

export function httpHop(req: HopRequest): Promise<HopResponse> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, req.timeoutMs);
  return runHop(req, controller.signal)
    .catch((err: unknown) => {
      if (timedOut) throw new WebFetchError(`${req.url.href} did not answer within ${Math.round(req.timeoutMs / 1000)} s.`, 'timeout');
      if (req.signal?.aborted) throw new WebFetchError('Cancelled.', 'network');
      if (err instanceof WebFetchError) throw err;
      const e = err as NodeJS.ErrnoException;
      throw new WebFetchError(`Could not fetch ${req.url.href}: ${e.code ? `${e.code} ` : ''}${e.message}`.trim(), 'network');
    })
    .finally(() => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    });
}

async function runHop(req: HopRequest, signal: AbortSignal): Promise<HopResponse> {
  const { url } = req;
  const host = hostOf(url);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  // Checked before the proxy sees the name too: the proxy resolves it itself, and
  // would otherwise be a way round the check (a best effort: its DNS may differ).
  const address = await resolveChecked(host, req.allowPrivate);
  const headers: Record<string, string> = { ...req.headers, host: url.host };
  let options: https.RequestOptions;
  if (!req.proxy) {
    options = { host: address, port, servername: net.isIP(host) ? undefined : host, path: url.pathname + url.search };
  } else if (url.protocol === 'http:') {
    const auth = proxyAuthorization(req.proxy);
    options = { host: req.proxy.hostname, port: Number(req.proxy.port) || 80, path: url.href };
    if (auth) headers['proxy-authorization'] = auth;
  } else {
    const socket = await tunnel(req.proxy, host, port, signal);
    options = { createConnection: () => tls.connect({ socket, servername: net.isIP(host) ? undefined : host, ca: req.ca }), path: url.pathname + url.search };
  }
  // The module that speaks to the first hop: TLS for an https page (direct or tunnelled), else
  // plain http to the page or to an http proxy (an https proxy for plain pages is TLS to the proxy).
  const useTls = url.protocol === 'https:' || (req.proxy?.protocol === 'https:' && url.protocol === 'http:');
  return new Promise<HopResponse>((resolve, reject) => {
    // agent: false (no pooled sockets) except for a tunnel, whose socket createConnection gives.
    const agent = options.createConnection ? undefined : false;
    const request = (useTls ? https : http).request({ ...options, method: 'GET', headers, agent, signal, ...(useTls ? { ca: req.ca } : {}) });
    request.on('error', reject);
    request.on('response', (res) => readBody(res, req.maxBytes).then(resolve, reject));
    request.end();
  });
}

/** A CONNECT tunnel through the proxy to host:port. */
function tunnel(proxy: URL, host: string, port: number, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const auth = proxyAuthorization(proxy);
    const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    const request = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.hostname,
      port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(auth ? { 'proxy-authorization': auth } : {}) },
      agent: false,
      signal,
    });
    request.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new WebFetchError(`The proxy ${proxy.host} refused the connection to ${target} (${res.statusCode} ${res.statusMessage ?? ''}).`.trim(), 'network'));
    });
    request.on('error', (err) => reject(new WebFetchError(`The proxy ${proxy.host} could not be reached: ${err.message}`, 'network')));
    request.end();
  });
}

function readBody(res: http.IncomingMessage, maxBytes: number): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
    const stream = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean) => {
      if (done) return;
      done = true;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
    };
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = maxBytes;
        finish(true);
        res.destroy();
        decoder?.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => finish(false));
    stream.on('error', (err) => {
      if (!done) reject(new WebFetchError(`The response could not be read: ${err.message}`, 'network'));
    });
    res.on('aborted', () => {
      if (!done) reject(new WebFetchError('The server closed the connection before the page was complete.', 'network'));
    });
  });
}
