// One .docx opened in the review editor: its bytes as they would be saved, the view
// of those bytes, and the history of decisions. Every state is a pair (bytes, view)
// produced by the engine in the worker; undo and redo switch between kept states.

import * as vscode from 'vscode';
import { decisionLabel, type ReviewDecision } from '../../shared/docxReviewProtocol';
import { ReviewHistory, type HistoryCause } from './reviewHistory';
import type { ReviewDocument } from '../../shared/docxReviewModel';
import type { ReviewRunner } from './reviewWorker';
import { ReviewError } from './workerMessages';

export interface ReviewState {
  /** Increases with every state of this document (the webview drops stale chunks by it). */
  readonly version: number;
  readonly bytes: Uint8Array;
  readonly view: ReviewDocument;
}

export interface ReviewFailure {
  readonly message: string;
  readonly code?: string;
}

let versions = 0;

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export class DocxDocument implements vscode.CustomDocument {
  private history: ReviewHistory<ReviewState> | undefined;
  private failure: ReviewFailure | undefined;
  /** What the file on disk held when last read or written (to ignore our own saves). */
  private diskBytes: Uint8Array | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Opened from a hot-exit backup: unsaved until saved or reverted, whatever the history says. */
  private fromBackup = false;

  private readonly stateEmitter = new vscode.EventEmitter<{ cause: HistoryCause | 'failed'; focus?: string }>();
  /** The state to draw changed (decision, undo, redo, revert, reload, or it failed to read). */
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly editEmitter = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<DocxDocument>>();
  readonly onDidEdit = this.editEmitter.event;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  /** When opening started and how long the read took (for the first-screen log line). */
  openedAt = Date.now();
  parseMs = 0;

  private constructor(
    readonly uri: vscode.Uri,
    private readonly runner: ReviewRunner,
  ) {}

  /** Settles when the first read is done (successfully or as a failure state). */
  loaded: Promise<void> = Promise.resolve();

  /**
   * Starts reading the file (or the hot-exit backup) and returns at once, so VS Code builds
   * the webview while the worker reads; `loaded` settles when the view is there. A bad file
   * becomes a failure state, never a throw.
   */
  static open(uri: vscode.Uri, backup: vscode.Uri | undefined, runner: ReviewRunner): DocxDocument {
    const doc = new DocxDocument(uri, runner);
    doc.loaded = doc.load(backup ?? uri, backup === undefined);
    doc.queue = doc.loaded;
    return doc;
  }

  get state(): ReviewState | undefined {
    return this.history?.current;
  }

  get failed(): ReviewFailure | undefined {
    return this.failure;
  }

  get dirty(): boolean {
    return this.fromBackup || (this.history?.dirty ?? false);
  }

  get fileName(): string {
    return this.uri.path.split('/').pop() ?? this.uri.path;
  }

  /** Applies a decision off-thread; decisions run one after another, each on the state before it. */
  decide(decision: ReviewDecision, focus?: string): Promise<void> {
    const run = this.queue.then(async () => {
      const from = this.history?.current;
      if (!from) throw new ReviewError('the document is not open');
      const reply = await this.runner({ op: 'decide', bytes: from.bytes, decision });
      if (!reply.bytes) throw new ReviewError('the engine returned no document');
      const next: ReviewState = { version: ++versions, bytes: reply.bytes, view: reply.view };
      const label = decisionLabel(decision);
      const edit = this.history?.record(label, from, next);
      if (!edit) throw new ReviewError('the document changed while the decision was applied; try again');
      this.stateEmitter.fire({ cause: 'edit', focus });
      this.editEmitter.fire({ document: this, label, undo: () => edit.undo(), redo: () => edit.redo() });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async save(target: vscode.Uri = this.uri): Promise<void> {
    const state = this.history?.current;
    if (!state) throw new Error(`${this.fileName} could not be read, so there is nothing to save`);
    await vscode.workspace.fs.writeFile(target, state.bytes);
    if (target.toString() === this.uri.toString()) {
      this.diskBytes = state.bytes;
      this.fromBackup = false;
      this.history?.markSaved();
    }
  }

  /** Writes the current bytes where VS Code keeps hot-exit backups. */
  async backup(destination: vscode.Uri): Promise<vscode.CustomDocumentBackup> {
    const state = this.history?.current;
    if (state) await vscode.workspace.fs.writeFile(destination, state.bytes);
    return {
      id: destination.toString(),
      delete: () => void vscode.workspace.fs.delete(destination).then(undefined, () => undefined),
    };
  }

  /** Reads the file again, dropping unsaved decisions (revert, or reload after a change on disk). */
  async revert(): Promise<void> {
    await this.load(this.uri, true);
  }

  /**
   * The file changed on disk. Our own save is recognised by its bytes and ignored; otherwise
   * an editor without unsaved decisions reloads, and one with them reports 'conflict'.
   */
  async fileChanged(): Promise<'ignored' | 'reloaded' | 'conflict'> {
    const bytes = await readOrUndefined(this.uri);
    if (!bytes || (this.diskBytes && bytesEqual(bytes, this.diskBytes))) return 'ignored';
    if (this.dirty) return 'conflict';
    await this.load(this.uri, true);
    return 'reloaded';
  }

  dispose(): void {
    this.disposeEmitter.fire();
    this.stateEmitter.dispose();
    this.editEmitter.dispose();
    this.disposeEmitter.dispose();
  }

  private async load(source: vscode.Uri, fromDisk: boolean): Promise<void> {
    const started = Date.now();
    this.openedAt = started;
    try {
      const bytes = await vscode.workspace.fs.readFile(source);
      if (fromDisk) this.diskBytes = bytes;
      const reply = await this.runner({ op: 'open', bytes });
      this.parseMs = Date.now() - started;
      const state: ReviewState = { version: ++versions, bytes, view: reply.view };
      this.failure = undefined;
      this.fromBackup = !fromDisk;
      if (!this.history) {
        this.history = new ReviewHistory(state, (_s, cause) => {
          if (cause === 'undo' || cause === 'redo') this.stateEmitter.fire({ cause });
        });
        // A restored backup holds unsaved decisions: it is not what disk has.
        if (!fromDisk) this.diskBytes = await readOrUndefined(this.uri);
      } else {
        this.history.reset(state);
      }
      this.stateEmitter.fire({ cause: 'reset' });
    } catch (err) {
      this.parseMs = Date.now() - started;
      this.failure = { message: err instanceof Error ? err.message : String(err), code: err instanceof ReviewError ? err.code : undefined };
      this.history = undefined;
      this.stateEmitter.fire({ cause: 'failed' });
    }
  }
}

async function readOrUndefined(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  return vscode.workspace.fs.readFile(uri).then(
    (b) => b,
    () => undefined,
  );
}
