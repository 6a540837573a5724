// The live set of installed skills. Scans once on start, then watches every
// folder the scan looked into (plus the nearest existing parent of each skill
// folder that does not exist yet) with fs.watch, debounced, and rescans on any
// change. Fires onDidChange only when the skills or diagnostics really changed.
// Plain Node: the extension, the CLI and tests use it the same way.

import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { discoverSkills, skillRoots, SKILL_FOLDERS, type DiscoveryResult, type SkillDiscoveryOptions } from './discovery';
import { SkillSet } from './skillSet';

export interface SkillLibraryOptions extends SkillDiscoveryOptions {
  /** Quiet period before a rescan after the last file event (default 150 ms). */
  debounceMs?: number;
  /** Most folders watched at once (default 400); beyond it the library polls. */
  maxWatchers?: number;
  /** Poll interval used when watching is impossible (default 5000 ms). */
  pollMs?: number;
  log?: (line: string) => void;
}

export interface Disposable {
  dispose(): void;
}

type Listener = (result: DiscoveryResult) => void;

const EMPTY: DiscoveryResult = { skills: [], diagnostics: [], roots: [], visitedDirs: [] };

export class SkillLibrary implements Disposable {
  private opts: SkillLibraryOptions;
  private result: DiscoveryResult = EMPTY;
  private signature = '';
  private readonly listeners = new Set<Listener>();
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<DiscoveryResult> | undefined;
  private rerun = false;
  private disposed = false;
  private started = false;
  private scanCount = 0;

  constructor(opts: SkillLibraryOptions) {
    this.opts = { ...opts };
  }

  /** The latest scan (empty before start()). */
  get current(): DiscoveryResult {
    return this.result;
  }

  /** How many scans have run (for diagnostics and tests). */
  get scans(): number {
    return this.scanCount;
  }

  /** An immutable view of the loaded skills, for one task. */
  snapshot(): SkillSet {
    return new SkillSet(this.result.skills);
  }

  onDidChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** First scan, then keep watching. Resolves with the first result. */
  async start(): Promise<DiscoveryResult> {
    this.started = true;
    return this.refresh();
  }

  /** Workspace trust was granted (or revoked): rescan with the new flag. */
  setTrusted(trusted: boolean): Promise<DiscoveryResult> {
    this.opts = { ...this.opts, trusted };
    return this.refresh();
  }

  setWorkspaceFolders(folders: readonly string[]): Promise<DiscoveryResult> {
    this.opts = { ...this.opts, workspaceFolders: [...folders] };
    return this.refresh();
  }

  /** Rescan now. Concurrent calls share one scan; a call during a scan queues one more. */
  refresh(): Promise<DiscoveryResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.scan().finally(() => {
      this.running = undefined;
      if (this.rerun && !this.disposed) {
        this.rerun = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.listeners.clear();
  }

  private async scan(): Promise<DiscoveryResult> {
    let result: DiscoveryResult;
    this.scanCount++;
    try {
      result = await discoverSkills(this.opts);
    } catch (err) {
      this.opts.log?.(`skills: scan failed: ${String(err)}`);
      return this.result;
    }
    if (this.disposed) return result;
    this.result = result;
    if (this.started) await this.rewatch(result);
    const sig = JSON.stringify([result.skills, result.diagnostics]);
    if (sig !== this.signature) {
      this.signature = sig;
      this.opts.log?.(`skills: ${result.skills.length} loaded, ${result.diagnostics.length} diagnostics`);
      for (const l of [...this.listeners]) {
        try {
          l(result);
        } catch (err) {
          this.opts.log?.(`skills: onDidChange listener threw: ${String(err)}`);
        }
      }
    }
    return result;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.opts.debounceMs ?? 150);
  }

  /** Watch exactly the folders that matter now; drop watchers that no longer do. */
  private async rewatch(result: DiscoveryResult): Promise<void> {
    // Folder → the entry names worth a rescan (undefined: any change inside it).
    const wanted = new Map<string, Set<string> | undefined>(result.visitedDirs.map((d) => [d, undefined]));
    for (const [dir, names] of await this.missingRootAnchors()) if (!wanted.has(dir)) wanted.set(dir, names);
    const max = this.opts.maxWatchers ?? 400;
    let overflow = wanted.size > max;
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      if (this.watchers.has(dir)) continue;
      if (this.watchers.size >= max) break;
      try {
        const w = watch(dir, { persistent: false }, (_event, filename) => {
          if (!names || !filename || names.has(filename.toString())) this.schedule();
        });
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
          this.schedule();
        });
        this.watchers.set(dir, w);
      } catch (err) {
        overflow = true;
        this.opts.log?.(`skills: cannot watch ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}); polling instead`);
      }
    }
    if (overflow && !this.poller) {
      this.poller = setInterval(() => void this.refresh(), this.opts.pollMs ?? 5000);
      this.poller.unref();
    } else if (!overflow && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  /**
   * For each skills folder that does not exist yet, its nearest existing parent
   * (never above the workspace folder, the home folder or the built-in folder's
   * parent), so creating ".cowork/skills/x/SKILL.md" later is noticed; with the
   * one entry name on the way down that matters (".cowork"), so saving other
   * files in the workspace root does not trigger rescans.
   */
  private async missingRootAnchors(): Promise<Map<string, Set<string>>> {
    const anchors = new Map<string, Set<string>>();
    const limits = new Map<string, string>();
    for (const ws of this.opts.trusted ? (this.opts.workspaceFolders ?? []) : []) for (const f of SKILL_FOLDERS) limits.set(join(ws, f), ws);
    if (this.opts.homeDir) for (const f of SKILL_FOLDERS) limits.set(join(this.opts.homeDir, f), this.opts.homeDir);
    if (this.opts.builtinDir) limits.set(this.opts.builtinDir, dirname(this.opts.builtinDir));
    for (const root of skillRoots(this.opts)) {
      const limit = limits.get(root.dir) ?? root.dir;
      let dir = root.dir;
      let child = '';
      while (!(await isDir(dir))) {
        if (dir === limit || dirname(dir) === dir) {
          dir = '';
          break;
        }
        child = basename(dir);
        dir = dirname(dir);
      }
      if (dir && child) {
        const names = anchors.get(dir) ?? new Set<string>();
        names.add(child);
        anchors.set(dir, names);
      }
    }
    return anchors;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
