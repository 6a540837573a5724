// The PDF preview (view type cowork.pdfPreview): a read-only custom editor for *.pdf.
// The extension reads the file and posts its bytes; the webview draws the pages with
// pdf.js and outlines the form fields. The file is read again when it changes on
// disk (a task filling a form shows the new values without reopening).

import * as vscode from 'vscode';
import { parsePdfWebviewMessage, type PdfToWebview } from '../../shared/pdfPreviewProtocol';
import { fileNameOf, onWebviewMessage, prepareEditorWebview, registerCustomEditor } from '../customEditor';
import { watchFile } from '../fileWatch';
import { pdfPreviewHtml } from './pdfPreviewHtml';

export const PDF_PREVIEW_VIEW_TYPE = 'cowork.pdfPreview';

/** Larger files are not sent to the webview (its memory, and the message size). */
export const PDF_PREVIEW_MAX_BYTES = 256 * 1024 * 1024;

class PdfDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  get fileName(): string {
    return fileNameOf(this.uri);
  }
  dispose(): void {}
}

export class PdfPreviewProvider implements vscode.CustomReadonlyEditorProvider<PdfDocument> {
  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
    return registerCustomEditor(PDF_PREVIEW_VIEW_TYPE, new PdfPreviewProvider(context.extensionUri, log));
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): PdfDocument {
    return new PdfDocument(uri);
  }

  resolveCustomEditor(doc: PdfDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    prepareEditorWebview(webview, this.extensionUri);
    webview.html = pdfPreviewHtml(webview, this.extensionUri, doc.fileName);
    const openedAt = Date.now();
    let ready = false;
    let version = 0;
    const send = async (): Promise<void> => {
      if (!ready) return;
      const v = ++version;
      const msg = await this.read(doc, v);
      if (v === version) await panel.webview.postMessage(msg).then(undefined, () => false);
    };
    const watcher = watchFile(doc.uri, () => {
      this.log.info(`pdf preview: ${doc.fileName} changed on disk, reloading`);
      void send();
    });
    const subs = [
      onWebviewMessage(webview, parsePdfWebviewMessage, this.log, 'pdf preview', (msg) => {
        switch (msg.type) {
          case 'ready':
            ready = true;
            void send();
            return;
          case 'rendered': {
            const names = msg.fields.slice(0, 20).map((f) => f.name).join(', ');
            this.log.info(`pdf preview: ${doc.fileName}: ${msg.pages} pages, ${msg.fields.length} form fields${names ? ` (${names}${msg.fields.length > 20 ? ', …' : ''})` : ''}; first page after ${Date.now() - openedAt} ms (${Math.round(msg.ms)} ms in the page)`);
            return;
          }
          case 'openFailed':
            this.log.warn(`pdf preview: ${doc.fileName} could not be opened (${msg.reason}): ${msg.message}`);
            return;
        }
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) ready = false; // the page is discarded when hidden; it says ready again
      }),
    ];
    panel.onDidDispose(() => {
      watcher?.dispose();
      for (const s of subs) s.dispose();
    });
  }

  private async read(doc: PdfDocument, version: number): Promise<PdfToWebview> {
    try {
      const stat = await vscode.workspace.fs.stat(doc.uri);
      if (stat.size > PDF_PREVIEW_MAX_BYTES) {
        return { type: 'failed', message: `${doc.fileName} is ${(stat.size / 1048576).toFixed(0)} MiB, larger than the ${PDF_PREVIEW_MAX_BYTES / 1048576} MiB the preview opens.` };
      }
      // A plain Uint8Array of its own: VS Code transfers typed arrays it knows by their
      // constructor, and the file system may hand back a Node Buffer (a view into a pool).
      const data = new Uint8Array(await vscode.workspace.fs.readFile(doc.uri));
      return { type: 'load', fileName: doc.fileName, data, version };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`pdf preview: cannot read ${doc.fileName}: ${message}`);
      return { type: 'failed', message: `${doc.fileName} cannot be read: ${message}` };
    }
  }
}
