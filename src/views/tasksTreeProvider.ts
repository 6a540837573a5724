// The Tasks tree: a thin adapter from the pure TaskListModel to vscode's
// TreeDataProvider, plus the view badge (tasks waiting for the person) and the
// `cowork.hasActiveTask` context key the command palette uses.

import * as vscode from 'vscode';
import type { TaskEventHub } from './taskEventHub';
import type { IconSpec, TreeNode } from './taskListModel';

export const TASKS_VIEW_ID = 'cowork.tasks';

/** Coalesces bursts of events (streaming text) into one tree refresh. */
const REFRESH_MS = 250;
/** Elapsed times tick while something runs. */
const TICK_MS = 1000;

function themeIcon(icon: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

export class TasksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<TreeNode>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly hub: TaskEventHub) {
    this.view = vscode.window.createTreeView(TASKS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscription = hub.onChange(() => this.scheduleRefresh());
    this.update();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.id}`;
        item.description = String(node.count);
        item.contextValue = `group group-${node.id}`;
        return item;
      }
      case 'task': {
        const item = new vscode.TreeItem(node.label, node.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `task:${node.taskId}`;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = themeIcon(node.icon);
        item.contextValue = node.contextValue;
        item.command = { command: 'cowork.openInSidebar', title: 'Open in Sidebar', arguments: [{ taskId: node.taskId }] };
        return item;
      }
      case 'step': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `step:${node.taskId}:${node.stepId}`;
        item.iconPath = themeIcon(node.icon);
        item.contextValue = 'step';
        item.command = { command: 'cowork.openInSidebar', title: 'Open in Sidebar', arguments: [{ taskId: node.taskId }] };
        return item;
      }
      case 'subagent': {
        const item = new vscode.TreeItem(node.label, node.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `subagent:${node.taskId}:${node.childId}`;
        item.description = node.description;
        item.iconPath = themeIcon(node.icon);
        item.contextValue = 'subagent';
        item.command = { command: 'cowork.openInSidebar', title: 'Open in Sidebar', arguments: [{ taskId: node.taskId }] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.taskId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'cowork.openInSidebar', title: 'Open in Sidebar', arguments: [{ taskId: node.taskId }] };
        return item;
      }
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return this.hub.list.children(node, Date.now());
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.update();
    }, REFRESH_MS);
  }

  private update(): void {
    this.changed.fire(undefined);
    const waiting = this.hub.list.waitingCount();
    this.view.badge = waiting > 0 ? { value: waiting, tooltip: waiting === 1 ? '1 task is waiting for you' : `${waiting} tasks are waiting for you` } : undefined;
    const active = this.hub.list.hasActive();
    void vscode.commands.executeCommand('setContext', 'cowork.hasActiveTask', active);
    if (active && !this.tickTimer) this.tickTimer = setInterval(() => this.changed.fire(undefined), TICK_MS);
    if (!active && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
