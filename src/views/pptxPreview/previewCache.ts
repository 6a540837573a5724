// The slide preview's image cache on disk: one folder per deck content (<root>/<sha256>/
// with slide-N.png and a manifest written last, so a half-written entry is never taken for
// a finished one), bounded in total size and number of decks. When a new entry takes it
// over a bound, the entries used longest ago go first (the manifest's mtime is the time of
// last use: a hit touches it); the entry just written is never the one evicted.
// Leftovers of an interrupted write (<sha256>.tmp-*) older than an hour go too.
// Anything else in the root (the renderer's `work` folder, a stranger's file) is left alone.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SlideImage {
  number: number;
  png: Buffer;
}

export interface CacheLimits {
  /** Total bytes of all entries; default 256 MiB. */
  maxBytes?: number;
  /** Number of decks; default 64. */
  maxEntries?: number;
}

interface Manifest {
  slides: number[];
  width: number;
}

interface Entry {
  key: string;
  dir: string;
  bytes: number;
  usedAt: number;
}

export const DEFAULT_CACHE_LIMITS = { maxBytes: 256 * 1024 * 1024, maxEntries: 64 };
const KEY = /^[0-9a-f]{64}$/;
const TMP = /^[0-9a-f]{64}\.tmp-/;
const STALE_TMP_MS = 60 * 60 * 1000;

export class PreviewCache {
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(
    readonly root: string,
    limits: CacheLimits = {},
  ) {
    this.maxBytes = limits.maxBytes ?? DEFAULT_CACHE_LIMITS.maxBytes;
    this.maxEntries = limits.maxEntries ?? DEFAULT_CACHE_LIMITS.maxEntries;
  }

  /** The images stored for this content at this width (and the entry marked as just used), else undefined. */
  get(key: string, width: number): SlideImage[] | undefined {
    const dir = path.join(this.root, key);
    const manifestFile = path.join(dir, 'manifest.json');
    try {
      const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
      if (m.width !== width) return undefined;
      const images = m.slides.map((n) => ({ number: n, png: fs.readFileSync(path.join(dir, `slide-${n}.png`)) }));
      const now = new Date();
      fs.utimesSync(manifestFile, now, now);
      return images;
    } catch {
      return undefined;
    }
  }

  /** Stores the images (replacing an older entry of the same content), then evicts down to the bounds. */
  put(key: string, images: SlideImage[], width: number): void {
    if (!KEY.test(key)) throw new Error(`not a content hash: ${key}`);
    const dir = path.join(this.root, key);
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    fs.mkdirSync(tmp, { recursive: true });
    for (const img of images) fs.writeFileSync(path.join(tmp, `slide-${img.number}.png`), img.png);
    const manifest: Manifest = { slides: images.map((i) => i.number), width };
    fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    this.evict(key);
  }

  /** Removes least recently used entries until both bounds hold (never `keep`); returns the keys removed. */
  evict(keep?: string): string[] {
    const entries = this.entries();
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    let count = entries.length;
    const removed: string[] = [];
    for (const e of entries.sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= this.maxBytes && count <= this.maxEntries) break;
      if (e.key === keep) continue;
      fs.rmSync(e.dir, { recursive: true, force: true });
      total -= e.bytes;
      count--;
      removed.push(e.key);
    }
    return removed;
  }

  /** Finished entries with their size and time of last use; stale temporaries are removed on the way. */
  private entries(): Entry[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.root);
    } catch {
      return [];
    }
    const out: Entry[] = [];
    for (const name of names) {
      const dir = path.join(this.root, name);
      if (TMP.test(name)) {
        const st = statOrUndefined(dir);
        if (st && Date.now() - st.mtimeMs > STALE_TMP_MS) fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (!KEY.test(name)) continue;
      const manifest = statOrUndefined(path.join(dir, 'manifest.json'));
      // An entry without a manifest is not one (a stranger's, or never finished): oldest of all.
      out.push({ key: name, dir, bytes: folderBytes(dir), usedAt: manifest?.mtimeMs ?? 0 });
    }
    return out;
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function folderBytes(dir: string): number {
  let sum = 0;
  try {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) if (f.isFile()) sum += statOrUndefined(path.join(dir, f.name))?.size ?? 0;
  } catch {
    // vanished meanwhile
  }
  return sum;
}
