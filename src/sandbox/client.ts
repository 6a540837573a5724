// Host side of the protocol: sends requests over a GuestConnection's stream and
// matches responses by id. When the stream ends, every call still in flight
// fails with EGUESTDIED and the client refuses new calls; whoever owns it
// (src/sandbox/manager.ts) starts a new guest and a new client.

import type { Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder } from './framing';
import { isErrorCode, type GuestToHost, type OpName, type Params, type Result } from './protocol';
import { SandboxError } from './session';

export interface CallOptions {
  session?: string;
  onChunk?: (stream: 'stdout' | 'stderr', data: string) => void;
  /** Aborting sends a cancel; the call then fails with ECANCELLED. */
  signal?: AbortSignal;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onChunk?: CallOptions['onChunk'];
}

export class GuestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private deadReason: string | undefined;

  constructor(private readonly stream: Duplex) {
    const decoder = new FrameDecoder({
      message: (m) => this.onMessage(m as GuestToHost),
      error: (e) => this.failAll(`protocol error from guest: ${e.message}`),
    });
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.on('close', () => this.failAll('the guest stopped'));
    stream.on('end', () => this.failAll('the guest stopped'));
    stream.on('error', (err) => this.failAll(`guest stream error: ${err.message}`));
  }

  get alive(): boolean {
    return this.deadReason === undefined;
  }

  get inflight(): number {
    return this.pending.size;
  }

  call<O extends OpName>(op: O, params: Params<O>, opts: CallOptions = {}): Promise<Result<O>> {
    if (this.deadReason !== undefined) return Promise.reject(new SandboxError('EGUESTDIED', this.deadReason));
    if (opts.signal?.aborted) return Promise.reject(new SandboxError('ECANCELLED', 'cancelled before start'));
    const id = this.nextId++;
    let frame: Buffer;
    try {
      frame = encodeFrame({ t: 'req', id, op, session: opts.session, params });
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<Result<O>>((resolve, reject) => {
      const onAbort = () => {
        if (this.pending.has(id) && this.alive) this.stream.write(encodeFrame({ t: 'cancel', id }));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(v as Result<O>);
        },
        reject: (e) => {
          opts.signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
        onChunk: opts.onChunk,
      });
      this.stream.write(frame);
    });
  }

  private onMessage(m: GuestToHost): void {
    if (!m || typeof m !== 'object' || typeof m.id !== 'number') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.t === 'chunk') {
      if (typeof m.data === 'string') p.onChunk?.(m.stream === 'stderr' ? 'stderr' : 'stdout', m.data);
      return;
    }
    if (m.t !== 'res') return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else {
      const e: Partial<typeof m.error> = m.error ?? {};
      p.reject(new SandboxError(isErrorCode(e.code) ? e.code : 'EPROTO', typeof e.message === 'string' ? e.message : 'malformed error from guest'));
    }
  }

  /** Fails every call in flight; later calls fail at once. */
  failAll(reason: string): void {
    if (this.deadReason === undefined) this.deadReason = reason;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) p.reject(new SandboxError('EGUESTDIED', reason));
  }
}
