// The review editor for .docx files (view type cowork.docxReview): a custom editor
// whose documents hold accept/reject decisions as edits on VS Code's undo stack.
// Reading and deciding run in a worker (reviewWorker.ts); this class wires documents
// to webviews: the first screen of blocks goes in the `load` message, the rest follows
// in chunks so a long document draws at once and fills in behind.

import * as vscode from 'vscode';
import { onWebviewMessage, prepareEditorWebview, registerCustomEditor } from '../customEditor';
import { DocxDocument } from './docxDocument';
import { docxEditorHtml } from './docxHtml';
import { parseDocxWebviewMessage, type DocxToWebview } from '../../shared/docxReviewProtocol';
import { defaultRunner, type ReviewRunner } from './reviewWorker';
import { watchFile } from '../fileWatch';

export const DOCX_EDITOR_VIEW_TYPE = 'cowork.docxReview';

/** Blocks in the `load` message: enough for the first screen of any window. */
const FIRST_BLOCKS = 80;
/** Blocks per follow-up message. */
const CHUNK_BLOCKS = 400;

export class DocxEditorProvider implements vscode.CustomEditorProvider<DocxDocument> {
  private readonly editEmitter = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<DocxDocument>>();
  readonly onDidChangeCustomDocument = this.editEmitter.event;

  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, runner: ReviewRunner = defaultRunner()): vscode.Disposable {
    const provider = new DocxEditorProvider(context.extensionUri, log, runner);
    return registerCustomEditor(DOCX_EDITOR_VIEW_TYPE, provider);
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly runner: ReviewRunner,
  ) {}

  openCustomDocument(uri: vscode.Uri, context: vscode.CustomDocumentOpenContext): DocxDocument {
    const backup = context.backupId ? vscode.Uri.parse(context.backupId) : undefined;
    if (backup) this.log.info(`review editor: restoring ${uri.path.split('/').pop()} from its hot-exit backup`);
    const doc = DocxDocument.open(uri, backup, this.runner);
    const name = doc.fileName;
    void doc.loaded.then(() => {
      if (doc.failed) this.log.warn(`review editor: ${name} could not be read: ${doc.failed.message}`);
      else this.log.info(`review editor: read ${name} in ${doc.parseMs} ms (${doc.state?.view.blocks.length} blocks, ${doc.state?.view.changes.length} changes, ${doc.state?.view.comments.length} comments)`);
    });
    const edits = doc.onDidEdit((e) => this.editEmitter.fire(e));
    const watcher = watchFile(uri, () => {
      void doc.fileChanged().then((outcome) => {
        if (outcome === 'reloaded') this.log.info(`review editor: ${name} changed on disk, reloaded`);
        if (outcome === 'conflict') this.noticeAll(doc, { type: 'notice', level: 'error', message: `${name} changed on disk. Your unsaved decisions are kept; reload to see the file as it is now.`, reload: true });
      });
    });
    doc.onDidDispose(() => {
      edits.dispose();
      watcher?.dispose();
    });
    return doc;
  }

  private readonly panels = new Map<DocxDocument, Set<vscode.WebviewPanel>>();

  resolveCustomEditor(doc: DocxDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    prepareEditorWebview(webview, this.extensionUri);
    webview.html = docxEditorHtml(webview, this.extensionUri, doc.fileName);
    let set = this.panels.get(doc);
    if (!set) this.panels.set(doc, (set = new Set()));
    set.add(panel);
    let ready = false;
    let firstScreenLogged = false;
    const send = (focus?: string): void => {
      if (ready) void this.sendState(doc, panel, focus);
    };
    const subs = [
      doc.onDidChangeState((e) => send(e.focus)),
      onWebviewMessage(webview, parseDocxWebviewMessage, this.log, 'review editor', (msg) => {
        switch (msg.type) {
          case 'ready':
            ready = true;
            send();
            return;
          case 'decide':
            void this.post(panel, { type: 'busy', busy: true, label: 'Applying…' });
            void doc.decide(msg.decision, msg.focus).then(
              () => this.post(panel, { type: 'busy', busy: false }),
              (err: unknown) => {
                const message = err instanceof Error ? err.message : String(err);
                this.log.warn(`review editor: ${doc.fileName}: ${message}`);
                void this.post(panel, { type: 'busy', busy: false });
                void this.post(panel, { type: 'notice', level: 'error', message: `Could not apply the decision: ${message}` });
              },
            );
            return;
          case 'rendered':
            if (!firstScreenLogged) {
              firstScreenLogged = true;
              const page = msg.scriptMs !== undefined && msg.loadMs !== undefined ? `; page: script ${Math.round(msg.scriptMs)} ms, state ${Math.round(msg.loadMs)} ms` : '';
              this.log.info(`review editor: first screen of ${doc.fileName} after ${Date.now() - doc.openedAt} ms (read ${doc.parseMs} ms, ${msg.blocks} blocks drawn in ${Math.round(msg.ms)} ms${page})`);
            }
            return;
          case 'reload':
            // Through the workbench, so VS Code's dirty flag is cleared with the decisions.
            panel.reveal(undefined, false);
            void vscode.commands.executeCommand('workbench.action.files.revert');
            return;
        }
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) ready = false; // the page is discarded when hidden; it says ready again
      }),
    ];
    panel.onDidDispose(() => {
      set?.delete(panel);
      for (const s of subs) s.dispose();
    });
  }

  private async sendState(doc: DocxDocument, panel: vscode.WebviewPanel, focus?: string): Promise<void> {
    const failed = doc.failed;
    if (failed) {
      await this.post(panel, { type: 'failed', message: `${doc.fileName} cannot be opened for review: ${failed.message}`, code: failed.code });
      return;
    }
    const state = doc.state;
    if (!state) return;
    const { view, version } = state;
    const blocks = view.blocks;
    await this.post(panel, {
      type: 'load',
      version,
      fileName: doc.fileName,
      changes: view.changes,
      comments: view.comments,
      notes: view.notes ?? [],
      blockCount: blocks.length,
      blocks: blocks.slice(0, FIRST_BLOCKS),
      focus,
    });
    for (let start = FIRST_BLOCKS; start < blocks.length; start += CHUNK_BLOCKS) {
      await new Promise((r) => setImmediate(r));
      if (doc.state?.version !== version) return; // a newer state is on its way
      await this.post(panel, { type: 'blocks', version, start, blocks: blocks.slice(start, start + CHUNK_BLOCKS) });
    }
  }

  private noticeAll(doc: DocxDocument, msg: DocxToWebview): void {
    for (const panel of this.panels.get(doc) ?? []) void this.post(panel, msg);
  }

  private post(panel: vscode.WebviewPanel, msg: DocxToWebview): Thenable<boolean> {
    return panel.webview.postMessage(msg).then(
      (ok) => ok,
      () => false,
    );
  }

  async saveCustomDocument(doc: DocxDocument): Promise<void> {
    await doc.loaded;
    return doc.save();
  }

  async saveCustomDocumentAs(doc: DocxDocument, destination: vscode.Uri): Promise<void> {
    await doc.loaded;
    return doc.save(destination);
  }

  revertCustomDocument(doc: DocxDocument): Promise<void> {
    return doc.revert();
  }

  async backupCustomDocument(doc: DocxDocument, context: vscode.CustomDocumentBackupContext): Promise<vscode.CustomDocumentBackup> {
    await doc.loaded;
    this.log.info(`review editor: backing up ${doc.fileName} (${doc.dirty ? 'unsaved decisions' : 'clean'}) to ${context.destination.scheme}:`);
    return doc.backup(context.destination);
  }
}
