// What one task did to the real folder, kept so undoTask() can put every byte
// back: the outputs it created, and for each pre-existing path it changed, a
// backup of the original taken before the change (or null: did not exist).

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Fingerprint } from './fingerprint';
import { copyRegular, lstatOrNull } from './fsutil';

interface RecordFile {
  created: string[];
  originals: Record<string, { backup: string | null; link?: string }>;
  /** What the task left at each path it wrote, applied or deleted: a later change shows as a difference. */
  after?: Record<string, Fingerprint>;
  /** Set by a successful undo; what the task does afterwards (a resumed run) is undoable again. */
  undone?: boolean;
}

export class UndoRecord {
  private data: RecordFile = { created: [], originals: {} };
  private counter = 0;

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, 'record.json');
  }

  get backupDir(): string {
    return path.join(this.dir, 'backup');
  }

  get trashDir(): string {
    return path.join(this.dir, 'trash');
  }

  async load(): Promise<this> {
    try {
      this.data = JSON.parse(await fsp.readFile(this.file, 'utf8')) as RecordFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.counter = Object.keys(this.data.originals).length + 1;
    return this;
  }

  created(): readonly string[] {
    return this.data.created;
  }

  originals(): Readonly<RecordFile['originals']> {
    return this.data.originals;
  }

  setAfter(rel: string, fp: Fingerprint): void {
    (this.data.after ??= {})[rel] = fp;
  }

  /** What the task left at `rel`; undefined for records from before this was kept. */
  afterOf(rel: string): Fingerprint | undefined {
    return this.data.after?.[rel];
  }

  /** Undone, and nothing written since: a second undo has nothing to do and says so. */
  get undone(): boolean {
    return this.data.undone === true && this.data.created.length === 0 && Object.keys(this.data.originals).length === 0;
  }

  hasCreated(rel: string): boolean {
    return this.data.created.includes(rel);
  }

  addCreated(rel: string): void {
    if (!this.data.created.includes(rel) && !(rel in this.data.originals)) this.data.created.push(rel);
  }

  /**
   * Backs up `rel` as it is in the real folder now, unless this task already
   * holds its original. Directories are backed up file by file. Backup copies are
   * not fsynced here; their paths go to `written` for the caller to flush once.
   */
  async backup(lowerRoot: string, rel: string, written: string[] = []): Promise<void> {
    if (rel in this.data.originals || this.data.created.includes(rel)) return;
    const abs = path.join(lowerRoot, rel);
    const st = await lstatOrNull(abs);
    if (!st) {
      this.data.originals[rel] = { backup: null };
      return;
    }
    if (st.isDirectory()) {
      for (const name of await fsp.readdir(abs)) await this.backup(lowerRoot, `${rel}/${name}`, written);
      return;
    }
    if (st.isSymbolicLink()) {
      this.data.originals[rel] = { backup: null, link: await fsp.readlink(abs) };
      return;
    }
    if (!st.isFile()) return;
    await fsp.mkdir(this.backupDir, { recursive: true });
    const name = String(this.counter++);
    const dst = path.join(this.backupDir, name);
    await fsp.rm(dst, { force: true });
    try {
      // A hard link keeps the original inode, which apply then renames away from
      // the folder: a backup for the price of a directory entry.
      await fsp.link(abs, dst);
    } catch {
      await copyRegular(abs, dst, false); // another filesystem
      await fsp.chmod(dst, st.mode & 0o7777);
      written.push(dst);
    }
    this.data.originals[rel] = { backup: name };
  }

  async save(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(this.data));
    await fsp.rename(tmp, this.file);
  }

  /** After a successful undo the task has nothing left to undo; its backups go. */
  async clear(): Promise<void> {
    this.data = { created: [], originals: {}, undone: true };
    await this.save();
    await fsp.rm(this.backupDir, { recursive: true, force: true });
  }
}
