// Drives the .docx review editor in code-server the way a person does: opens a file
// through Quick Open, finds the editor's webview by its toolbar, clicks buttons by
// their accessible names, and reads what the page and the change list show. Also the
// LibreOffice check of a saved file's text (its own profile and output folder).

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { clickDelivered } from './clicks';
import { quickOpen, until, waitForText, type Workbench } from './workbench';

export const REVIEW_TOOLBAR = '[role=toolbar][aria-label="Review"]';
const FAILURE = '.failure[role=alert]';

export class ReviewEditor {
  private constructor(
    readonly page: Page,
    readonly frame: Frame,
  ) {}

  /** Opens `name` (a file of the workspace) with Quick Open, in its default editor, and waits for the review UI. */
  static async open(workbench: Workbench, name: string, marker = REVIEW_TOOLBAR): Promise<ReviewEditor> {
    await quickOpen(workbench.page, name);
    return ReviewEditor.attach(workbench, marker);
  }

  /** The review editor's webview that shows `marker` (the toolbar, or the failure panel). */
  static async attach(workbench: Workbench, marker = REVIEW_TOOLBAR): Promise<ReviewEditor> {
    const frame = await workbench.webviewFrame(marker, 60_000);
    return new ReviewEditor(workbench.page, frame);
  }

  static async failure(workbench: Workbench, name: string): Promise<string> {
    const editor = await ReviewEditor.open(workbench, name, FAILURE);
    return editor.frame.locator(FAILURE).innerText();
  }

  async click(name: string): Promise<void> {
    const button = this.frame.getByRole('button', { name, exact: true });
    await button.waitFor({ state: 'visible' });
    await waitForText(async () => ((await button.isEnabled()) ? 'enabled' : 'disabled'), 'enabled', 30_000, 100);
    await clickDelivered(button, { what: `"${name}" in the review editor` });
  }

  /** Selects a change from the list by the start of its description ("Deletion by Dana Reviewer"). */
  async selectChange(description: string): Promise<void> {
    const name = new RegExp(`^Go to ${escapeRegExp(description)}`);
    const row = this.frame.getByRole('button', { name }).first();
    // Selected when the list marks that row (not merely some change: one may be current already).
    const selected = async (): Promise<boolean> => name.test((await this.frame.locator('.change-row.selected .change-item').first().getAttribute('aria-label', { timeout: 1_000 })) ?? '');
    await clickDelivered(row, { what: `the change "${description}" in the list`, done: selected });
    if (!(await until(selected, 10_000))) throw new Error(`the change "${description}" did not become the selected one`);
    await this.frame.locator('.rev.current').first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Descriptions of the changes the list shows, in order (read in one go: the list redraws after each decision). */
  async changeList(): Promise<string[]> {
    const labels = await this.frame.locator('.change-list .change-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.replace(/^Go to /, ''));
  }

  /** Waits until the list has `n` changes and no decision is being applied. */
  async waitForChangeCount(n: number, timeoutMs = 30_000): Promise<void> {
    await waitForText(
      async () => `${(await this.changeList()).length} ${await this.frame.locator('#app').getAttribute('aria-busy')}`,
      `${n} false`,
      timeoutMs,
      150,
    );
  }

  async pageText(): Promise<string> {
    return this.frame.locator('main.page').innerText();
  }

  async commentsText(): Promise<string> {
    return this.frame.locator('aside.comment-margin').innerText();
  }

  /** Gives the webview keyboard focus (for undo/redo/save shortcuts that VS Code handles). */
  async focus(): Promise<void> {
    await clickDelivered(this.frame.locator('.status'), { what: 'the review editor status line' });
  }
}

/** The extension's own log (Cowork.log under the session's user data), all windows so far. */
export function coworkLog(stateDir: string): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Cowork.log') found.push(p);
    }
  };
  walk(stateDir);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** A computed CSS property of an element in the page (the test build has no DOM types). */
export function computedStyle(target: Locator, property: string): Promise<string> {
  type Win = { getComputedStyle(el: unknown): Record<string, string> };
  return target.evaluate((el, prop) => (globalThis as unknown as Win).getComputedStyle(el)[prop], property);
}

/** The text LibreOffice reads from a .docx (`soffice --convert-to txt`), with its own profile. */
export async function libreOfficeText(file: string, timeoutMs = 180_000): Promise<string> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cowork-lo-'));
  try {
    const args = [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', path.join(work, 'out'), file];
    await new Promise<void>((resolve, reject) => {
      const child = spawn('soffice', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`soffice exited with ${code}: ${err}`));
      });
    });
    const out = path.join(work, 'out', `${path.basename(file, path.extname(file))}.txt`);
    return readFileSync(out, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
