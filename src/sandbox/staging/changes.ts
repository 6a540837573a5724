// Reads the overlay's upper layer against the real folder (the lower layer) and
// sorts what the task did into two kinds:
//  - outputs: entries that did not exist before the task (or that the task itself
//    created earlier) - these are promoted to the real folder at once;
//  - pending: modifications, deletions and renames of what existed before - these
//    wait for applyChanges/discardChanges.
// The change set is computed from the layers each time, never kept as a log, so
// it cannot drift from what is really on disk.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ChangeItem } from '../../shared/taskEvents';
import { FUSE_OPAQUE_MARKERS, FUSE_WHITEOUT_PREFIX, filesBelow, lstatOrNull, parentsAreDirs, sameContent, typeOf, type EntryType } from './fsutil';

export type Output =
  | { action: 'write'; path: string; type: 'file' | 'dir' | 'symlink' }
  /** The task deleted one of its own outputs. */
  | { action: 'remove'; path: string };

export interface Classified {
  outputs: Output[];
  pending: ChangeItem[];
}

export interface ClassifyInput {
  upper: string;
  lower: string;
  /** Paths this folder's tasks created (outputs); changing or deleting them needs no approval. */
  ours: ReadonlySet<string>;
  /** Whether paths exist in the guest's merged view; reveals opaque directories. */
  exists(paths: string[]): Promise<boolean[]>;
  /** Content comparisons, keyed by upper path signature, reused across scans. */
  cache?: Map<string, boolean>;
  /** The upper layer is fuse-overlayfs's: `.wh.<name>` files are deletions, its opaque markers are not entries. */
  whiteoutFiles?: boolean;
}

export async function classify(input: ClassifyInput): Promise<Classified> {
  const outputs: Output[] = [];
  const pending: ChangeItem[] = [];
  const deleted = new Map<string, number>(); // path -> size, rename candidates
  const fresh: { path: string; size: number }[] = []; // new files, rename candidates
  const opaqueChecks: { dir: string; lowerOnly: string[] }[] = [];
  const cache = input.cache ?? new Map<string, boolean>();

  const markDeleted = async (rel: string) => {
    const lst = await lstatOrNull(path.join(input.lower, rel));
    if (!lst) return;
    const rels = lst.isDirectory() ? await filesBelow(input.lower, rel) : [rel];
    for (const r of rels) {
      if (input.ours.has(r)) {
        outputs.push({ action: 'remove', path: r });
        continue;
      }
      const st = await lstatOrNull(path.join(input.lower, r));
      deleted.set(r, st?.size ?? 0);
    }
    if (lst.isDirectory() && input.ours.has(rel)) outputs.push({ action: 'remove', path: rel });
  };

  const walk = async (relDir: string): Promise<void> => {
    const { names, whiteouts } = await upperEntries(path.join(input.upper, relDir), input.whiteoutFiles === true);
    const lowerDir = path.join(input.lower, relDir);
    const lowerDirSt = await lstatOrNull(lowerDir);
    if (relDir && lowerDirSt?.isDirectory()) {
      const upperNames = new Set(names);
      const lowerOnly = (await fsp.readdir(lowerDir)).filter((n) => !upperNames.has(n));
      if (lowerOnly.length > 0) opaqueChecks.push({ dir: relDir, lowerOnly });
    }
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      if (whiteouts.has(name)) {
        await markDeleted(rel);
        continue;
      }
      const ust = await lstatOrNull(path.join(input.upper, rel));
      if (!ust) continue;
      const utype = typeOf(ust);
      const lst = await lstatOrNull(path.join(input.lower, rel));
      const ltype: EntryType | null = lst ? typeOf(lst) : null;
      if (utype === 'whiteout') {
        await markDeleted(rel);
        continue;
      }
      if (utype === 'other') continue; // FIFOs, sockets, devices never leave the sandbox
      const ours = input.ours.has(rel);
      if (utype === 'dir') {
        if (ltype === null) {
          if (await parentsAreDirs(input.lower, rel)) outputs.push({ action: 'write', path: rel, type: 'dir' });
        } else if (ltype !== 'dir') {
          if (ours) outputs.push({ action: 'remove', path: rel });
          else await markDeleted(rel);
        }
        await walk(rel);
        continue;
      }
      const size = ust.size;
      if (ltype === null) {
        if (utype === 'symlink' && !linkStaysInside(rel, await fsp.readlink(path.join(input.upper, rel)))) {
          pending.push({ kind: 'added', path: rel, size }); // a link out of the folder waits for approval
        } else if (!(await parentsAreDirs(input.lower, rel))) {
          pending.push({ kind: 'added', path: rel, size });
        } else if (utype === 'file' && !ours) {
          fresh.push({ path: rel, size });
        } else {
          outputs.push({ action: 'write', path: rel, type: utype });
        }
        continue;
      }
      if (await same(input, rel, utype, ltype, ust.ino, ust.mtimeMs, size, cache)) continue;
      if (ours) outputs.push({ action: 'write', path: rel, type: utype });
      else pending.push({ kind: 'modified', path: rel, size });
    }
  };

  if (await lstatOrNull(input.upper)) await walk('');

  // Lower entries missing from an upper directory are hidden only if it is opaque
  // (removed and re-created); the guest's view tells, one probe per directory.
  if (opaqueChecks.length > 0) {
    const probes = opaqueChecks.map((c) => `${c.dir}/${c.lowerOnly[0]}`);
    const seen = await input.exists(probes);
    for (let i = 0; i < opaqueChecks.length; i++) {
      if (seen[i]) continue;
      for (const n of opaqueChecks[i].lowerOnly) await markDeleted(`${opaqueChecks[i].dir}/${n}`);
    }
  }

  // A new file with exactly the content of a deleted one is a rename.
  for (const f of fresh) {
    let from: string | undefined;
    for (const [d, size] of deleted) {
      if (size === f.size && (await sameContent(path.join(input.upper, f.path), path.join(input.lower, d)).catch(() => false))) {
        from = d;
        break;
      }
    }
    if (from !== undefined) {
      deleted.delete(from);
      pending.push({ kind: 'renamed', path: f.path, from, size: f.size });
    } else {
      outputs.push({ action: 'write', path: f.path, type: 'file' });
    }
  }
  for (const [d, size] of deleted) pending.push({ kind: 'deleted', path: d, size });
  pending.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { outputs, pending };
}

/** An upper directory's entry names, sorted, with fuse-overlayfs's markers turned into the names they delete. */
async function upperEntries(dir: string, whiteoutFiles: boolean): Promise<{ names: string[]; whiteouts: Set<string> }> {
  const raw = await fsp.readdir(dir);
  const whiteouts = new Set<string>();
  if (!whiteoutFiles) return { names: raw.sort(), whiteouts };
  const names = new Set<string>();
  for (const n of raw) {
    if (FUSE_OPAQUE_MARKERS.has(n)) continue;
    if (n.startsWith(FUSE_WHITEOUT_PREFIX) && n.length > FUSE_WHITEOUT_PREFIX.length) {
      const hidden = n.slice(FUSE_WHITEOUT_PREFIX.length);
      if ((await lstatOrNull(path.join(dir, n)))?.isFile()) {
        whiteouts.add(hidden);
        names.add(hidden);
        continue;
      }
    }
    names.add(n);
  }
  return { names: [...names].sort(), whiteouts };
}

async function same(
  input: ClassifyInput,
  rel: string,
  utype: EntryType,
  ltype: EntryType,
  ino: number,
  mtimeMs: number,
  size: number,
  cache: Map<string, boolean>,
): Promise<boolean> {
  if (utype !== ltype) return false;
  const u = path.join(input.upper, rel);
  const l = path.join(input.lower, rel);
  if (utype === 'symlink') return (await fsp.readlink(u)) === (await fsp.readlink(l));
  const lst = await lstatOrNull(l);
  const key = `${rel}\0${ino}\0${mtimeMs}\0${size}\0${lst?.ino}\0${lst?.mtimeMs}\0${lst?.size}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = await sameContent(u, l).catch(() => false);
  cache.set(key, result);
  return result;
}

/** A relative link whose target, resolved lexically from its own directory, stays in the folder. */
export function linkStaysInside(rel: string, target: string): boolean {
  if (path.posix.isAbsolute(target)) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
  return resolved !== '..' && !resolved.startsWith('../');
}
