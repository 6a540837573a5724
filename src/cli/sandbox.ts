// Where the CLI's sandbox comes from: the built image, the guest agent bundle
// next to dist/cli.js, and the driver chosen by src/sandbox/drivers/select
// ('auto' prefers a VM, falls back to namespaces where no VM can run).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { findImage } from '../sandbox/image/store';
import { defaultFactory, selectDriver } from '../sandbox/drivers/select';
import { SandboxManager } from '../sandbox/manager';
import type { DriverSetting } from './args';

export class SetupError extends Error {}

export interface SandboxSetup {
  skillDirs?: Record<string, string>;
  /** Bytes (0 or undefined: none). */
  writeBudgetBytes?: number;
  /** Where a VM that failed to start is reported (once) before the task falls back to namespaces. */
  log?: (line: string) => void;
}

export async function createSandbox(setting: DriverSetting, setup: SandboxSetup = {}): Promise<{ manager: SandboxManager; notes: string[] }> {
  const image = process.env.COWORK_IMAGE_DIR ?? findImage()?.dir;
  if (!image || !fs.existsSync(image)) {
    throw new SetupError('No sandbox image found. Build it once with `npm run sandbox:image` (or set COWORK_IMAGE_DIR).');
  }
  const toolsDir = [__dirname, path.resolve(__dirname, '..', 'dist'), path.resolve(__dirname, '..', '..', 'dist')].find((d) =>
    fs.existsSync(path.join(d, 'guest-agent.js')),
  );
  if (!toolsDir) throw new SetupError('dist/guest-agent.js is missing. Run `npm run build` first.');
  let selection;
  try {
    selection = await selectDriver(setting, defaultFactory, process.platform, setup.log);
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
  const manager = new SandboxManager({
    imageDir: image,
    toolsDir,
    skillDirs: setup.skillDirs ?? {},
    driver: selection.driver,
    stateRoot: process.env.COWORK_STATE_DIR || undefined,
    writeBudgetBytes: setup.writeBudgetBytes,
  });
  return { manager, notes: selection.notes };
}
