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
import { webviewRoots } from '../sidebarHtml';
import { escapeHtml, webviewShellHtml } from '../webviewShell';
import { previewSlides } from './previewSlides';
import type { SlideImages } from './slideImages';

export const PPTX_PREVIEW_VIEW_TYPE = 'cowork.pptxPreview';

export class PptxPreviewProvider implements vscode.CustomReadonlyEditorProvider {
  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, images: SlideImages): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(PPTX_PREVIEW_VIEW_TYPE, new PptxPreviewProvider(context.extensionUri, log, images), {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    });
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
    const name = doc.uri.path.split('/').pop() ?? 'deck.pptx';
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(this.extensionUri) };
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
      webview.onDidReceiveMessage((raw) => {
        const parsed = parsePptxWebviewMessage(raw);
        if (!parsed.ok) {
          this.log.warn(`slide preview: dropped a malformed message from the webview: ${parsed.error}`);
          return;
        }
        void show(parsed.value.type === 'rerender');
      }),
      watch(doc.uri, () => void show(false)),
    ];
    panel.onDidDispose(() => subs.forEach((s) => s.dispose()));
  }
}

/** Re-reads the deck when it changes on disk (an agent's task writing a new version). */
function watch(uri: vscode.Uri, onChange: () => void): vscode.Disposable {
  if (uri.scheme !== 'file') return new vscode.Disposable(() => undefined);
  const name = uri.path.split('/').pop() ?? '';
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), name), false, false, true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 300);
  };
  const subs = [watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subs.forEach((s) => s.dispose());
  });
}
