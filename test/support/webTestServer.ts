// A real web server in the test process for web_fetch: plain HTTP, or HTTPS with a
// self-signed certificate made by openssl for 127.0.0.1 and localhost (the fetcher
// is given it as an extra CA). Routes are plain functions; every request is counted
// by path, so tests can see what the fetcher asked for (robots.txt, cache hits).
// Also a small forward proxy (absolute-URI GETs and CONNECT tunnels) for the proxy tests.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface WebTestServer {
  /** http(s)://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Requests per path (with query). */
  hits: Map<string, number>;
  /** Headers of every request, in order. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Every byte received, HTTP or not, as latin1 text (what a leak check searches). */
  received(): string;
  /** TCP connections accepted so far. */
  connections: number;
  route(pathname: string, handler: Route): void;
  close(): Promise<void>;
}

export interface TestCertificate {
  key: string;
  cert: string;
}

let certificate: TestCertificate | undefined;
/** A self-signed certificate for 127.0.0.1 / localhost, made once per process. */
export function testCertificate(): TestCertificate {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    certificate = { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
    return certificate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `host`: the loopback address to listen on (default 127.0.0.1; Linux routes all of 127/8 to lo). */
export async function startWebServer(opts: { tls?: boolean; host?: string } = {}): Promise<WebTestServer> {
  const host = opts.host ?? '127.0.0.1';
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const requests: WebTestServer['requests'] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname + url.search;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    requests.push({ path: key, headers: req.headers });
    const route = routes.get(url.pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    route(req, res);
  };
  const server = opts.tls ? https.createServer(testCertificate(), handler) : http.createServer(handler);
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  let connections = 0;
  server.on('connection', (s: net.Socket) => {
    connections++;
    sockets.add(s);
    s.on('data', (d: Buffer) => void received.push(d.toString('latin1')));
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    hits,
    requests,
    received: () => received.join(''),
    get connections() {
      return connections;
    },
    route: (p, h) => void routes.set(p, h),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TestProxy {
  url: string;
  /** What went through: "GET http://…" or "CONNECT host:port". */
  seen: string[];
  close(): Promise<void>;
}

export async function startTestProxy(): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    sockets.add(client);
    sockets.add(upstream);
  });
  server.on('connection', (s: net.Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
