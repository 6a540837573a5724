// One end-to-end session: the scripted model server, a temporary workspace folder, a
// fresh code-server with the Cowork VSIX installed and settings pointing at that server,
// and Chromium showing the workbench. Tests get a `Workbench` to drive and the pieces
// to assert on (recorded model requests, files on disk, the extension's log).

import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startModelServer, type ModelServer, type Transcript, type TurnInput } from '../../model-server';
import { locateCodeServer, startCodeServer, type RunningCodeServer } from './codeServer';
import { runsDir, vsixPath } from './paths';
import { Workbench } from './workbench';

export const DARK_THEME = 'Default Dark Modern';
export const LIGHT_THEME = 'Default Light Modern';

export interface SessionOptions {
  /** Names the state directory under test-output/e2e-runs/. */
  name: string;
  transcript: Transcript | TurnInput[];
  /** Files to create in the workspace folder: relative path → content. */
  files?: Record<string, string>;
  theme?: string;
  /** Extra user settings (override the defaults below). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host (e.g. COWORK_IMAGE_CACHE). */
  env?: Record<string, string>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class CoworkSession {
  /** Set when a test using this session failed: its state dir is then kept for diagnosis. */
  failed = false;

  private constructor(
    readonly model: ModelServer,
    readonly workspace: string,
    readonly stateDir: string,
    readonly codeServer: RunningCodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly workbench: Workbench,
    /** Every browser console line and page error so far (all frames). */
    readonly consoleLines: string[],
  ) {}

  static async start(options: SessionOptions): Promise<CoworkSession> {
    mkdirSync(runsDir, { recursive: true });
    const stateDir = mkdtempSync(path.join(runsDir, `${options.name}-`));
    // The workspace lives outside the repository so the sandbox sees only these files.
    const workspace = mkdtempSync(path.join(os.tmpdir(), `cowork-e2e-${options.name}-`));
    for (const [rel, content] of Object.entries(options.files ?? {})) {
      const file = path.join(workspace, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }

    const cleanups: Array<() => Promise<void>> = [];
    const t0 = Date.now();
    try {
      const model = await startModelServer({ transcript: options.transcript });
      cleanups.push(() => model.close());
      const settings = {
        'cowork.apiBaseUrl': model.url,
        'cowork.sandbox.driver': 'namespace',
        'workbench.colorTheme': options.theme ?? DARK_THEME,
        'workbench.startupEditor': 'none',
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'window.commandCenter': true,
        // VS Code in a browser auto-saves after 1 s by default (desktop: off). The suite
        // asserts what a desktop user sees: nothing is written until they save, and the
        // tab shows the dirty mark meanwhile. Left on, it raced the review editor's tests.
        'files.autoSave': 'off',
        ...options.settings,
      };
      const codeServer = await startCodeServer({
        binary: locateCodeServer(),
        stateDir,
        vsix: vsixPath(),
        settings,
        env: { ANTHROPIC_API_KEY: 'test', ...options.env },
      });
      cleanups.push(() => codeServer.stop());

      const serving = Date.now();
      const browser = await chromium.launch({ executablePath: process.env.COWORK_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      cleanups.push(() => browser.close());
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const consoleLines = recordConsole(page, path.join(stateDir, 'browser-console.log'));
      // The workbench's first load compiles ~10 MB of script: on a shared, loaded machine that
      // takes longer than Playwright's 30 s default; waitUntilReady below bounds the rest.
      await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
      const workbench = new Workbench(page);
      await workbench.waitUntilReady();
      console.log(`      session ${options.name}: code-server up in ${((serving - t0) / 1000).toFixed(1)} s, workbench ready ${((Date.now() - serving) / 1000).toFixed(1)} s later`);
      return new CoworkSession(model, workspace, stateDir, codeServer, browser, page, workbench, consoleLines);
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw err;
    }
  }

  /** Switches the color theme the way a person does ("Preferences: Color Theme"), then waits for it. */
  async setTheme(theme: string): Promise<void> {
    await this.workbench.pickFromCommand('Preferences: Color Theme', theme);
    const want = /light/i.test(theme) ? 'light' : 'dark';
    const deadline = Date.now() + 20_000;
    while ((await this.workbench.themeKind()) !== want) {
      if (Date.now() > deadline) throw new Error(`workbench did not switch to ${theme}`);
      await this.page.waitForTimeout(200);
    }
    await this.page.waitForTimeout(750); // webviews restyle from the theme's CSS variables a beat later
  }

  /** Reloads the window the way a person would ("Developer: Reload Window"). */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === this.page.mainFrame(), timeout: 60_000 });
    await this.workbench.runCommand('Developer: Reload Window');
    await navigated;
    await this.workbench.waitUntilReady();
  }

  /** The text of every user message the model server received, joined (for "did the prompt arrive"). */
  userTextsSent(): string[] {
    const texts: string[] = [];
    for (const req of this.model.messageRequests()) {
      for (const msg of req.body.messages ?? []) {
        if (msg.role !== 'user') continue;
        if (typeof msg.content === 'string') texts.push(msg.content);
        else for (const block of msg.content) if (typeof block.text === 'string') texts.push(block.text);
      }
    }
    return texts;
  }

  /** Console lines saying a file of this extension could not be loaded (missing from the VSIX). */
  missingExtensionFiles(): string[] {
    return this.consoleLines.filter((l) => /Unable to (read|resolve)|404/i.test(l) && l.includes(path.basename(this.codeServer.extensionsDir)) && /cowork-dev\.cowork/.test(l));
  }

  workspaceFile(rel: string): string {
    return path.join(this.workspace, rel);
  }

  /** Stops everything; the state dir (logs, user data, ~15 MB) is kept only after a failure. */
  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.codeServer.stop().catch(() => undefined);
    await this.model.close().catch(() => undefined);
    rmSync(this.workspace, { recursive: true, force: true });
    if (!this.failed && !process.env.COWORK_KEEP_E2E_STATE) rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** Keeps the browser console in memory (for assertions) and in a file (for diagnosis). */
function recordConsole(page: Page, file: string): string[] {
  const lines: string[] = [];
  const out = createWriteStream(file);
  const add = (line: string): void => {
    lines.push(line);
    out.write(line + '\n');
  };
  page.on('console', (msg) => add(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => add(`[pageerror] ${err.message}`));
  page.on('close', () => out.end());
  return lines;
}

/** Mocha afterEach helper: a full-page screenshot named after a failed test. */
export async function screenshotIfFailed(ctx: Mocha.Context, session: CoworkSession | undefined): Promise<void> {
  const test = ctx.currentTest;
  if (!session || !test || test.state !== 'failed') return;
  session.failed = true;
  const name = `FAILED-${test.fullTitle()}`.slice(0, 120);
  const file = await session.workbench.screenshot(name).catch(() => undefined);
  if (file) console.log(`      screenshot of the failure: ${path.relative(process.cwd(), file)}`);
  console.log(`      code-server log: ${path.relative(process.cwd(), session.codeServer.logFile)}`);
  for (const failure of session.model.failures) console.log(`      model server: ${failure.kind}: ${failure.message}`);
}
