// An agent task end to end through the CLI, as a person runs it: `cowork run PROMPT
// --folder DIR --yes --no-plan` from an install laid out like scripts/build.mjs's dist/
// (cli.js, guest-agent.js, cowork-doc.js, skills/ beside it), against the scripted model
// server, in the real sandbox (namespace driver), with its own state and home folders.
// Then what reached the model: tool results by id and the media blocks of the requests.
//
//   const task = new CliTask('receipts');
//   before(function () { task.install(this); });
//   after(() => task.dispose());
//   const { run, server, folder } = await task.run(PROMPT, transcript, (folder) => …);

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { runProcess, type CliRun } from './cliRunner';
import { buildDocBundles } from './docBundles';
import { startModelServer, type ModelServer, type Transcript, type TurnInput } from '../model-server';
import { needs, NO_IMAGE } from './needs';
import { REPO_ROOT } from './repoRoot';
import { findTestImage, tempDir } from './sandboxFixture';

export type CliRunResult = CliRun;

export interface CliTaskRun {
  run: CliRunResult;
  server: ModelServer;
  folder: string;
}

/** dist/ as scripts/build.mjs lays it out (cli.js, guest-agent.js, cowork-doc.js, engine-*.js) with skills/ beside it; returns cli.js. */
export function installLike(root: string): string {
  const dist = path.join(root, 'dist');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, logLevel: 'warning' as const };
  // cli.js and cowork-doc.js with pdf.js and pdf-lib as engine files beside them (docBundles.ts).
  buildDocBundles(dist, { cli: true });
  buildSync({ ...common, entryPoints: [path.join(REPO_ROOT, 'src/sandbox/guest/main.ts')], outfile: path.join(dist, 'guest-agent.js'), target: 'node18' });
  fs.cpSync(path.join(REPO_ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
  for (const d of [root, dist]) fs.chmodSync(d, 0o755);
  return path.join(dist, 'cli.js');
}

export function runInstalledCli(cli: string, args: string[], env: Record<string, string>): Promise<CliRunResult> {
  return runProcess([process.execPath, cli, ...args], env);
}

type Block = { type: string; tool_use_id?: string; content?: unknown; source?: { media_type?: string; data?: string } };

function toolResultBlocks(server: ModelServer): Block[] {
  const out: Block[] = [];
  for (const req of server.messageRequests()) {
    for (const m of (req.body.messages ?? []) as { role: string; content: unknown }[]) {
      if (m.role !== 'user' || !Array.isArray(m.content)) continue;
      for (const b of m.content as Block[]) if (b.type === 'tool_result') out.push(b);
    }
  }
  return out;
}

/** Every tool_result the agent sent back to the model, by tool_use id, as JSON text. */
export function toolResults(server: ModelServer): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of toolResultBlocks(server)) if (b.tool_use_id) out.set(b.tool_use_id, JSON.stringify(b.content));
  return out;
}

/** The image and document blocks inside tool results (type, media type, base64 length), by tool_use id. */
export function mediaBlocks(server: ModelServer): { id: string; type: string; media?: string; length: number }[] {
  const out: { id: string; type: string; media?: string; length: number }[] = [];
  for (const b of toolResultBlocks(server)) {
    if (!Array.isArray(b.content)) continue;
    for (const c of b.content as Block[]) {
      if ((c.type === 'image' || c.type === 'document') && c.source?.data) out.push({ id: b.tool_use_id ?? '', type: c.type, media: c.source.media_type, length: c.source.data.length });
    }
  }
  return out;
}

/** One suite's install and temp folders; each `run` gets a fresh folder, state and home. */
export class CliTask {
  image?: string;
  cli = '';
  private server?: ModelServer;
  private readonly dirs: string[] = [];

  constructor(private readonly name: string) {}

  /** In `before`: needs the sandbox image (skips without, fails with CI=true), then installs. */
  install(ctx: Mocha.Context): void {
    this.image = findTestImage();
    needs(ctx, this.image ? undefined : NO_IMAGE);
    this.cli = installLike(this.tempDir('install'));
  }

  tempDir(what: string): string {
    const d = tempDir(`${this.name}-${what}`);
    this.dirs.push(d);
    return d;
  }

  /** Lays out a folder with `setup`, then runs PROMPT on it against `transcript`. */
  async run(prompt: string, transcript: Transcript | TurnInput[], setup: (folder: string) => void, extraArgs: string[] = []): Promise<CliTaskRun> {
    const folder = this.tempDir('folder');
    setup(folder);
    await this.server?.close();
    const server = await startModelServer({ transcript });
    this.server = server;
    const run = await runInstalledCli(this.cli, ['run', prompt, '--folder', folder, '--yes', '--no-plan', ...extraArgs], {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: server.url,
      COWORK_IMAGE_DIR: this.image!,
      COWORK_STATE_DIR: this.tempDir('state'),
      COWORK_SANDBOX_DRIVER: 'namespace',
      COWORK_HOME: this.tempDir('home'),
    });
    return { run, server, folder };
  }

  async dispose(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
    for (const d of this.dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  }
}
