// Watching one file a custom editor shows, so it can reload when the file changes on disk.

import * as vscode from 'vscode';

/** Watches one file (workspace or not) for changes and re-creation; `onChange` runs once the events have been quiet for `quietMs`. */
export function watchFile(uri: vscode.Uri, onChange: () => void, quietMs = 150): vscode.Disposable | undefined {
  if (uri.scheme !== 'file') return undefined;
  const dir = vscode.Uri.joinPath(uri, '..');
  const name = uri.path.split('/').pop() ?? '';
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name), false, false, true);
  // Several events arrive for one write; the document compares bytes, so one read is enough.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, quietMs);
  };
  const subs = [watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    for (const s of subs) s.dispose();
  });
}
