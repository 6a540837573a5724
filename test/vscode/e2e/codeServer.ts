// Runs code-server (VS Code 1.100 served to a browser) for one test run: its own
// user-data and extensions directories, the VSIX installed, a free port on 127.0.0.1,
// and its output kept in a log file so a failing run can be diagnosed afterwards.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { installExtension } from './extensionInstall';
import { repoRoot } from './paths';

export interface CodeServerOptions {
  /** code-server launcher (…/node_modules/.bin/code-server). */
  binary: string;
  /** Directory for this run's user data, extensions, config and logs. */
  stateDir: string;
  /** VSIX to install before starting (installed once per run, copied per session: extensionInstall.ts). */
  vsix: string;
  /** Written to User/settings.json before start. */
  settings: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** Rewrites User/settings.json; VS Code picks the change up live. */
  writeSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/** Finds the code-server launcher: $COWORK_CODE_SERVER, else installs/locates it via the script. */
export function locateCodeServer(): string {
  const fromEnv = process.env.COWORK_CODE_SERVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const script = path.join(repoRoot, 'scripts', 'install-code-server.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const userDataDir = path.join(options.stateDir, 'user-data');
  const extensionsDir = path.join(options.stateDir, 'extensions');
  const configFile = path.join(options.stateDir, 'code-server.yaml');
  const logFile = path.join(options.stateDir, 'code-server.log');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // An explicit config keeps code-server from writing ~/.config/code-server/config.yaml.
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const writeSettings = (settings: Record<string, unknown>): void => {
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  };
  writeSettings(options.settings);

  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  await installExtension({ binary: options.binary, vsix: options.vsix, root: path.dirname(options.stateDir), extensionsDir, userDataDir });

  const port = await freePort();
  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const log = createWriteStream(logFile);
  const child = spawn(options.binary, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() ends the extension host and watchers too
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, logFile);
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    logFile,
    writeSettings,
    stop: () => stopProcessGroup(child),
  };
}

async function waitUntilServing(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within 60s; see ${logFile}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  signalGroup('SIGKILL'); // stragglers: extension host children, file watchers
}
