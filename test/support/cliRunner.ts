// Runs the bundled CLI as a person would: a real process with its own
// environment and stdin, output collected; and CliRunSetup, the task setup the
// `cowork run` suites share (image, folder, state dir, scripted model server).
//
//   const task = new CliRunSetup('cli');
//   beforeEach(function () { task.prepare(this, { 'notes.txt': 'draft\n' }); });
//   afterEach(() => task.dispose());
//   const server = await task.serve({ transcript });
//   const r = await task.run(['run', PROMPT, '--folder', task.folder, '--yes']);

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { cliBuilds } from '../../scripts/cliBundles.cjs';
import { startModelServer, type ModelServer, type ModelServerOptions } from '../model-server';
import { REPO_ROOT } from './repoRoot';
import { guestTools, requireTestImage, tempDir } from './sandboxFixture';

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
  testHome ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-cli-home-'));
  return testHome;
}

/** `prefix` runs the CLI through another program first (e.g. setpriv to become another user). */
export function runCli(args: string[], env: Record<string, string>, stdin = '', prefix: string[] = []): Promise<CliRun> {
  // Run as another user (prefix), the CLI uses that user's HOME as the test gives it.
  const home: Record<string, string> = prefix.length === 0 ? { COWORK_HOME: process.env.COWORK_HOME ?? cliTestHome() } : {};
  return runProcess([...prefix, process.execPath, bundledCli(), ...args], { ...home, ...env }, stdin);
}

/** Runs `argv` with this process's environment plus `env`, `stdin` written and closed, and collects its output. */
export function runProcess(argv: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * One `cowork run` suite's task setup, fresh for each test: the sandbox image (looked
 * up per test, since images may be rebuilt while a suite runs; skipped without one,
 * failing with CI=true), a task folder with the given files, a state dir, the scripted
 * model server, and the environment that points the bundled CLI at them. The namespace
 * driver keeps the suites fast; `auto` would boot a VM where one can run.
 */
export class CliRunSetup {
  image = '';
  folder = '';
  stateDir = '';
  server?: ModelServer;
  private readonly dirs: string[] = [];

  /** `name` prefixes the temp folders. */
  constructor(private readonly name: string) {}

  /** In `beforeEach` (or at the start of a test): the image, a fresh folder holding `files` (relative path → content) and a state dir. */
  prepare(ctx: Mocha.Context, files: Record<string, string> = {}): void {
    this.image = requireTestImage(ctx);
    this.folder = this.tempDir('folder');
    this.stateDir = this.tempDir('state');
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(this.folder, rel)), { recursive: true });
      fs.writeFileSync(path.join(this.folder, rel), content);
    }
  }

  /** A further temp folder (a home, a second input), removed with the others. */
  tempDir(what: string): string {
    const d = tempDir(`${this.name}-${what}`);
    this.dirs.push(d);
    return d;
  }

  /** Starts the scripted model server for this test, as startModelServer does (the previous one is closed). */
  async serve(options: ModelServerOptions): Promise<ModelServer> {
    await this.server?.close();
    this.server = await startModelServer(options);
    return this.server;
  }

  /** The CLI's environment: API key and base URL of the model server, image, state dir, namespace driver, then `extra`. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    if (!this.server) throw new Error('CliRunSetup.env: serve() a transcript first');
    return { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: this.server.url, COWORK_IMAGE_DIR: this.image, COWORK_STATE_DIR: this.stateDir, COWORK_SANDBOX_DRIVER: 'namespace', ...extra };
  }

  /** Runs the bundled CLI with `args` in this setup's environment (plus `extraEnv`). */
  run(args: string[], stdin = '', extraEnv: Record<string, string> = {}): Promise<CliRun> {
    return runCli(args, this.env(extraEnv), stdin);
  }

  /** In `afterEach`: closes the model server and removes the folders. */
  async dispose(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}
