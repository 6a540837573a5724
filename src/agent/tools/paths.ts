// Paths as the model gives them, made into what the sandbox contract expects:
// relative to the task folder with POSIX separators. The model sometimes uses the
// guest's absolute view (/workspace/...) or a leading "./"; both mean the folder.
// Anything else absolute, or climbing out with "..", is outside the folder.

import * as posix from 'node:path/posix';
import { GUEST_PATHS } from '../../sandbox/driver';

const WORKSPACE = '/workspace';

export class ToolPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolPathError';
  }
}

/**
 * Normalize a path for the sandbox. Spaces, unicode, leading dashes and even
 * newlines are legal file names and are kept as they are; only NUL is refused.
 */
export function normalizeToolPath(input: string): string {
  if (input.includes('\0')) throw new ToolPathError('The path contains a NUL character, which no file name can contain.');
  let p = input;
  if (p === WORKSPACE || p === WORKSPACE + '/') return '.';
  if (p.startsWith(WORKSPACE + '/')) p = p.slice(WORKSPACE.length + 1);
  if (p === '') return '.';
  const norm = posix.normalize(p);
  // posix.normalize keeps a trailing slash; the sandbox wants plain names.
  return norm.length > 1 && norm.endsWith('/') ? norm.slice(0, -1) : norm;
}

/**
 * `~/…` names the task's private scratch folder in the sandbox (run_command's $HOME, which
 * the guest keeps per session and never promotes into the person's folder): the guest path
 * for it, or undefined for any other path. Climbing out of the scratch folder is refused.
 */
export function scratchToolPath(input: string, sessionId: string): string | undefined {
  if (input !== '~' && !input.startsWith('~/')) return undefined;
  if (input.includes('\0')) throw new ToolPathError('The path contains a NUL character, which no file name can contain.');
  const root = posix.join(GUEST_PATHS.scratch, sessionId);
  const full = posix.normalize(posix.join(root, input.slice(1)));
  if (full !== root && !full.startsWith(root + '/')) throw new ToolPathError(`${input} climbs out of the scratch folder (~).`);
  return full.length > 1 && full.endsWith('/') ? full.slice(0, -1) : full;
}

/** Whether a path (as the model gave it) points outside the task folder. */
export function isOutsideFolder(input: string): boolean {
  let p: string;
  try {
    p = normalizeToolPath(input);
  } catch {
    return true;
  }
  if (posix.isAbsolute(p)) return true;
  return p === '..' || p.startsWith('../');
}

/** Human-friendly size: 512 B, 3.4 KB, 12.0 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** A path for messages and summaries: bare when plain, JSON-quoted when it has spaces, quotes or control characters. */
export function showPath(p: string): string {
  return /^[\p{L}\p{N}_./@+,=~-]+$/u.test(p) ? p : JSON.stringify(p);
}

/** A path for a one-per-line listing: as is, unless a control character (say a newline) would break the line. */
export function listingPath(p: string): string {
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) < 0x20) return JSON.stringify(p);
  return p;
}
