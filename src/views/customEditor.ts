// What the Cowork custom editors share (the .docx review editor, the PDF, sheet and
// slide previews): registration with the same options, the webview's options, the
// file name they show, and incoming messages parsed by the view's own validator (a
// malformed one is logged and dropped).

import * as vscode from 'vscode';
import type { Parsed } from '../shared/shapes';
import { webviewRoots } from './sidebarHtml';

/** Registers a custom editor: several editors per document, the page dropped while hidden (it says `ready` again when shown). */
export function registerCustomEditor(viewType: string, provider: vscode.CustomReadonlyEditorProvider | vscode.CustomEditorProvider): vscode.Disposable {
  return vscode.window.registerCustomEditorProvider(viewType, provider, {
    supportsMultipleEditorsPerDocument: true,
    webviewOptions: { retainContextWhenHidden: false },
  });
}

/** Scripts on, command links off, resources from the extension's own folders only. */
export function prepareEditorWebview(webview: vscode.Webview, extensionUri: vscode.Uri): void {
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/** The name an editor shows for its file: the last part of the path. */
export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/** Hands each message from the webview that `parse` accepts to `handle`; `label` names the view in the log line for one it refuses. */
export function onWebviewMessage<T>(webview: vscode.Webview, parse: (raw: unknown) => Parsed<T>, log: vscode.LogOutputChannel, label: string, handle: (msg: T) => void): vscode.Disposable {
  return webview.onDidReceiveMessage((raw) => {
    const parsed = parse(raw);
    if (!parsed.ok) {
      log.warn(`${label}: dropped a malformed message from the webview: ${parsed.error}`);
      return;
    }
    handle(parsed.value);
  });
}
