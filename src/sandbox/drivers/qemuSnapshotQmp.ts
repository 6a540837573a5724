// A minimal QMP (QEMU Machine Protocol) client: just enough to pause a guest,
// migrate it to a file and resume a restored one. One command at a time;
// asynchronous events are skipped.

import { connect, type Socket } from 'node:net';

export class Qmp {
  private buf = '';
  private waiting: ((line: Record<string, unknown>) => void) | undefined;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line) as Record<string, unknown>;
        if ('event' in msg) continue;
        const w = this.waiting;
        this.waiting = undefined;
        w?.(msg);
      }
    });
    sock.on('close', () => this.waiting?.({ error: { desc: 'QMP connection closed' } }));
  }

  /** Connects (retrying while QEMU creates its socket) and enters command mode. */
  static async open(path: string, timeoutMs = 10_000): Promise<Qmp> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sock = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(path);
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (sock) {
        const qmp = new Qmp(sock);
        await qmp.next(); // greeting
        await qmp.execute('qmp_capabilities');
        return qmp;
      }
      if (Date.now() > deadline) throw new Error(`no QMP socket at ${path}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private next(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Runs a command; resolves with its `return` value, rejects with QEMU's error text. */
  async execute(command: string, args?: object): Promise<unknown> {
    const reply = this.next();
    this.sock.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}) }) + '\n');
    const r = await reply;
    if ('error' in r) throw new Error(`QMP ${command}: ${(r.error as { desc?: string }).desc ?? JSON.stringify(r.error)}`);
    return r.return;
  }

  async status(): Promise<string> {
    return ((await this.execute('query-status')) as { status: string }).status;
  }

  close(): void {
    this.sock.destroy();
  }
}
