import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wired by src/views (see docs/ARCHITECTURE.md).
}

export function deactivate(): void {}
