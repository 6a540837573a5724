// Runs one `cowork doc` command inside a throwaway sandbox session, for the host CLI's
// commands that start LibreOffice (recalc, thumbnails): a document is a file from
// anywhere, and LibreOffice is a large program that opens it, so it runs in the guest
// (the image's own LibreOffice), never on the host. The input is copied into a fresh
// folder with its own staging state (concurrent runs never share a guest); the guest's
// bundled engine (`cowork-doc.js`) runs there, and the files it writes, new ones, are
// promoted into that folder, where `read` picks them up before everything is removed.
// No image on this machine, or no driver that can run here: a clear DocumentError.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError } from '../documents/ooxml';
import { defaultFactory, selectDriver } from '../sandbox/drivers/select';
import { SandboxManager } from '../sandbox/manager';
import type { DriverSetting } from './args';
import { findToolsDir, installedImage, SetupError } from './sandbox';

const DRIVERS: readonly DriverSetting[] = ['auto', 'qemu', 'vz', 'namespace'];
const GUEST_DOC = '/opt/cowork/cowork-doc.js';

export interface SandboxDocJob<T> {
  /** What runs, for messages: "recalc runs LibreOffice Calc". */
  purpose: string;
  /** The input's name in the throwaway folder, and its bytes. */
  inputName: string;
  input: Uint8Array;
  /** Arguments after `cowork-doc.js`, paths relative to the folder. */
  args: string[];
  timeoutMs: number;
  log: (line: string) => void;
  /** Reads the result while the folder still exists. */
  read(run: SandboxDocRun): T | Promise<T>;
}

export interface SandboxDocRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  /** "the sandbox (namespace)" */
  ranIn: string;
  /** The host folder the command ran in (its outputs are here). */
  folder: string;
}

export async function runDocInSandbox<T>(job: SandboxDocJob<T>): Promise<T> {
  const image = installedImage();
  const noImage =
    `${job.purpose} inside the Cowork sandbox, and this machine has no sandbox image yet: ` +
    '`cowork run` prepares one on first use (or set COWORK_IMAGE_DIR to an image folder)';
  if (!image) throw new DocumentError('NOT_FOUND', process.env.COWORK_IMAGE_DIR ? `COWORK_IMAGE_DIR is ${process.env.COWORK_IMAGE_DIR}, which does not exist; ${noImage}` : noImage);
  const setting = (process.env.COWORK_SANDBOX_DRIVER || 'auto') as DriverSetting;
  if (!DRIVERS.includes(setting)) throw new DocumentError('INVALID_ARGUMENT', `COWORK_SANDBOX_DRIVER must be one of ${DRIVERS.join(', ')}`);
  let toolsDir: string;
  let driver;
  try {
    toolsDir = findToolsDir();
    driver = (await selectDriver(setting, defaultFactory, process.platform, job.log)).driver;
  } catch (err) {
    const why = err instanceof SetupError ? err.message : `no sandbox can run here: ${(err as Error).message}`;
    throw new DocumentError('NOT_FOUND', `${job.purpose} inside the Cowork sandbox; ${why}`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-doc-'));
  const folder = path.join(tmp, 'work');
  fs.mkdirSync(folder, { mode: 0o755 });
  fs.chmodSync(tmp, 0o755);
  fs.writeFileSync(path.join(folder, job.inputName), job.input);
  const manager = new SandboxManager({ imageDir: image, toolsDir, driver, stateRoot: path.join(tmp, 'state'), log: job.log });
  try {
    const session = await manager.openSession(folder);
    let run: SandboxDocRun;
    try {
      const r = await session.exec({ command: ['node', GUEST_DOC, ...job.args], timeoutMs: job.timeoutMs, maxOutputBytes: 8 << 20 });
      run = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, timedOut: r.timedOut, ranIn: `the sandbox (${session.driver})`, folder };
    } finally {
      await session.close().catch(() => undefined);
    }
    // New files are promoted into the folder once the command that wrote them ended.
    return await job.read(run);
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError('NOT_FOUND', `${job.purpose} inside the Cowork sandbox, which failed: ${(err as Error).message}`);
  } finally {
    await manager.dispose().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The guest's `--json` report, or undefined when it printed something else. */
export function guestReport<T extends object>(stdout: string): T | undefined {
  try {
    const v = JSON.parse(stdout) as unknown;
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a guest command failed, in one line for an error. */
export function guestFailure(run: SandboxDocRun): string {
  return run.timedOut ? 'timed out' : (run.stderr.trim() || run.stdout.trim() || `exit ${run.exitCode}`).slice(0, 2000);
}
