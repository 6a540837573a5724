// Confines every path a request names to the workspace and the session's own
// scratch directory. Lexical escapes (`..`, other absolute paths) are refused
// before touching the disk; then the real path (symlinks resolved) must still be
// inside, so a link to /etc or to another session's scratch is refused too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SandboxError } from '../session';

export interface Resolved {
  /** Absolute guest path to operate on. */
  real: string;
  /** Path as reported back: relative to the workspace, or absolute inside scratch. */
  display: string;
}

export class PathResolver {
  private readonly workspaceReal: string;

  constructor(
    readonly workspace: string,
    readonly scratchRoot: string,
  ) {
    this.workspaceReal = fs.realpathSync(workspace);
  }

  scratchFor(session: string | undefined): string | undefined {
    return session ? path.posix.join(this.scratchRoot, session) : undefined;
  }

  /**
   * `follow`: resolve a final symlink (reads, writes). Without it the entry itself
   * is meant (lstat, delete, move), and only its parent must be inside.
   */
  resolve(p: string, session: string | undefined, follow: boolean): Resolved {
    if (typeof p !== 'string' || p.includes('\0')) throw new SandboxError('EPROTO', 'path must be a string without NUL bytes');
    const scratch = this.scratchFor(session);
    const lexical = path.posix.isAbsolute(p) ? path.posix.normalize(p) : path.posix.join(this.workspace, p || '.');
    const roots = [this.workspace, ...(scratch ? [scratch] : [])];
    const root = roots.find((r) => lexical === r || lexical.startsWith(r + '/'));
    if (!root) throw new SandboxError('EOUTSIDE', `${p}: outside the folder`);
    const realRoot = root === this.workspace ? this.workspaceReal : root;
    let real: string;
    if (lexical === root) {
      real = realRoot;
    } else if (follow) {
      real = realOfLongestExisting(lexical);
    } else {
      real = path.posix.join(realOfLongestExisting(path.posix.dirname(lexical)), path.posix.basename(lexical));
    }
    const inside = [this.workspaceReal, ...(scratch ? [scratch] : [])].some((r) => real === r || real.startsWith(r + '/'));
    if (!inside) throw new SandboxError('EOUTSIDE', `${p}: resolves outside the folder (through a symbolic link)`);
    const display = real === this.workspaceReal ? '.' : real.startsWith(this.workspaceReal + '/') ? real.slice(this.workspaceReal.length + 1) : real;
    return { real, display };
  }

  /** Display form of an absolute guest path found while walking. */
  displayOf(real: string): string {
    if (real === this.workspaceReal) return '.';
    return real.startsWith(this.workspaceReal + '/') ? real.slice(this.workspaceReal.length + 1) : real;
  }
}

/** realpath of the longest existing prefix, with the missing tail appended as is. Dangling links are followed by hand. */
function realOfLongestExisting(p: string, depth = 0): string {
  if (depth > 40) throw new SandboxError('EOUTSIDE', `${p}: too many levels of symbolic links`);
  const tail: string[] = [];
  let cur = p;
  for (;;) {
    try {
      const r = fs.realpathSync(cur);
      return tail.length ? path.posix.join(r, ...tail.reverse()) : r;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      let link: string | undefined;
      try {
        if (fs.lstatSync(cur).isSymbolicLink()) link = fs.readlinkSync(cur);
      } catch {
        // missing: keep walking up
      }
      if (link !== undefined) {
        const target = realOfLongestExisting(path.posix.resolve(path.posix.dirname(cur), link), depth + 1);
        return tail.length ? path.posix.join(target, ...tail.reverse()) : target;
      }
      const parent = path.posix.dirname(cur);
      if (parent === cur) return p;
      tail.push(path.posix.basename(cur));
      cur = parent;
    }
  }
}
