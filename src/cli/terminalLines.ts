// Lines typed (or piped) on the terminal, one prompt at a time. Shared by
// everything the CLI asks: connector approvals before the task, then the
// reviewer's questions, so lines typed ahead are never lost between them.

import * as readline from 'node:readline';

export class TerminalLines {
  private rl?: readline.Interface;
  private closed = false;
  private readonly typedAhead: string[] = [];
  private waiter?: (line: string) => void;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  /**
   * Writes the question and returns one line; '' once input has ended. When `signal` aborts first
   * (what was asked is no longer asked), the prompt line is ended and '' returned; a line typed
   * after that is kept for the next prompt.
   */
  async prompt(question: string, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return '';
    this.output.write(question);
    const line = await this.nextLine(signal);
    if (signal?.aborted) return '';
    // Piped answers are not echoed: end the prompt line ourselves.
    if (!(this.input as { isTTY?: boolean }).isTTY) this.output.write(`${line}\n`);
    return line;
  }

  /** Input has ended: every prompt from now on returns ''. */
  get ended(): boolean {
    return this.closed && this.typedAhead.length === 0;
  }

  close(): void {
    this.rl?.close();
  }

  private nextLine(signal?: AbortSignal): Promise<string> {
    if (!this.rl) {
      this.rl = readline.createInterface({ input: this.input, terminal: false });
      this.rl.on('line', (line) => {
        const waiter = this.waiter;
        this.waiter = undefined;
        if (waiter) waiter(line);
        else this.typedAhead.push(line);
      });
      this.rl.on('close', () => {
        this.closed = true;
        this.waiter?.('');
        this.waiter = undefined;
      });
    }
    const ready = this.typedAhead.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve('');
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiter !== waiter) return;
        this.waiter = undefined;
        this.output.write('\n');
        resolve('');
      };
      const waiter = (line: string) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(line);
      };
      this.waiter = waiter;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
