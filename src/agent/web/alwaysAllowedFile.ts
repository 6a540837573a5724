// The domains the person chose "always allow" for, kept in a small JSON file (the
// CLI's ~/.cowork/web-domains.json): read once, rewritten atomically on each add.
// A damaged file is not overwritten blindly: it is read as empty and kept aside.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchesDomain, type AlwaysAllowedDomains } from './domainPermissions';

export class AlwaysAllowedFile implements AlwaysAllowedDomains {
  private domains: string[];

  constructor(private readonly file: string) {
    this.domains = readDomains(file);
  }

  has(host: string): boolean {
    return this.domains.some((d) => matchesDomain(host, d));
  }

  async add(domain: string): Promise<void> {
    if (this.domains.includes(domain)) return;
    this.domains = [...this.domains, domain].sort();
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify({ alwaysAllowed: this.domains }, null, 2) + '\n', { mode: 0o600 });
    await fs.promises.rename(tmp, this.file);
  }

  list(): readonly string[] {
    return this.domains;
  }
}

function readDomains(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const data = JSON.parse(text) as { alwaysAllowed?: unknown };
    return Array.isArray(data.alwaysAllowed) ? data.alwaysAllowed.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    fs.renameSync(file, `${file}.damaged-${Date.now()}`);
    return [];
  }
}
