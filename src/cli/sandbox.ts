// Where the CLI's sandbox comes from: the built image, the guest agent bundle
// next to dist/cli.js, and the namespace driver (the driver the sandbox module
// defaults to; VM driver selection plugs in here when it exists).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { findImage } from '../sandbox/image/store';
import { SandboxManager } from '../sandbox/manager';

export class SetupError extends Error {}

export function createSandbox(skillDirs: Record<string, string> = {}): SandboxManager {
  const image = process.env.COWORK_IMAGE_DIR ?? findImage()?.dir;
  if (!image || !fs.existsSync(image)) {
    throw new SetupError('No sandbox image found. Build it once with `npm run sandbox:image` (or set COWORK_IMAGE_DIR).');
  }
  const toolsDir = [__dirname, path.resolve(__dirname, '..', 'dist'), path.resolve(__dirname, '..', '..', 'dist')].find((d) =>
    fs.existsSync(path.join(d, 'guest-agent.js')),
  );
  if (!toolsDir) throw new SetupError('dist/guest-agent.js is missing. Run `npm run build` first.');
  return new SandboxManager({ imageDir: image, toolsDir, skillDirs, stateRoot: process.env.COWORK_STATE_DIR || undefined });
}
