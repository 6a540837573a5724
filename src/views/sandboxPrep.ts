// Getting the sandbox image onto this machine from VS Code. The first task
// that needs the sandbox prepares it itself (no separate step): a
// cancellable progress notification with phases and percent, downloading it
// when `cowork.sandbox.imageUrl` (or COWORK_IMAGE_URL) is set, else building
// it. "Cowork: Prepare Sandbox" does the same on demand. One preparation at a
// time: a second request joins the running one.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { prepareImage } from '../sandbox/image/prepare';
import { findImage, type ImageInfo } from '../sandbox/image/store';
import { describeFailure, NotificationSteps } from './sandboxPrepProgress';

/** The download URL: the setting, else the environment (as for the CLI). */
export function imageUrl(): string | undefined {
  const setting = vscode.workspace.getConfiguration('cowork').get<string>('sandbox.imageUrl', '').trim();
  return setting || process.env.COWORK_IMAGE_URL?.trim() || undefined;
}

export class SandboxPreparer {
  private running: Promise<ImageInfo | undefined> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  present(): ImageInfo | undefined {
    return findImage();
  }

  /** An image the sessions will use without preparing one: COWORK_IMAGE_DIR (as for the CLI) or the store's. */
  private usable(): boolean {
    const pinned = process.env.COWORK_IMAGE_DIR;
    return pinned ? existsSync(pinned) : findImage() !== undefined;
  }

  /** "Prepare Sandbox": prepares unless present; resolves undefined when it failed or was cancelled (already reported). */
  async prepare(): Promise<ImageInfo | undefined> {
    const existing = findImage();
    if (existing) {
      void vscode.window.showInformationMessage(`The Cowork sandbox is ready (image ${existing.version}, kernel ${existing.kernelRelease}).`);
      return existing;
    }
    const info = await this.run();
    if (info) void vscode.window.showInformationMessage('The Cowork sandbox is ready.');
    return info;
  }

  /** For a task about to start: true when the image is there or was prepared just now. */
  async ensure(): Promise<boolean> {
    if (this.usable()) return true;
    return (await this.run()) !== undefined;
  }

  private run(): Promise<ImageInfo | undefined> {
    this.running ??= this.withNotification().finally(() => (this.running = undefined));
    return this.running;
  }

  private withNotification(): Promise<ImageInfo | undefined> {
    const url = imageUrl();
    const title = url ? 'Cowork: downloading the sandbox (once)' : 'Cowork: building the sandbox (once, a few minutes)';
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        const steps = new NotificationSteps();
        const t0 = Date.now();
        this.log.info(`sandbox image missing: ${url ? `downloading from ${url}` : 'building it'}`);
        try {
          const info = await prepareImage({
            url,
            signal: abort.signal,
            onStep: (s) => {
              const r = steps.next(s);
              progress.report(r);
              this.log.info(`[image] ${r.message}`);
            },
            // Tool chatter (mmdebstrap) goes to the debug level.
            log: (line) => (line.startsWith(' ') ? this.log.debug(`[image] ${line}`) : this.log.info(`[image] ${line}`)),
          });
          this.log.info(`sandbox image ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${info.dir}`);
          return info;
        } catch (err) {
          const view = describeFailure(err);
          if (!view.message) {
            this.log.info('sandbox preparation cancelled; nothing was installed');
            void vscode.window.showInformationMessage('Cowork: sandbox preparation cancelled; nothing was installed. The task did not start.');
            return undefined;
          }
          this.log.error(`sandbox preparation failed: ${err instanceof Error ? err.message : String(err)}`);
          const buttons = view.offerUrlSetting ? ['Open Settings', 'Show Log'] : ['Show Log'];
          void vscode.window.showErrorMessage(view.message, ...buttons).then((c) => {
            if (c === 'Show Log') this.log.show();
            if (c === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'cowork.sandbox.imageUrl');
          });
          return undefined;
        } finally {
          sub.dispose();
        }
      }),
    );
  }
}
