// The sidebar webview's page (the shared shell around dist/webview.js) and the
// roots every Cowork webview may load from.

import * as vscode from 'vscode';
import { webviewShellHtml } from './webviewShell';

/** Folders (relative to the extension) the webview may load files from. */
// Codicons are copied into media/codicons: `vsce package --no-dependencies` ships no
// node_modules, so the webview could not load them from there in an installed VSIX.
export const WEBVIEW_ROOTS = ['dist', 'media'] as const;

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return WEBVIEW_ROOTS.map((p) => vscode.Uri.joinPath(extensionUri, ...p.split('/')));
}

export function sidebarHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewShellHtml(webview, extensionUri, { title: 'Cowork', stylesheet: 'sidebar.css', script: 'webview.js', body: '<div id="app" class="app"></div>' });
}
