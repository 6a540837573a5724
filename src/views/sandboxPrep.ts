// "Cowork: Prepare Sandbox": builds the guest image when it is missing, with a
// progress notification, and offers to do so when a task needs the sandbox.
// One build at a time: a second request joins the running one.

import * as vscode from 'vscode';
import { buildImage } from '../sandbox/image/build';
import { findImage, type ImageInfo } from '../sandbox/image/store';

export class SandboxPreparer {
  private running: Promise<ImageInfo | undefined> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  present(): ImageInfo | undefined {
    return findImage();
  }

  /** Builds the image unless present; resolves undefined when the build failed (already reported). */
  prepare(): Promise<ImageInfo | undefined> {
    const existing = findImage();
    if (existing) {
      void vscode.window.showInformationMessage(`The Cowork sandbox is ready (image ${existing.version}, kernel ${existing.kernelRelease}).`);
      return Promise.resolve(existing);
    }
    this.running ??= this.build().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * For a task about to start: true when the image is there, else asks whether
   * to build it now (a task cannot run without it).
   */
  async ensure(): Promise<boolean> {
    if (findImage()) return true;
    const choice = await vscode.window.showWarningMessage(
      'Cowork runs every tool in a sandbox, and its image is not on this machine yet. Prepare it now? (This downloads Debian packages once.)',
      'Prepare Sandbox',
    );
    if (choice !== 'Prepare Sandbox') return false;
    return (await this.prepare()) !== undefined;
  }

  private build(): Promise<ImageInfo | undefined> {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Cowork: preparing the sandbox', cancellable: false },
        async (progress) => {
          const t0 = Date.now();
          try {
            const info = await buildImage((step) => {
              // Indented lines are tool chatter (debug); top-level steps also go in the notification.
              if (step.startsWith(' ')) this.log.debug(`[image] ${step}`);
              else {
                this.log.info(`[image] ${step}`);
                progress.report({ message: step.slice(0, 120) });
              }
            });
            this.log.info(`sandbox image ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${info.dir}`);
            void vscode.window.showInformationMessage('The Cowork sandbox is ready.');
            return info;
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            this.log.error(`sandbox image build failed: ${message}`);
            void vscode.window.showErrorMessage(`Cowork could not prepare the sandbox: ${message.split('\n')[0]}`, 'Show Log').then((c) => {
              if (c) this.log.show();
            });
            return undefined;
          }
        },
      ),
    );
  }
}
