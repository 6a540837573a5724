// Length-prefixed JSON frames, used by both ends. A frame over the limit is
// refused before it is sent (ETOOBIG to the caller) and skipped, byte for byte,
// when received, so one bad frame never desynchronises the stream.

import { MAX_FRAME_BYTES } from './protocol';
import { SandboxError } from './session';

const HEADER = 4;

export function encodeFrame(message: unknown, maxBytes = MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxBytes) {
    throw new SandboxError('ETOOBIG', `message of ${body.length} bytes exceeds the ${maxBytes}-byte frame limit`);
  }
  const frame = Buffer.allocUnsafe(HEADER + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER);
  return frame;
}

export interface DecoderEvents {
  message(value: unknown): void;
  /** A frame was dropped: too big, or not JSON. The stream stays usable. */
  error(err: SandboxError): void;
}

/** Incremental decoder: feed it chunks as they arrive, in any split. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of an oversized frame still to throw away. */
  private skipping = 0;

  constructor(
    private readonly events: DecoderEvents,
    private readonly maxBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: Buffer): void {
    if (this.skipping > 0) {
      const drop = Math.min(this.skipping, chunk.length);
      this.skipping -= drop;
      chunk = chunk.subarray(drop);
      if (chunk.length === 0) return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.drain();
  }

  private drain(): void {
    while (this.buffered >= HEADER) {
      const head = this.take(HEADER, false);
      const length = head.readUInt32BE(0);
      if (length > this.maxBytes) {
        this.take(HEADER, true);
        const drop = Math.min(length, this.buffered);
        this.take(drop, true);
        this.skipping = length - drop;
        this.events.error(new SandboxError('ETOOBIG', `received frame of ${length} bytes exceeds the ${this.maxBytes}-byte limit`));
        continue;
      }
      if (this.buffered < HEADER + length) return;
      this.take(HEADER, true);
      const body = this.take(length, true);
      let value: unknown;
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch (err) {
        this.events.error(new SandboxError('EPROTO', `frame is not JSON: ${(err as Error).message}`));
        continue;
      }
      this.events.message(value);
    }
  }

  /** Returns the first `n` buffered bytes, removing them when `consume`. */
  private take(n: number, consume: boolean): Buffer {
    if (n === 0) return Buffer.alloc(0);
    let out: Buffer;
    if (this.chunks[0].length >= n) {
      out = this.chunks[0].subarray(0, n);
    } else {
      const all = Buffer.concat(this.chunks);
      this.chunks = [all];
      out = all.subarray(0, n);
    }
    if (consume) {
      const first = this.chunks[0].subarray(n);
      if (first.length > 0) this.chunks[0] = first;
      else this.chunks.shift();
      this.buffered -= n;
    }
    return out;
  }
}
