// Entry point: creates the log, builds the services (src/views/services.ts) and
// reports how long activation took. Everything else lives in src/views and
// src/agent; keep this file thin.

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { createServices } from './views/services';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Cowork', { log: true });
  context.subscriptions.push(log);
  shutdown = createServices(context, log);
  log.info(`Cowork activated in ${(performance.now() - t0).toFixed(1)} ms`);
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
