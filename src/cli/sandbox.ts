// Where the CLI's sandbox comes from: the image (prepared on the spot when
// this machine has none: downloaded from COWORK_IMAGE_URL, else built), the
// guest agent bundle next to dist/cli.js, and the driver chosen by
// src/sandbox/drivers/select ('auto' prefers a VM, falls back to namespaces
// where no VM can run).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareImage } from '../sandbox/image/prepare';
import { PrepareCancelled, type StepListener } from '../sandbox/image/progress';
import { findImage } from '../sandbox/image/store';
import { defaultFactory, selectDriver } from '../sandbox/drivers/select';
import { SandboxManager } from '../sandbox/manager';
import type { DriverSetting } from './args';

export class SetupError extends Error {}

export interface PrepareHooks {
  /** Called once before a missing image is prepared, with how. */
  onStart?: (how: 'download' | 'build', from: string | undefined) => void;
  onStep?: StepListener;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** The image to use: COWORK_IMAGE_DIR, the store's, or one prepared now. Throws PrepareCancelled when cancelled. */
export async function ensureImage(hooks: PrepareHooks = {}): Promise<string> {
  const pinned = process.env.COWORK_IMAGE_DIR;
  if (pinned) {
    if (!fs.existsSync(pinned)) throw new SetupError(`COWORK_IMAGE_DIR is ${pinned}, which does not exist.`);
    return pinned;
  }
  const present = findImage();
  if (present) return present.dir;
  const url = process.env.COWORK_IMAGE_URL || undefined;
  hooks.onStart?.(url ? 'download' : 'build', url);
  try {
    return (await prepareImage({ url, onStep: hooks.onStep, log: hooks.log, signal: hooks.signal })).dir;
  } catch (err) {
    if (err instanceof PrepareCancelled) throw err;
    throw new SetupError(`could not prepare the sandbox image: ${(err as Error).message}`);
  }
}

/** The image already on this machine (COWORK_IMAGE_DIR or the store's), never preparing one; undefined when there is none. */
export function installedImage(): string | undefined {
  const pinned = process.env.COWORK_IMAGE_DIR;
  if (pinned) return fs.existsSync(pinned) ? pinned : undefined;
  return findImage()?.dir;
}

/** The folder holding guest-agent.js and cowork-doc.js (dist/ beside or above cli.js); the guest sees it as /opt/cowork. */
export function findToolsDir(): string {
  const toolsDir = [__dirname, path.resolve(__dirname, '..', 'dist'), path.resolve(__dirname, '..', '..', 'dist')].find((d) =>
    fs.existsSync(path.join(d, 'guest-agent.js')),
  );
  if (!toolsDir) throw new SetupError('dist/guest-agent.js is missing. Run `npm run build` first.');
  return toolsDir;
}

export interface RunLimits {
  /** Write budget in bytes (0 or undefined: none). */
  writeBudgetBytes?: number;
  /** Where a VM that failed to start is reported (once) before the task falls back to namespaces. */
  log?: (line: string) => void;
}

export async function createSandbox(
  setting: DriverSetting,
  skillDirs: Record<string, string> = {},
  hooks: PrepareHooks = {},
  limits: RunLimits = {},
): Promise<{ manager: SandboxManager; notes: string[] }> {
  const image = await ensureImage(hooks);
  const toolsDir = findToolsDir();
  let selection;
  try {
    selection = await selectDriver(setting, defaultFactory, process.platform, limits.log);
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
  const manager = new SandboxManager({
    imageDir: image,
    toolsDir,
    skillDirs,
    driver: selection.driver,
    stateRoot: process.env.COWORK_STATE_DIR || undefined,
    writeBudgetBytes: limits.writeBudgetBytes,
  });
  return { manager, notes: selection.notes };
}
