// The CLI's "always allow this tool" answers: ~/.cowork/tool-grants.json, a list
// of approval keys (server definition + tool, see connectorTool.ts). Only a typed
// "a" adds to it; deleting the file (or a line of it) makes those tools ask again.
// A file that is not valid JSON counts as empty and is never overwritten: adding
// to it fails with a sentence, so a hand edit with a typo loses nothing.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GrantStore } from '../agent/approval/toolGrants';

export class GrantFile implements GrantStore {
  constructor(private readonly file: string) {}

  has(key: string): boolean {
    return this.read().includes(key);
  }

  add(key: string): void {
    const keys = this.read(true);
    if (keys.includes(key)) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ always: [...keys, key] }, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  private read(strict = false): string[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    let parsed: { always?: unknown } | undefined;
    try {
      parsed = JSON.parse(text) as { always?: unknown };
    } catch {
      parsed = undefined;
    }
    if (parsed && Array.isArray(parsed.always)) return parsed.always.filter((k): k is string => typeof k === 'string');
    if (strict) throw new Error(`${this.file} is not a list of allowed tools ({"always": [...]}); fix or delete it to keep "always" answers`);
    return [];
  }
}
