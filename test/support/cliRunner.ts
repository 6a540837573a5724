// Runs the bundled CLI as a person would: a real process with its own
// environment and stdin, output collected.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { cliBuilds } from '../../scripts/cliBundles.cjs';
import { REPO_ROOT } from './repoRoot';
import { guestTools } from './sandboxFixture';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let cliPath: string | undefined;
/** Bundles cli.js and cli-agent.js next to a fresh guest-agent.js, as scripts/build.mjs lays out dist/ (pdf.js and pdf-lib inside). */
export function bundledCli(): string {
  if (!cliPath) {
    const dir = guestTools();
    cliPath = path.join(dir, 'cli.js');
    for (const b of cliBuilds(dir, REPO_ROOT, { engineFiles: false })) buildSync({ ...b, logLevel: 'warning' });
  }
  return cliPath;
}

let testHome: string | undefined;
/**
 * COWORK_HOME for runs that do not name one: a temp dir of this test process, so the task
 * records every run keeps (~/.cowork/tasks) and any "always" answers stay out of the real home.
 */
export function cliTestHome(): string {
  testHome ??= mkdtempSync(path.join(os.tmpdir(), 'cowork-cli-home-'));
  return testHome;
}

/** `prefix` runs the CLI through another program first (e.g. setpriv to become another user). */
export function runCli(args: string[], env: Record<string, string>, stdin = '', prefix: string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const argv = [...prefix, process.execPath, bundledCli(), ...args];
    // Run as another user (prefix), the CLI uses that user's HOME as the test gives it.
    const home = prefix.length === 0 ? { COWORK_HOME: process.env.COWORK_HOME ?? cliTestHome() } : {};
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...home, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
