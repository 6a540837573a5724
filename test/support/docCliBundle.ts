// The stand-alone `cowork-doc.js` bundled into a test folder, as the sandbox gets it (no
// node_modules beside it), and a way to run it there as a person at a shell would.
// Shared by the CLI tests of the document commands.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './repoRoot';

export function buildDocCli(dir: string): string {
  const out = path.join(dir, 'cowork-doc.js');
  buildSync({ bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', entryPoints: [path.join(REPO_ROOT, 'src/documents/cli/main.ts')], outfile: out, target: 'node18' });
  return out;
}

export interface DocCliRun {
  code: number | null;
  out: string;
  err: string;
}

export interface DocCliOptions {
  /** How long one command may run before it is killed (default 60 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** What the command reads on standard input (default: nothing, an empty pipe). */
  input?: string;
}

/** Runs the bundled CLI `cli` with `args` in the folder `cwd`; status, stdout and stderr. */
export function runDocCli(cli: string, cwd: string, args: string[], options: DocCliOptions = {}): DocCliRun {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, cwd, env: options.env, input: options.input ?? '' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
