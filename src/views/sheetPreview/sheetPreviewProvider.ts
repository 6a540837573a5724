// The spreadsheet preview (view type cowork.sheetPreview): a read-only custom editor
// for .xlsx, .xlsm, .csv and .tsv. Each open file gets a reader in a worker thread
// (gridReader.ts); this class relays between it and the webviews: the sheet tabs,
// a sheet's layout and first page, then the pages the webview asks for as it scrolls.
// A change on disk reopens the file. CSV keeps the text editor under "Open With".

import * as vscode from 'vscode';
import { parseSheetWebviewMessage, type GridLayout, type SheetToWebview } from '../../shared/sheetPreviewProtocol';
import { fileNameOf, onWebviewMessage, prepareEditorWebview, registerCustomEditor } from '../customEditor';
import { watchFile } from '../fileWatch';
import { escapeHtml, webviewShellHtml } from '../webviewShell';
import { GridReader } from './gridReader';
import type { WorkbookInfo } from './gridStore';

export const SHEET_PREVIEW_VIEW_TYPE = 'cowork.sheetPreview';

class SheetDocument implements vscode.CustomDocument {
  reader!: GridReader;
  info!: Promise<WorkbookInfo>;
  openedAt = Date.now();
  private readonly progressEmitter = new vscode.EventEmitter<{ sheet: number; layout: GridLayout }>();
  readonly onProgress = this.progressEmitter.event;
  private readonly reopenEmitter = new vscode.EventEmitter<void>();
  readonly onReopen = this.reopenEmitter.event;
  private watcher?: vscode.Disposable;

  constructor(
    readonly uri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.load();
    this.watcher = watchFile(uri, () => {
      this.log.info(`sheet preview: ${this.fileName} changed on disk, reading it again`);
      this.reader.dispose();
      this.load();
      this.reopenEmitter.fire();
    });
  }

  get fileName(): string {
    return fileNameOf(this.uri);
  }

  private load(): void {
    this.openedAt = Date.now();
    const reader = (this.reader = new GridReader((sheet, layout) => {
      if (reader === this.reader) this.progressEmitter.fire({ sheet, layout });
    }));
    this.info = Promise.resolve(vscode.workspace.fs.readFile(this.uri)).then((bytes) => reader.open(bytes, this.fileName));
    this.info.then(
      (info) => this.log.info(`sheet preview: opened ${this.fileName} (${info.format}, ${info.sheets.length} sheet(s)) in ${Date.now() - this.openedAt} ms`),
      (err: unknown) => this.log.warn(`sheet preview: ${this.fileName} cannot be shown: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  dispose(): void {
    this.watcher?.dispose();
    this.reader.dispose();
    this.progressEmitter.dispose();
    this.reopenEmitter.dispose();
  }
}

export class SheetPreviewProvider implements vscode.CustomReadonlyEditorProvider<SheetDocument> {
  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
    return registerCustomEditor(SHEET_PREVIEW_VIEW_TYPE, new SheetPreviewProvider(context.extensionUri, log));
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): SheetDocument {
    return new SheetDocument(uri, this.log);
  }

  resolveCustomEditor(doc: SheetDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    prepareEditorWebview(webview, this.extensionUri);
    webview.html = webviewShellHtml(webview, this.extensionUri, {
      title: doc.fileName,
      baseStylesheets: ['editorPage.css'],
      stylesheet: 'sheetPreview.css',
      script: 'sheet-webview.js',
      body: `<div id="app" class="sheet-preview" aria-busy="true"><p class="loading">Reading ${escapeHtml(doc.fileName)}…</p></div>`,
    });
    const post = (msg: SheetToWebview): void => void webview.postMessage(msg).then(undefined, () => false);
    const fail = (err: unknown, sheet?: number): void => {
      const message = err instanceof Error ? err.message : String(err);
      post({ type: 'failed', message: sheet === undefined ? `${doc.fileName} cannot be shown: ${message}` : message, ...(sheet !== undefined ? { sheet } : {}) });
    };
    const sendWorkbook = (): void => {
      void doc.info.then(
        (info) => post({ type: 'workbook', fileName: doc.fileName, ...info }),
        (err: unknown) => fail(err),
      );
    };
    let firstScreenLogged = false;
    const subs = [
      doc.onProgress((p) => post({ type: 'progress', sheet: p.sheet, layout: p.layout })),
      doc.onReopen(sendWorkbook),
      onWebviewMessage(webview, parseSheetWebviewMessage, this.log, 'sheet preview', (msg) => {
        const reader = doc.reader;
        switch (msg.type) {
          case 'ready':
            return sendWorkbook();
          case 'openSheet':
            void reader.openSheet(msg.sheet).then(
              (first) => post({ type: 'sheet', sheet: msg.sheet, layout: first.layout, rows: first.rows }),
              (err: unknown) => fail(err, msg.sheet),
            );
            return;
          case 'rows':
            void reader.rows(msg.sheet, msg.from, msg.to).then(
              (rows) => post({ type: 'rows', sheet: msg.sheet, from: msg.from, to: msg.to, rows }),
              (err: unknown) => fail(err, msg.sheet),
            );
            return;
          case 'rendered':
            if (!firstScreenLogged) {
              firstScreenLogged = true;
              this.log.info(`sheet preview: first screen of ${doc.fileName} after ${Date.now() - doc.openedAt} ms (${msg.cells} cells drawn; page ${Math.round(msg.ms)} ms)`);
            }
            return;
        }
      }),
    ];
    panel.onDidDispose(() => {
      for (const s of subs) s.dispose();
    });
  }
}
