// One task's conflict bases: for each path, the folder's version the task's
// work rests on (taken when it first read or changed the path, and again
// after each of its applies), plus the content it applied. At apply time a
// path whose folder version no longer matches its base was changed by someone
// else (another task, the person): a conflict, never overwritten silently.
// Kept beside the task's undo record (<state>/sessions/<id>/bases.json), so a
// resumed task keeps them.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Fingerprint } from './fingerprint';

interface BasesFile {
  bases: Record<string, Fingerprint>;
  /** Content this task applied per path: its sha256, or null for a deletion. */
  applied: Record<string, string | null>;
}

export class TaskBases {
  private data: BasesFile = { bases: {}, applied: {} };
  private dirty = false;

  constructor(private readonly dir: string) {}

  private get file(): string {
    return path.join(this.dir, 'bases.json');
  }

  async load(): Promise<this> {
    try {
      this.data = JSON.parse(await fsp.readFile(this.file, 'utf8')) as BasesFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return this;
  }

  base(rel: string): Fingerprint | undefined {
    return this.data.bases[rel];
  }

  has(rel: string): boolean {
    return rel in this.data.bases;
  }

  /** Records the base of `rel` unless it has one (the first look counts). */
  note(rel: string, fp: Fingerprint): void {
    if (this.has(rel)) return;
    this.data.bases[rel] = fp;
    this.dirty = true;
  }

  /** After this task applied `rel`: its result is the new base; `content` is what it put there. */
  applied(rel: string, now: Fingerprint, content: string | null): void {
    this.data.bases[rel] = now;
    this.data.applied[rel] = content;
    this.dirty = true;
  }

  /** The task took the folder's version of `rel` (a conflict settled as theirs): that is its base now. */
  rebase(rel: string, now: Fingerprint): void {
    this.data.bases[rel] = now;
    delete this.data.applied[rel];
    this.dirty = true;
  }

  /** The content this task applied to `rel`, if it did: sha256, null (deleted) or undefined (never). */
  appliedContent(rel: string): string | null | undefined {
    return this.data.applied[rel];
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await fsp.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(this.data));
    await fsp.rename(tmp, this.file);
    this.dirty = false;
  }
}
