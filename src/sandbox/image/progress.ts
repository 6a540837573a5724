// One vocabulary for "getting the image ready", shared by the build, the
// download and whoever shows it (the extension's notification, the CLI's bar).

export type PreparePhase = 'download' | 'verify' | 'unpack' | 'build' | 'install';

export interface PrepareStep {
  phase: PreparePhase;
  /** 0–100 for the whole preparation, never decreasing. */
  percent: number;
  /** One short line for a person ("downloading 120 of 310 MiB"). */
  message: string;
}

export type StepListener = (step: PrepareStep) => void;

/** Raised when the person cancelled; callers show nothing alarming for it. */
export class PrepareCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PrepareCancelled';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PrepareCancelled();
}

/** Wraps a listener so percents never go backwards and repeats are dropped. */
export function monotonic(listener: StepListener): StepListener {
  let last = -1;
  let lastMessage = '';
  return (s) => {
    const percent = Math.max(last, Math.min(100, Math.round(s.percent)));
    if (percent === last && s.message === lastMessage) return;
    last = percent;
    lastMessage = s.message;
    listener({ ...s, percent });
  };
}

export function mib(bytes: number): string {
  return (bytes / (1 << 20)).toFixed(0);
}
