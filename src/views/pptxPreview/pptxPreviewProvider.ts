// The slide preview for .pptx files (view type cowork.pptxPreview): a read-only custom
// editor that lists every slide with its rendered image, its text and its speaker notes.
// The text is read on the host by the PowerPoint reader and shown at once; the images come
// from SlideImages (the sandbox, cached by content hash) and fill in behind. Opening a deck
// from a task's output chip lands here too, since it is the default editor for *.pptx.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { isDocumentError } from '../../documents/ooxml';
import { readPptx } from '../../documents/pptx';
import { parsePptxWebviewMessage, type PptxToWebview } from '../../shared/pptxPreviewProtocol';
import { fileNameOf, onWebviewMessage, prepareEditorWebview, registerCustomEditor } from '../customEditor';
import { watchFile } from '../fileWatch';
import { escapeHtml, webviewShellHtml } from '../webviewShell';
import { previewSlides } from './previewSlides';
import type { SlideImages } from './slideImages';

export const PPTX_PREVIEW_VIEW_TYPE = 'cowork.pptxPreview';

export class PptxPreviewProvider implements vscode.CustomReadonlyEditorProvider {
  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, images: SlideImages): vscode.Disposable {
    return registerCustomEditor(PPTX_PREVIEW_VIEW_TYPE, new PptxPreviewProvider(context.extensionUri, log, images));
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly images: SlideImages,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(doc: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const name = fileNameOf(doc.uri);
    const webview = panel.webview;
    prepareEditorWebview(webview, this.extensionUri);
    webview.html = webviewShellHtml(webview, this.extensionUri, {
      title: name,
      stylesheet: 'pptxPreview.css',
      script: 'pptx-webview.js',
      body: `<div id="app" class="deck" aria-busy="true"><p class="loading">Reading ${escapeHtml(name)}…</p></div>`,
    });
    const post = (msg: PptxToWebview): void => void webview.postMessage(msg).then(undefined, () => undefined);
    const show = async (force: boolean): Promise<void> => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(doc.uri.fsPath);
        const t0 = Date.now();
        const deck = readPptx(bytes);
        post({ type: 'load', fileName: name, slides: previewSlides(deck) });
        this.log.info(`slide preview: read ${name} in ${Date.now() - t0} ms (${deck.slides.length} slides)`);
        if (!deck.slides.length) return;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(`slide preview: ${name} cannot be read: ${message}`);
        post({ type: 'failed', message: `${name} cannot be previewed: ${message}`, ...(isDocumentError(err) ? { code: err.code } : {}) });
        return;
      }
      const hit = force ? undefined : this.images.cached(bytes);
      if (!hit) post({ type: 'status', message: 'Rendering the slides in the sandbox…', busy: true });
      try {
        const r = await this.images.render(bytes, { force });
        post({ type: 'images', images: r.images.map((i) => ({ number: i.number, src: `data:image/png;base64,${i.png.toString('base64')}` })), cached: r.cached, ms: r.ms });
        this.log.info(`slide preview: ${r.images.length} slide images of ${name} ${r.cached ? 'from the cache' : 'rendered in the sandbox'} in ${r.ms} ms`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(`slide preview: rendering ${name} failed: ${message}`);
        post({ type: 'renderFailed', message: `The slide images could not be rendered: ${message}` });
      }
    };
    const subs = [
      onWebviewMessage(webview, parsePptxWebviewMessage, this.log, 'slide preview', (msg) => void show(msg.type === 'rerender')),
      watchFile(doc.uri, () => void show(false), 300),
    ];
    panel.onDidDispose(() => subs.forEach((s) => s?.dispose()));
  }
}
