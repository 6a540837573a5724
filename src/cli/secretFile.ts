// The CLI's secret store: one JSON file under the person's config directory
// (~/.cowork/secrets.json), created with mode 0600 and rewritten atomically.
// It is as safe as the account's home directory; the extension uses the OS
// keychain through SecretStorage instead.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecretStore } from '../agent/connectors/secrets';

export class SecretFile implements SecretStore {
  constructor(readonly file: string) {}

  async get(key: string): Promise<string | undefined> {
    return this.read()[key];
  }

  async set(key: string, value: string): Promise<void> {
    this.write({ ...this.read(), [key]: value });
  }

  async delete(key: string): Promise<void> {
    const all = this.read();
    delete all[key];
    this.write(all);
  }

  private read(): Record<string, string> {
    try {
      const v = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private write(all: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }
}
