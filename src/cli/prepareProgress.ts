// How `cowork run` shows the sandbox image being prepared: a bar redrawn in
// place on a terminal, plain lines otherwise (a log, CI): one line per new
// message kind, and for the download at most one per 10 %.

import type { PrepareStep } from '../sandbox/image/progress';

export interface ProgressOut {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export class PrepareProgress {
  private lastKind = '';
  private lastTenth = -1;
  private drawn = false;

  constructor(private readonly out: ProgressOut) {}

  step(s: PrepareStep): void {
    if (this.out.isTTY) {
      const width = 24;
      const full = Math.round((s.percent / 100) * width);
      const line = `sandbox image [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(s.percent).padStart(3)}% ${s.message}`;
      const max = Math.max(20, (this.out.columns ?? 80) - 1);
      this.out.write(`\r${line.slice(0, max).padEnd(max)}`);
      this.drawn = true;
      return;
    }
    // "downloading 12 of 78 MiB" and "downloading 13 of 78 MiB" are one kind.
    const kind = `${s.phase}:${s.message.replace(/\d+/g, '#')}`;
    const tenth = Math.floor(s.percent / 10);
    if (kind === this.lastKind && tenth === this.lastTenth) return;
    if (kind === this.lastKind && s.phase !== 'download') return;
    this.lastKind = kind;
    this.lastTenth = tenth;
    this.out.write(`· sandbox image ${String(s.percent).padStart(3)}% ${s.message}\n`);
  }

  /** Ends the bar's line (call once, whatever the outcome). */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
