// The timeout of one connector tool call, kept by Cowork rather than the SDK so
// it can stop counting while the person answers the server's form (elicitation):
// a long form must not fail the call it belongs to. Progress notifications start
// it again from zero; when it runs out, `signal` aborts the request with a
// timeout error (the SDK then tells the server the request was cancelled).

import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export class CallTimeout {
  private readonly controller = new AbortController();
  private timer?: ReturnType<typeof setTimeout>;
  private paused = 0;
  private done = false;

  constructor(
    private readonly ms: number,
    private readonly what: string,
  ) {
    this.arm();
  }

  /** Aborted when the call ran out of time. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The server reported progress: the clock starts again (unless paused). */
  reset(): void {
    if (this.paused === 0) this.arm();
  }

  /** The person is being asked something; nested pauses count. */
  pause(): void {
    this.paused++;
    this.clear();
  }

  /** The person answered: a fresh full timeout from now. */
  resume(): void {
    if (this.paused > 0 && --this.paused === 0) this.arm();
  }

  dispose(): void {
    this.done = true;
    this.clear();
  }

  private arm(): void {
    this.clear();
    if (this.done) return;
    this.timer = setTimeout(() => {
      this.done = true;
      const seconds = Math.round(this.ms / 100) / 10;
      this.controller.abort(new McpError(ErrorCode.RequestTimeout, `${this.what} timed out: no result or progress within ${seconds} s`, { timeout: this.ms }));
    }, this.ms);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
