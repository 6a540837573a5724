// The Connectors view's commands: show, restart, forget "always" grants, sign in
// and out, allow or refuse a project server, start / stop / restart one server,
// its log, its config, what it may do (sampling, read-only tools without asking),
// tools switched on and off, and "Cowork: Add Connector", which writes an entry
// into the person's settings or the folder's .vscode/mcp.json.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTING_NAME } from '../agent/connectors/configFiles';
import { addServerToFile, ConfigWriteError, folderConfigFile } from '../agent/connectors/configWriter';
import { connectorEntry, connectorNameProblem, serverEntryOffset, type ConnectorEntry, type NewConnectorKind } from '../agent/connectors/configEntry';
import type { ConnectorService, ConnectorView } from './connectorService';
import { CONNECTORS_VIEW_ID, type ConnectorItem, type ConnectorToolItem } from './connectorsTreeProvider';
import type { ToolGrantStore } from './toolGrantStore';

export function registerConnectorCommands(context: vscode.ExtensionContext, service: ConnectorService, defaultFolder: () => string | undefined, grants: ToolGrantStore): void {
  const onServer = (run: (view: ConnectorView) => unknown) => (item: ConnectorItem | undefined) => (item?.view ? run(item.view) : undefined);
  const showConnectors = async (): Promise<void> => {
    await vscode.commands.executeCommand(`${CONNECTORS_VIEW_ID}.focus`);
    await service.startDefault(defaultFolder());
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('cowork.showConnectors', showConnectors),
    vscode.commands.registerCommand('cowork.restartConnectors', () => service.restartAll()),
    vscode.commands.registerCommand('cowork.forgetAllowedConnectorTools', async () => {
      const n = await grants.clear();
      void vscode.window.showInformationMessage(n ? `Forgot ${n} always-allowed connector tool${n === 1 ? '' : 's'}; they ask again.` : 'No connector tool was always allowed.');
    }),
    vscode.commands.registerCommand('cowork.signInConnector', onServer((v) => service.signIn(v))),
    vscode.commands.registerCommand('cowork.signOutConnector', onServer((v) => service.signOut(v))),
    vscode.commands.registerCommand('cowork.allowConnector', onServer((v) => service.decide(v, true))),
    vscode.commands.registerCommand('cowork.disallowConnector', onServer((v) => service.decide(v, false))),
    vscode.commands.registerCommand('cowork.startConnector', onServer((v) => service.runAction(v, 'start'))),
    vscode.commands.registerCommand('cowork.stopConnector', onServer((v) => service.runAction(v, 'stop'))),
    vscode.commands.registerCommand('cowork.restartConnector', onServer((v) => service.runAction(v, 'restart'))),
    vscode.commands.registerCommand('cowork.showConnectorLog', onServer((v) => service.showLog(v.status.name))),
    vscode.commands.registerCommand('cowork.openConnectorConfig', onServer((v) => openConfig(v))),
    vscode.commands.registerCommand('cowork.allowConnectorSampling', onServer((v) => service.setPermission(v.status.name, () => ({ sampling: true })))),
    vscode.commands.registerCommand('cowork.disallowConnectorSampling', onServer((v) => service.setPermission(v.status.name, () => ({ sampling: false })))),
    vscode.commands.registerCommand('cowork.allowConnectorReadOnly', onServer((v) => service.setPermission(v.status.name, () => ({ readOnlyWithoutAsking: true })))),
    vscode.commands.registerCommand('cowork.askConnectorReadOnly', onServer((v) => service.setPermission(v.status.name, () => ({ readOnlyWithoutAsking: false })))),
    vscode.commands.registerCommand('cowork.disableConnectorTool', (item: ConnectorToolItem | undefined) =>
      item && service.setPermission(item.server, (p) => ({ disabledTools: [...new Set([...p.disabledTools, item.tool])] })),
    ),
    vscode.commands.registerCommand('cowork.enableConnectorTool', (item: ConnectorToolItem | undefined) =>
      item && service.setPermission(item.server, (p) => ({ disabledTools: p.disabledTools.filter((t) => t !== item.tool) })),
    ),
    vscode.commands.registerCommand('cowork.addConnector', async () => {
      if (await addConnector(service, defaultFolder())) await showConnectors();
    }),
  );
}

/** Opens where the server is defined: its file at its entry, or the user settings at the setting. */
async function openConfig(view: ConnectorView): Promise<void> {
  const origin = view.config.origin;
  if (origin.kind === 'userSetting') {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: SETTING_NAME } });
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(origin.source));
  const editor = await vscode.window.showTextDocument(doc);
  const offset = serverEntryOffset(doc.getText(), ['servers', 'mcpServers'], view.status.name);
  if (offset !== undefined) {
    const at = doc.positionAt(offset);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  }
}

type Where = 'setting' | 'folder';

/** Asks where, what kind, the name and the command or URL; writes the entry. True when one was added. */
async function addConnector(service: ConnectorService, folder: string | undefined): Promise<boolean> {
  const title = 'Add Connector';
  const places: (vscode.QuickPickItem & { where: Where })[] = [
    { where: 'setting', label: 'Your settings', description: SETTING_NAME, detail: 'Only you, in every folder. Runs on this computer, outside the sandbox.' },
  ];
  if (folder) places.push({ where: 'folder', label: "This folder's .vscode/mcp.json", description: path.basename(folder), detail: 'Shared with everyone who opens the folder; Cowork asks before it starts.' });
  const place = places.length === 1 ? places[0] : await vscode.window.showQuickPick(places, { title, placeHolder: 'Where should the connector be defined?', ignoreFocusOut: true });
  if (!place) return false;
  const kinds: (vscode.QuickPickItem & { transport: NewConnectorKind })[] = [
    { transport: 'stdio', label: 'Command', detail: 'A program on this computer, e.g. npx -y @modelcontextprotocol/server-memory' },
    { transport: 'http', label: 'URL', detail: 'A remote server over HTTP, e.g. https://example.com/mcp (sign-in if it asks)' },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title, placeHolder: 'How is the server reached?', ignoreFocusOut: true });
  if (!kind) return false;
  const taken = service.definedNames(folder);
  const name = await vscode.window.showInputBox({ title, prompt: 'A short name for the connector (its tools are called mcp__<name>__<tool>)', ignoreFocusOut: true, validateInput: (v) => connectorNameProblem(v.trim(), taken) });
  if (name === undefined) return false;
  const prompt = kind.transport === 'stdio' ? 'The command that starts the server, with its arguments' : "The server's URL";
  const typed = await vscode.window.showInputBox({ title, prompt, ignoreFocusOut: true, validateInput: (v) => {
      const made = connectorEntry(kind.transport, v);
      return 'error' in made ? made.error : undefined;
    } });
  if (typed === undefined) return false;
  const made = connectorEntry(kind.transport, typed);
  if ('error' in made) return false;
  try {
    const where = place.where === 'setting' ? await addToSetting(name.trim(), made.entry) : await addToFolderFile(folder!, name.trim(), made.entry);
    void vscode.window.showInformationMessage(`Added the connector "${name.trim()}" to ${where}.`);
    return true;
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not add the connector: ${(err as Error).message}`);
    return false;
  }
}

async function addToSetting(name: string, entry: ConnectorEntry): Promise<string> {
  const config = vscode.workspace.getConfiguration();
  const current = config.inspect<Record<string, unknown>>(SETTING_NAME)?.globalValue ?? {};
  await config.update(SETTING_NAME, { ...current, [name]: entry }, vscode.ConfigurationTarget.Global);
  return `your settings (${SETTING_NAME})`;
}

/** The same write as `cowork connectors add NAME --project` (configWriter.ts). */
async function addToFolderFile(folder: string, name: string, entry: ConnectorEntry): Promise<string> {
  const file = folderConfigFile(folder);
  try {
    addServerToFile(file, name, entry, 'servers');
  } catch (err) {
    throw new Error(err instanceof ConfigWriteError ? err.message.replace(file, '.vscode/mcp.json') : (err as Error).message);
  }
  return '.vscode/mcp.json';
}
