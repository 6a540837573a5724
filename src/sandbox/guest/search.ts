// Walking, glob and grep inside the guest. Walks never follow symlinks (a link
// cycle or a link out of the folder cannot make them loop or leave), and skip
// .git, whose contents are never what a person's desk work is about.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { compileGlob } from './glob';
import { SandboxError, type GrepMatch } from '../session';

const SKIP_DIRS = new Set(['.git']);
const GREP_MAX_FILE_BYTES = 4 * 1024 * 1024;
const GREP_MAX_LINE_CHARS = 500;

/** Yields files (and symlinks) below `root`, as paths relative to it, in sorted order. */
export async function* walkFiles(root: string): AsyncGenerator<string> {
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    let entries;
    try {
      entries = await fsp.readdir(path.posix.join(root, rel), { withFileTypes: true });
    } catch {
      continue; // unreadable or vanished: skip, like find does
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const dirs: string[] = [];
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) dirs.push(child);
      } else {
        yield child;
      }
    }
    stack.push(...dirs);
  }
}

export async function globFiles(root: string, pattern: string, limit: number): Promise<{ paths: string[]; truncated: boolean }> {
  let match: (p: string) => boolean;
  try {
    match = compileGlob(pattern);
  } catch (err) {
    throw new SandboxError('EPROTO', (err as Error).message);
  }
  const paths: string[] = [];
  for await (const rel of walkFiles(root)) {
    if (!match(rel)) continue;
    if (paths.length >= limit) return { paths: paths.sort(), truncated: true };
    paths.push(rel);
  }
  return { paths: paths.sort(), truncated: false };
}

export interface GrepOptions {
  pattern: string;
  ignoreCase?: boolean;
  glob?: string;
  limit: number;
}

/** Searches `target` (a file or a directory) and reports paths through `display`. */
export async function grepFiles(
  target: string,
  opts: GrepOptions,
  display: (absolute: string) => string,
): Promise<{ matches: GrepMatch[]; truncated: boolean }> {
  let re: RegExp;
  try {
    re = new RegExp(opts.pattern, opts.ignoreCase ? 'i' : '');
  } catch (err) {
    throw new SandboxError('EPROTO', `bad regular expression: ${(err as Error).message}`);
  }
  const filter = opts.glob ? compileGlob(opts.glob) : () => true;
  const matches: GrepMatch[] = [];
  const st = await fsp.stat(target);
  const files: AsyncIterable<string> | string[] = st.isDirectory() ? walkFiles(target) : [''];
  for await (const rel of files) {
    if (rel && !filter(rel)) continue;
    const abs = rel ? path.posix.join(target, rel) : target;
    let buf: Buffer;
    try {
      const fst = await fsp.lstat(abs);
      if (!fst.isFile() || fst.size > GREP_MAX_FILE_BYTES) continue;
      buf = await fsp.readFile(abs);
    } catch {
      continue;
    }
    if (buf.subarray(0, 8192).includes(0)) continue; // binary
    const lines = buf.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!re.test(lines[i])) continue;
      if (matches.length >= opts.limit) return { matches, truncated: true };
      matches.push({ path: display(abs), line: i + 1, text: lines[i].slice(0, GREP_MAX_LINE_CHARS) });
    }
  }
  return { matches, truncated: false };
}
