// A static HTTP server on 127.0.0.1 for packed images (release files), with
// the faults a real download meets: a file served with some bytes changed, a
// file cut short (announced at its short length), and a connection that dies
// half-way through a file announced at its full length.

import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type Fault = { kind: 'corrupt'; at: number } | { kind: 'truncate'; bytes: number } | { kind: 'cut'; bytes: number } | { kind: 'status'; code: number };

export interface ReleaseServer {
  url: string;
  /** Requests seen, by path. */
  hits: string[];
  /** Serves `name` with a fault from now on (undefined clears it). */
  fault(name: string, f: Fault | undefined): void;
  /** Delays each body chunk of `name` (to abort a download half-way). */
  throttle(name: string, msPerChunk: number | undefined): void;
  close(): Promise<void>;
}

export async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const faults = new Map<string, Fault>();
  const slow = new Map<string, number>();
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/+(releases\/)?/, ''));
    hits.push(name);
    const file = join(dir, name);
    let size: number;
    try {
      if (name.includes('..') || !statSync(file).isFile()) throw new Error('no');
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const f = faults.get(name);
    if (f?.kind === 'status') {
      res.writeHead(f.code).end();
      return;
    }
    if (f?.kind === 'corrupt') {
      const b = readFileSync(file);
      b[f.at] = b[f.at]! ^ 0xff;
      res.writeHead(200, { 'content-length': b.length }).end(b);
      return;
    }
    if (f?.kind === 'truncate') {
      res.writeHead(200, { 'content-length': Math.min(size, f.bytes) });
      createReadStream(file, { end: Math.min(size, f.bytes) - 1 }).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-length': size });
    const limit = f?.kind === 'cut' ? f.bytes : Infinity;
    let sent = 0;
    const delay = slow.get(name);
    const stream = createReadStream(file, { highWaterMark: 64 << 10 });
    stream.on('data', (chunk: Buffer | string) => {
      const c = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (sent + c.length > limit) {
        res.write(c.subarray(0, limit - sent));
        stream.destroy();
        res.socket?.destroy();
        return;
      }
      sent += c.length;
      res.write(c);
      if (delay) {
        stream.pause();
        setTimeout(() => stream.resume(), delay);
      }
    });
    stream.on('end', () => res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/releases`,
    hits,
    fault: (name, f) => (f ? faults.set(name, f) : faults.delete(name)),
    throttle: (name, ms) => (ms ? slow.set(name, ms) : slow.delete(name)),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
