// Owns the SandboxManager for the extension: created on first use with the
// driver from settings and the built image, replaced when the driver or idle
// timeout setting changes (running tasks keep the manager they started with).
// Skills are passed per session, not per manager, so /skills follows the
// library: the manager remounts when a task needs a different set.

import type { SkillSet } from '../agent/skills/skillSet';
import { skillDirsForGuest } from '../agent/skills/skillSet';
import { findImage } from '../sandbox/image/store';
import { SandboxManager } from '../sandbox/manager';
import type { SandboxSession } from '../sandbox/session';
import { undoResult } from '../sandbox/undoResult';
import type { LaterWorkAnswer, UndoResult } from '../shared/undoLaterWork';
import { selectDriver, type DriverSetting } from './sandboxDriver';

export interface SandboxSessionsOptions {
  /** Folder holding dist/guest-agent.js. */
  toolsDir: string;
  settings(): { driver: DriverSetting; idleTimeoutSeconds: number; writeBudgetMiB?: number };
  log(line: string): void;
  /** The guests' own chatter (command lines, boots): debug level, hidden by default. */
  debug(line: string): void;
  /** Where the image is; default: COWORK_IMAGE_DIR when set (as for the CLI), else the prepared one in the cache. */
  imageDir?: () => string | undefined;
}

export class SandboxSessions {
  private manager: Promise<SandboxManager> | undefined;
  private readonly retired: Promise<SandboxManager>[] = [];

  constructor(private readonly opts: SandboxSessionsOptions) {}

  private current(): Promise<SandboxManager> {
    if (!this.manager) {
      const attempt = this.create();
      // A failed start (no image, no driver) is not cached: the next task tries again.
      attempt.catch(() => {
        if (this.manager === attempt) this.manager = undefined;
      });
      this.manager = attempt;
    }
    return this.manager;
  }

  private async create(): Promise<SandboxManager> {
    const imageDir = this.opts.imageDir ? this.opts.imageDir() : process.env.COWORK_IMAGE_DIR || findImage()?.dir;
    if (!imageDir) throw new Error('the sandbox image is not on this machine yet. Run "Cowork: Prepare Sandbox" first.');
    const s = this.opts.settings();
    const driver = await selectDriver(s.driver, this.opts.log);
    return new SandboxManager({
      imageDir,
      toolsDir: this.opts.toolsDir,
      driver,
      // 0 means "keep running"; a day is as good as forever for an editor session.
      idleMs: s.idleTimeoutSeconds > 0 ? s.idleTimeoutSeconds * 1000 : 24 * 3600_000,
      // The setting is in MiB; 0 turns the budget off.
      writeBudgetBytes: Math.max(0, Math.floor(s.writeBudgetMiB ?? 10240)) * 1024 * 1024,
      log: (line) => this.opts.debug(`[sandbox] ${line}`),
    });
  }

  /** `skills` is the task's snapshot: exactly these are mounted under /skills for it. */
  async open(folder: string, taskId: string, skills: SkillSet): Promise<SandboxSession> {
    return (await this.current()).openSession(folder, { taskId, skillDirs: skillDirsForGuest(skills) });
  }

  /**
   * Undo runs on the host and mounts nothing. Later work (files changed after the task) not
   * covered by `answer` (no answer, or a file outside `answer.shown`) stops it before anything
   * is touched and comes back as `laterWork` for the person to decide.
   */
  async undo(folder: string, taskId: string, answer?: LaterWorkAnswer): Promise<UndoResult> {
    return undoResult(await this.current(), folder, taskId, answer && { laterChanges: answer.laterChanges, shown: answer.shown });
  }

  /** Settings changed: new tasks get a new manager; the old one stops when disposed. */
  reset(): void {
    if (this.manager) this.retired.push(this.manager);
    this.manager = undefined;
  }

  async dispose(): Promise<void> {
    const all = [...this.retired, ...(this.manager ? [this.manager] : [])];
    this.manager = undefined;
    await Promise.all(all.map((m) => m.then((x) => x.dispose()).catch(() => undefined)));
  }
}
