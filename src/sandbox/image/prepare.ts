// "Make sure there is an image": what the first task of a fresh machine calls.
// Present → use it. A download URL configured → download it. Else build it
// when this machine can (root, or an ordinary user with user namespaces and
// subordinate ids). Else one error that says both ways out. One preparation
// per process at a time: concurrent callers share it.

import { buildImage } from './build';
import { BuildUnavailableError, checkBuildHost } from './buildHost';
import { downloadImage } from './download';
import type { StepListener } from './progress';
import { findImage, imageDir, type ImageInfo } from './store';

export interface PrepareOptions {
  /** Base URL of packed images (cowork.sandbox.imageUrl / COWORK_IMAGE_URL); empty means build. */
  url?: string;
  onStep?: StepListener;
  /** Detailed lines (tool output), for a log. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export class PrepareUnavailableError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `the sandbox image is not on this machine, and it cannot be built here:\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
        'Install what is missing, or point cowork.sandbox.imageUrl (COWORK_IMAGE_URL for the CLI) at a folder of packed images (`npm run sandbox:image -- --pack`).',
    );
    this.name = 'PrepareUnavailableError';
  }
}

let running: Promise<ImageInfo> | undefined;

/** How the image would be prepared now, for a line before it starts. */
export function prepareMethod(url: string | undefined): 'present' | 'download' | 'build' {
  if (findImage()) return 'present';
  return url ? 'download' : 'build';
}

export function prepareImage(opts: PrepareOptions = {}): Promise<ImageInfo> {
  const existing = findImage();
  if (existing) return Promise.resolve(existing);
  running ??= run(opts).finally(() => (running = undefined));
  return running;
}

async function run(opts: PrepareOptions): Promise<ImageInfo> {
  const log = opts.log ?? (() => undefined);
  if (opts.url) {
    log(`sandbox image: downloading from ${opts.url} into ${imageDir()}`);
    return downloadImage({ url: opts.url, onStep: opts.onStep, log, signal: opts.signal });
  }
  try {
    checkBuildHost();
  } catch (e) {
    if (e instanceof BuildUnavailableError) throw new PrepareUnavailableError(e.missing);
    throw e;
  }
  log(`sandbox image: building into ${imageDir()}`);
  return buildImage(log, { onStep: opts.onStep, signal: opts.signal });
}
