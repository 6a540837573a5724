// The HTML shell every Cowork webview uses: a strict Content Security Policy
// (scripts by nonce only; styles, fonts and images from the extension's own
// resources, plus `data:` images), the codicons stylesheet, the shared stylesheets
// a view names, its own stylesheet and one bundle of ours. The bundle draws
// everything inside the root element.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewShell {
  title: string;
  /** Shared stylesheets under media/ loaded before the view's own (editorPage.css, editorToolbar.css). */
  baseStylesheets?: string[];
  /** The view's stylesheet under media/. */
  stylesheet: string;
  /** The view's bundle under dist/. */
  script: string;
  /** The root element the bundle draws into (already escaped). */
  body: string;
  /** Further CSP directives a view needs (the PDF preview fetches its worker and fonts). */
  extraCsp?: string[];
}

export function webviewShellHtml(webview: vscode.Webview, extensionUri: vscode.Uri, shell: WebviewShell): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(shell.extraCsp ?? []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'codicons', 'codicon.css')}" id="vscode-codicon-stylesheet">
${[...(shell.baseStylesheets ?? []), shell.stylesheet].map((css) => `<link rel="stylesheet" href="${asset('media', css)}">`).join('\n')}
<title>${escapeHtml(shell.title)}</title>
</head>
<body>
${shell.body}
<script nonce="${nonce}" src="${asset('dist', shell.script)}"></script>
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
