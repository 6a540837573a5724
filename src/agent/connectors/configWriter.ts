// Writing a connector's entry into a config file on disk, for "Cowork: Add
// Connector" (the folder's .vscode/mcp.json) and `cowork connectors add/remove`
// (~/.cowork/mcp.json, or the folder's file with --project). The text edits are
// configEntry.ts's, so comments and layout are kept; a file that does not parse
// is never overwritten.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { addServerToConfigText, removeServerFromConfigText, serverTableOf, type ConnectorEntry } from './configEntry';

/** Where a folder's new servers go: `.vscode/mcp.json`, table `servers` (VS Code's own file). */
export function folderConfigFile(folder: string): string {
  return path.join(folder, '.vscode', 'mcp.json');
}

export class ConfigWriteError extends Error {}

/**
 * Adds `name` to `file` (created with its folder when missing), in the table the file
 * already uses, else `table`. A new file is made readable by its owner only (`private`),
 * since an entry's env may hold a token.
 */
export function addServerToFile(file: string, name: string, entry: ConnectorEntry, table: 'servers' | 'mcpServers', opts: { private?: boolean } = {}): void {
  const text = readIfThere(file);
  const next = addServerToConfigText(text, serverTableOf(text, table), name, entry);
  if ('error' in next) throw new ConfigWriteError(`${file}: ${next.error}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next.text, text === undefined && opts.private ? { mode: 0o600 } : {});
}

/** Takes `name` out of `file`; throws when the file does not define it or cannot be read as JSON. */
export function removeServerFromFile(file: string, name: string): void {
  const next = removeServerFromConfigText(readIfThere(file), name);
  if ('error' in next) throw new ConfigWriteError(`${file}: ${next.error}`);
  fs.writeFileSync(file, next.text);
}

export function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigWriteError(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
