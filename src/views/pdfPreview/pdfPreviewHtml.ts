// The PDF preview's page: the shared webview shell around dist/pdf-webview.js. pdf.js
// needs two things beyond the shell's policy: it fetches its worker script and its
// standard font data from the extension's own resources (connect-src), and runs the
// worker from a blob: URL made of that script (worker-src), because a webview may
// not start a worker from another origin. Fonts embedded in a PDF load as FontFace
// objects from bytes; no eval (pdf.js runs with isEvalSupported off).

import type * as vscode from 'vscode';
import { escapeHtml, webviewShellHtml } from '../webviewShell';

export function pdfPreviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewShellHtml(webview, extensionUri, {
    title,
    baseStylesheets: ['editorPage.css', 'editorToolbar.css'],
    stylesheet: 'pdfPreview.css',
    script: 'pdf-webview.js',
    extraCsp: [`connect-src ${webview.cspSource}`, 'worker-src blob:'],
    body: `<div id="app" class="pdf-preview" aria-busy="true" data-worker="${escapeHtml(workerUri(webview, extensionUri))}" data-fonts="${escapeHtml(pdfjsDataUri(webview, extensionUri, 'standard_fonts'))}" data-cmaps="${escapeHtml(pdfjsDataUri(webview, extensionUri, 'cmaps'))}"><p class="loading">Opening ${escapeHtml(title)}…</p></div>`,
  });
}

function workerUri(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webview.asWebviewUri(joinUri(extensionUri, 'dist', 'pdf.worker.js')).toString();
}

/** pdf.js's data folders copied by the build: the standard fonts, and the CMaps CJK text in non-embedded fonts needs. */
function pdfjsDataUri(webview: vscode.Webview, extensionUri: vscode.Uri, folder: 'standard_fonts' | 'cmaps'): string {
  return `${webview.asWebviewUri(joinUri(extensionUri, 'dist', 'pdfjs', folder)).toString()}/`;
}

function joinUri(base: vscode.Uri, ...parts: string[]): vscode.Uri {
  return base.with({ path: [base.path.replace(/\/$/, ''), ...parts].join('/') });
}
