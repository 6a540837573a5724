// The review editor's HTML shell: the same strict Content Security Policy as the
// sidebar (scripts by nonce only, styles, fonts and images from the extension's own
// resources; `data:` images for pictures embedded in the document), codicons, and
// the bundle dist/docx-webview.js that draws everything.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function docxEditorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
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
<link rel="stylesheet" href="${asset('media', 'docxEditor.css')}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" class="review" aria-busy="true"><p class="loading">Reading ${escapeHtml(title)}…</p></div>
<script nonce="${nonce}" src="${asset('dist', 'docx-webview.js')}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
