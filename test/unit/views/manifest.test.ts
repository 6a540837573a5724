import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/repoRoot';

// The manifest and shipped assets the UI and the e2e suite rely on.
const root = REPO_ROOT;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('views: manifest and assets', () => {
  it('contributes the stable view and command ids under category Cowork', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar, [{ id: 'cowork', title: 'Cowork', icon: 'media/cowork.svg' }]);
    const views = Object.fromEntries(pkg.contributes.views.cowork.map((v: { id: string; name: string }) => [v.id, v.name]));
    assert.deepEqual(views, { 'cowork.sidebar': 'Task', 'cowork.tasks': 'Tasks', 'cowork.connectors': 'Connectors' });
    // VS Code gives a view without initialSize a weight of 20: all three need one, and the
    // Task view the most (with equal shares it is too short to click a step; docs/views.md).
    const sizes = Object.fromEntries(pkg.contributes.views.cowork.map((v: { id: string; initialSize?: number }) => [v.id, v.initialSize]));
    assert.deepEqual(sizes, { 'cowork.sidebar': 3, 'cowork.tasks': 1, 'cowork.connectors': 1 });
    const titles = Object.fromEntries(pkg.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, `${c.category}: ${c.title}`]));
    const expected: Record<string, string> = {
      'cowork.newTask': 'Cowork: New Task',
      'cowork.cancelTask': 'Cowork: Cancel Task',
      'cowork.setApiKey': 'Cowork: Set API Key',
      'cowork.clearApiKey': 'Cowork: Clear API Key',
      'cowork.showLog': 'Cowork: Show Log',
      'cowork.prepareSandbox': 'Cowork: Prepare Sandbox',
      'cowork.retryTask': 'Cowork: Retry',
      'cowork.resumeTask': 'Cowork: Resume',
      'cowork.undoTask': 'Cowork: Undo Task',
      'cowork.revealOutputs': 'Cowork: Reveal Outputs',
      'cowork.copyTranscript': 'Cowork: Copy Transcript',
      'cowork.deleteTask': 'Cowork: Delete From History',
      'cowork.openInSidebar': 'Cowork: Open in Sidebar',
      'cowork.showConnectors': 'Cowork: Show Connectors',
      'cowork.restartConnectors': 'Cowork: Restart Connectors',
      'cowork.addConnector': 'Cowork: Add Connector',
    };
    for (const [id, title] of Object.entries(expected)) assert.equal(titles[id], title, id);
  });

  it('activates only on its own views and commands, never on startup', () => {
    for (const e of pkg.activationEvents as string[]) assert.match(e, /^onView:cowork\./);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description.length > 20);
  });

  it('hides item-only commands from the palette and gives every setting a description and default', () => {
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const id of ['cowork.retryTask', 'cowork.resumeTask', 'cowork.undoTask', 'cowork.revealOutputs', 'cowork.copyTranscript', 'cowork.deleteTask', 'cowork.openInSidebar', 'cowork.allowConnector', 'cowork.disallowConnector', 'cowork.signInConnector', 'cowork.signOutConnector']) assert.ok(hidden.has(id), id);
    // Every Connectors-view action but Add Connector needs a row, so none is in the palette.
    const connectorActions = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).filter((id) => /Connector(Tool|Log|Config|Sampling|ReadOnly)?$/.test(id) && !['cowork.addConnector', 'cowork.forgetAllowedConnectorTools'].includes(id));
    assert.ok(connectorActions.length >= 14, connectorActions.join(', '));
    for (const id of connectorActions) assert.ok(hidden.has(id), `${id} is hidden from the palette`);
    assert.ok(!hidden.has('cowork.addConnector'));
    assert.equal(pkg.contributes.configuration.properties['cowork.mcp.permissions'].scope, 'application', 'a workspace cannot grant its own connector more');
    for (const [key, prop] of Object.entries(pkg.contributes.configuration.properties as Record<string, { default?: unknown; markdownDescription?: string; description?: string }>)) {
      assert.ok('default' in prop, `${key} has a default`);
      assert.ok((prop.markdownDescription ?? prop.description ?? '').length > 10, `${key} has a description`);
    }
    assert.equal(pkg.contributes.configuration.properties['cowork.model'].default, 'claude-sonnet-5-5');
    assert.equal(pkg.contributes.configuration.properties['cowork.maxParallelTasks'].default, 2);
  });

  it('ships the codicons it loads, identical to the installed @vscode/codicons', () => {
    for (const f of ['codicon.css', 'codicon.ttf']) {
      const shipped = readFileSync(join(root, 'media', 'codicons', f));
      const source = readFileSync(join(root, 'node_modules', '@vscode', 'codicons', 'dist', f));
      assert.ok(shipped.equals(source), `media/codicons/${f} is out of date: copy it from node_modules/@vscode/codicons/dist`);
    }
  });
});
