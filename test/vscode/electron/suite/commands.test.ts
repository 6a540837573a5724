// Extension-host checks inside VS Code desktop: the extension activates, every command
// its manifest contributes is registered, and "Cowork: New Task" runs (with and without
// a prompt argument). Command ids are read from the manifest, matched by their titles.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'cowork-dev.cowork';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

function contributedCommands(ext: vscode.Extension<unknown>): ContributedCommand[] {
  const manifest = ext.packageJSON as { contributes?: { commands?: ContributedCommand[] } };
  return manifest.contributes?.commands ?? [];
}

function commandId(commands: ContributedCommand[], title: string): string {
  const found = commands.find((c) => `${c.category ? c.category + ': ' : ''}${c.title}` === title);
  assert.ok(found, `no contributed command titled "${title}"; have: ${commands.map((c) => c.title).join(', ')}`);
  return found.command;
}

describe('Cowork in VS Code desktop', function () {
  let ext: vscode.Extension<unknown>;
  let commands: ContributedCommand[];

  before(async function () {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    ext = found;
    await ext.activate();
    commands = contributedCommands(ext);
  });

  it('activates', function () {
    assert.equal(ext.isActive, true);
  });

  it('registers every command it contributes', async function () {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = commands.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, []);
  });

  it('contributes the promised commands', function () {
    for (const title of ['Cowork: New Task', 'Cowork: Cancel Task', 'Cowork: Set API Key', 'Cowork: Show Log']) {
      commandId(commands, title);
    }
  });

  it('runs "Cowork: New Task" without and with a prompt argument', async function () {
    const newTask = commandId(commands, 'Cowork: New Task');
    // Without an argument it opens the composer and starts nothing.
    assert.equal(await vscode.commands.executeCommand(newTask), undefined);
    // With { prompt } it starts a task right away and returns its id.
    const taskId = await vscode.commands.executeCommand<unknown>(newTask, { prompt: 'Draft a packing list in packing.md' });
    assert.equal(typeof taskId, 'string', `New Task with a prompt returned ${JSON.stringify(taskId)}`);
    // The model URL points nowhere (see launch.mjs); cancel so nothing keeps retrying.
    await vscode.commands.executeCommand(commandId(commands, 'Cowork: Cancel Task'), { taskId });
  });

  it('runs "Cowork: Show Log"', async function () {
    await vscode.commands.executeCommand(commandId(commands, 'Cowork: Show Log'));
  });
});
