// The sidebar webview's HTML shell: a strict Content Security Policy (no inline
// script or style, only our own bundled files, scripts by nonce) and the roots
// the webview may load from. All UI is drawn by dist/webview.js.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Folders (relative to the extension) the webview may load files from. */
// Codicons are copied into media/codicons: `vsce package --no-dependencies` ships no
// node_modules, so the webview could not load them from there in an installed VSIX.
export const WEBVIEW_ROOTS = ['dist', 'media'] as const;

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return WEBVIEW_ROOTS.map((p) => vscode.Uri.joinPath(extensionUri, ...p.split('/')));
}

export function sidebarHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'codicons', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('media', 'sidebar.css')}">
<title>Cowork</title>
</head>
<body>
<div id="app" class="app"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
