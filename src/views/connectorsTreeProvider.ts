// The Connectors view: the servers of the folders whose tasks started them, with
// state, tool count and origin, and each server's tools as children (switched-off
// ones marked). Rows come from connectorListModel.ts; the actions are in
// connectorCommands.ts.

import * as vscode from 'vscode';
import type { ConnectorService, ConnectorView } from './connectorService';
import { connectorRows, type ConnectorRow, type ConnectorToolRow } from './connectorListModel';

export const CONNECTORS_VIEW_ID = 'cowork.connectors';

/** The fields a server row and a tool row share, as the tree shows them. */
type RowFields = Pick<ConnectorRow | ConnectorToolRow, 'id' | 'label' | 'description' | 'tooltip' | 'icon' | 'contextValue'>;

function applyRow(item: vscode.TreeItem, row: RowFields): void {
  item.id = row.id;
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = new vscode.ThemeIcon(row.icon);
  item.contextValue = row.contextValue;
  // Screen readers hear the state too, not only the name.
  item.accessibilityInformation = { label: row.description ? `${row.label}, ${row.description}` : row.label };
}

export class ConnectorItem extends vscode.TreeItem {
  constructor(
    readonly view: ConnectorView | undefined,
    readonly row: ConnectorRow,
  ) {
    super(row.label, row.tools.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    applyRow(this, row);
  }
}

/** One tool of a server; its inline action switches it off or on for the agent. */
export class ConnectorToolItem extends vscode.TreeItem {
  constructor(
    readonly server: string,
    readonly tool: string,
    row: ConnectorToolRow,
  ) {
    super(row.label, vscode.TreeItemCollapsibleState.None);
    applyRow(this, row);
  }
}

type Node = ConnectorItem | ConnectorToolItem;

export class ConnectorsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: ConnectorService) {
    this.sub = service.onDidChange(() => this.emitter.fire());
  }

  getTreeItem(item: Node): vscode.TreeItem {
    return item;
  }

  async getChildren(parent?: Node): Promise<Node[]> {
    if (parent instanceof ConnectorItem) return parent.row.tools.map((t) => new ConnectorToolItem(parent.row.label, t.label, t));
    if (parent) return [];
    const { items, problems } = await this.service.views();
    const rows = connectorRows(
      items.map((v) => ({
        name: v.status.name,
        state: v.status.state,
        reason: v.status.reason,
        toolCount: v.status.toolCount,
        origin: v.origin,
        project: v.status.origin.project,
        remote: v.remote,
        tools: v.tools,
        sampling: v.permissions.sampling,
        readOnlyWithoutAsking: v.permissions.readOnlyWithoutAsking,
        stoppedByPerson: v.status.stoppedByPerson === true,
      })),
      problems,
    );
    return rows.map((row, i) => new ConnectorItem(items[i], row));
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
