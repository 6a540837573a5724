// The notification's side of a sandbox preparation, without `vscode`: turns
// preparation steps into what withProgress wants (an increment since the last
// report and a message naming the phase and percent), and failures into the
// message and the buttons a person sees.

import { ImageDownloadError } from '../sandbox/image/download';
import { PrepareUnavailableError } from '../sandbox/image/prepare';
import { PrepareCancelled, type PreparePhase, type PrepareStep } from '../sandbox/image/progress';

const PHASE_LABEL: Record<PreparePhase, string> = {
  download: 'Downloading',
  unpack: 'Unpacking',
  verify: 'Verifying',
  build: 'Building',
  install: 'Installing',
};

export interface ProgressReport {
  increment: number;
  message: string;
}

/** Increments add up to the step's percent (withProgress sums them); messages read "Downloading: 12 of 78 MiB (15%)". */
export class NotificationSteps {
  private reported = 0;

  next(s: PrepareStep): ProgressReport {
    const percent = Math.max(this.reported, Math.min(100, s.percent));
    const increment = percent - this.reported;
    this.reported = percent;
    const what = s.message.replace(/^(downloading|unpacking|checking|building) /i, '');
    return { increment, message: `${PHASE_LABEL[s.phase]}: ${what} (${Math.round(percent)}%)` };
  }
}

export interface FailureView {
  /** undefined: nothing to show (the person cancelled). */
  message?: string;
  /** Whether "Open Settings" (the image URL) should be offered. */
  offerUrlSetting: boolean;
}

export function describeFailure(err: unknown): FailureView {
  if (err instanceof PrepareCancelled) return { offerUrlSetting: false };
  if (err instanceof PrepareUnavailableError) {
    return {
      message: `Cowork cannot prepare its sandbox here: ${err.missing.join('; ')}. Install what is missing, or set "cowork.sandbox.imageUrl" to a folder of packed images.`,
      offerUrlSetting: true,
    };
  }
  if (err instanceof ImageDownloadError) return { message: `Cowork could not download the sandbox image: ${err.message}`, offerUrlSetting: true };
  const text = err instanceof Error ? err.message : String(err);
  return { message: `Cowork could not prepare the sandbox: ${text.split('\n')[0]}`, offerUrlSetting: false };
}
