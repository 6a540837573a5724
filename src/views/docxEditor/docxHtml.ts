// The review editor's page: the shared webview shell (the sidebar's strict CSP;
// `data:` images serve pictures embedded in the document) around dist/docx-webview.js,
// which draws everything.

import type * as vscode from 'vscode';
import { escapeHtml, webviewShellHtml } from '../webviewShell';

export function docxEditorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewShellHtml(webview, extensionUri, {
    title,
    baseStylesheets: ['editorPage.css', 'editorToolbar.css'],
    stylesheet: 'docxEditor.css',
    script: 'docx-webview.js',
    body: `<div id="app" class="review" aria-busy="true"><p class="loading">Reading ${escapeHtml(title)}…</p></div>`,
  });
}
