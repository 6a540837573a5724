// Applies a batch of changes to the real folder atomically, as far as a POSIX
// filesystem allows: every new content is first written to a temp file next to
// its target and fsynced, the journal is switched to "commit" with one atomic
// rename, and only then are the renames and removals done. After a crash,
// recover() either rolls back (journal still "prepare": temp files removed,
// folder untouched) or rolls forward (journal "commit": the remaining steps are
// idempotent). Either way the folder is old-batch or new-batch, never a mix.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { copyRegular, flushToDisk, fsyncDir, lstatOrNull, matchParentOwner, mkdirsInside, runLimited } from './fsutil';

export type Step =
  /**
   * Put new content at `target`: a regular file copied from `source` (or hard
   * linked, when `hardlink` and `source` is ours alone, like a backup), or a symlink to `link`.
   */
  | { op: 'put'; target: string; source?: string; link?: string; tmp?: string; hardlink?: boolean }
  | { op: 'remove'; target: string }
  /** Remove a directory if it is empty by then. */
  | { op: 'rmdir'; target: string };

interface JournalFile {
  phase: 'prepare' | 'commit';
  steps: Step[];
  /** Directories made while preparing, removed again on rollback. */
  madeDirs: string[];
}

export interface CommitHooks {
  /** Test hook: called before each commit step; throwing simulates a crash there. */
  beforeStep?(index: number): void;
}

export class Journal {
  constructor(
    private readonly file: string,
    /** The real folder; every step's target must be inside it. */
    private readonly root: string,
  ) {}

  async commit(steps: Step[], hooks: CommitHooks = {}): Promise<void> {
    await this.recover();
    for (const s of steps) this.checkInside(s.target);
    const journal: JournalFile = { phase: 'prepare', steps: steps.map((s) => ({ ...s })), madeDirs: [] };
    for (const s of journal.steps) {
      if (s.op === 'put') s.tmp = path.join(path.dirname(s.target), `.cowork-apply-${randomBytes(6).toString('hex')}`);
    }
    await this.write(journal);
    try {
      // Parent directories first (recorded, so a rollback can remove them)...
      const made: string[] = [];
      for (const dir of new Set(journal.steps.filter((s) => s.op === 'put').map((s) => path.dirname(s.target)))) {
        made.push(...(await mkdirsInside(this.root, path.relative(this.root, dir))));
      }
      if (made.length > 0) {
        journal.madeDirs = made;
        await this.write(journal);
      }
      // ...then every temp file, a few at a time, flushed to disk once at the end.
      const puts = journal.steps.filter((s): s is Extract<Step, { op: 'put' }> => s.op === 'put' && !!s.tmp);
      await runLimited(puts, 8, async (s) => {
        if (s.link !== undefined) await fsp.symlink(s.link, s.tmp as string);
        else if (s.source && s.hardlink && (await fsp.link(s.source, s.tmp as string).then(() => true, () => false))) {
          // linked from our own backup: nothing to copy
        } else if (s.source) await copyRegular(s.source, s.tmp as string, false);
        else throw new Error(`put ${s.target}: no source`);
        await matchParentOwner(s.tmp as string);
      });
      await flushToDisk(puts.filter((s) => s.link === undefined).map((s) => s.tmp as string));
      for (const dir of new Set(puts.map((s) => path.dirname(s.target)))) await fsyncDir(dir);
    } catch (err) {
      await this.rollback(journal);
      throw err;
    }
    journal.phase = 'commit';
    await this.write(journal);
    await this.rollForward(journal, hooks);
  }

  /** Finishes or undoes a batch interrupted by a crash. Safe to call at any time. */
  async recover(): Promise<'none' | 'rolled-back' | 'rolled-forward'> {
    let journal: JournalFile;
    try {
      journal = JSON.parse(await fsp.readFile(this.file, 'utf8')) as JournalFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw err;
    }
    if (journal.phase === 'commit') {
      await this.rollForward(journal, {});
      return 'rolled-forward';
    }
    await this.rollback(journal);
    return 'rolled-back';
  }

  private async rollForward(journal: JournalFile, hooks: CommitHooks): Promise<void> {
    for (let i = 0; i < journal.steps.length; i++) {
      hooks.beforeStep?.(i);
      const s = journal.steps[i];
      if (s.op === 'put') {
        // Done already if the temp file is gone.
        if (s.tmp) await this.renameInto(s.tmp, s.target);
      } else if (s.op === 'remove') {
        await fsp.rm(s.target, { force: true, recursive: true });
      } else {
        try {
          await fsp.rmdir(s.target);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
        }
      }
    }
    await fsp.rm(this.file, { force: true });
  }

  /** rename(tmp, target); a missing tmp means this step was done before a crash. */
  private async renameInto(tmp: string, target: string): Promise<void> {
    try {
      await fsp.rename(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !(await lstatOrNull(tmp))) return;
      // A directory where the file goes (the task replaced a folder by a file): its
      // files were backed up file by file before the batch.
      if (code !== 'EISDIR' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      await fsp.rm(target, { recursive: true });
      await fsp.rename(tmp, target);
    }
  }

  private async rollback(journal: JournalFile): Promise<void> {
    for (const s of journal.steps) if (s.op === 'put' && s.tmp) await fsp.rm(s.tmp, { force: true });
    for (const dir of [...journal.madeDirs].reverse()) await fsp.rmdir(dir).catch(() => undefined);
    await fsp.rm(this.file, { force: true });
  }

  private async write(journal: JournalFile): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await fsp.mkdir(path.dirname(this.file), { recursive: true });
    const fh = await fsp.open(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, 0o600);
    try {
      await fh.writeFile(JSON.stringify(journal));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, this.file);
  }

  private checkInside(target: string): void {
    const rel = path.relative(this.root, target);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`refusing to change ${target}: not inside ${this.root}`);
  }
}
