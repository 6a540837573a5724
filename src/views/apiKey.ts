// The Anthropic API key: kept in VS Code's SecretStorage (never in settings),
// with the ANTHROPIC_API_KEY environment variable as a fallback.

import * as vscode from 'vscode';

const SECRET_KEY = 'cowork.anthropicApiKey';

export class ApiKeyStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  /** The stored key, else the environment's, else undefined. */
  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_KEY);
    if (stored) return stored;
    const fromEnv = this.env.ANTHROPIC_API_KEY?.trim();
    return fromEnv || undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /** Asks for the key in a password box; returns false when the person cancelled. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Cowork: Set API Key',
      prompt: 'Anthropic API key. It is stored in VS Code\'s secret storage, never in settings.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length === 0 ? 'Enter a key, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
    });
    if (key === undefined) return false;
    await this.secrets.store(SECRET_KEY, key.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  /**
   * The key, or undefined after telling the person how to set one. Offers the
   * "Set API Key" action right in the message.
   */
  async require(): Promise<string | undefined> {
    const key = await this.get();
    if (key) return key;
    const choice = await vscode.window.showWarningMessage(
      'Cowork needs an Anthropic API key to run tasks. Set one (it is kept in secret storage), or start VS Code with ANTHROPIC_API_KEY set.',
      'Set API Key',
    );
    if (choice === 'Set API Key' && (await this.prompt())) return this.get();
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
