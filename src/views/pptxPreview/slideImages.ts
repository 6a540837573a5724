// The slide images of the preview, rendered in the sandbox and cached by content hash.
// A deck is never rendered on the host: its bytes are copied into the renderer's own folder
// (<cache>/pptx-previews/work, which the guest sees as /workspace), the guest's
// `cowork-doc.js thumbnails --each` renders every slide with its LibreOffice and poppler,
// and the PNGs are read back through the session.
// The cache (previewCache.ts, <cowork cache>/pptx-previews/<sha256>/) is bounded: the decks
// viewed longest ago are evicted first.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coworkCacheDir } from '../../sandbox/cacheDir';
import type { SandboxSession } from '../../sandbox/session';
import { PreviewCache, type CacheLimits, type SlideImage } from './previewCache';

export type { SlideImage } from './previewCache';

export interface RenderedSlides {
  images: SlideImage[];
  cached: boolean;
  ms: number;
}

export interface SlideImagesOptions {
  /** Opens a sandbox session on a host folder (the renderer's throwaway one). */
  openSession(folder: string): Promise<SandboxSession>;
  /** Default <cowork cache>/pptx-previews. */
  cacheRoot?: string;
  /** Image width in pixels; default 960. */
  width?: number;
  /** Default 5 minutes: a first LibreOffice start in a cold guest is slow. */
  timeoutMs?: number;
  /** Bounds of the cache (default 256 MiB, 64 decks). */
  cacheLimits?: CacheLimits;
}

/** Where the bundled engine sits inside every guest. */
const GUEST_DOC = '/opt/cowork/cowork-doc.js';

export class SlideImages {
  private readonly root: string;
  private readonly cache: PreviewCache;
  private readonly inFlight = new Map<string, Promise<RenderedSlides>>();

  constructor(private readonly opts: SlideImagesOptions) {
    this.root = opts.cacheRoot ?? coworkCacheDir('pptx-previews');
    this.cache = new PreviewCache(this.root, opts.cacheLimits);
  }

  static hash(deck: Uint8Array): string {
    return createHash('sha256').update(deck).digest('hex');
  }

  /** The cached images, or undefined when this content has not been rendered yet. */
  cached(deck: Uint8Array): SlideImage[] | undefined {
    return this.cache.get(SlideImages.hash(deck), this.width);
  }

  /** From the cache, else rendered in the sandbox (one render per content at a time). */
  async render(deck: Uint8Array, opts: { force?: boolean } = {}): Promise<RenderedSlides> {
    const t0 = Date.now();
    if (!opts.force) {
      const hit = this.cached(deck);
      if (hit) return { images: hit, cached: true, ms: Date.now() - t0 };
    }
    const key = SlideImages.hash(deck);
    let job = this.inFlight.get(key);
    if (!job) {
      job = this.renderInSandbox(deck, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, job);
    }
    const images = (await job).images;
    return { images, cached: false, ms: Date.now() - t0 };
  }

  private get width(): number {
    return this.opts.width ?? 960;
  }

  private async renderInSandbox(deck: Uint8Array, key: string): Promise<RenderedSlides> {
    const t0 = Date.now();
    // One fixed folder for every render, so one guest (and one staging state) serves them all;
    // each deck gets its own name, written before the session opens.
    const work = path.join(this.root, 'work');
    fs.mkdirSync(work, { recursive: true });
    const name = `${key}.pptx`;
    fs.writeFileSync(path.join(work, name), deck);
    try {
      const session = await this.opts.openSession(work);
      // Into the session's scratch, not /workspace: new files there would be promoted to the folder.
      const out = `/scratch/${session.id}/slides`;
      let images: SlideImage[];
      try {
        const timeoutMs = this.opts.timeoutMs ?? 300_000;
        const r = await session.exec({
          command: ['node', GUEST_DOC, 'thumbnails', name, '-o', `${out}/slide.png`, '--each', '--width', String(this.width), '--json', '--timeout', String(Math.ceil(timeoutMs / 1000))],
          timeoutMs: timeoutMs + 30_000,
          maxOutputBytes: 1 << 20,
        });
        const report = parseReport(r.stdout);
        if (r.exitCode !== 0 || !report?.images) {
          const why = report?.error?.message ?? (r.stderr.trim() || r.stdout.trim() || `exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}`);
          throw new Error(why.replace(/^cowork doc thumbnails: /, '').split(`${name}: `).join(''));
        }
        images = [];
        for (const img of report.images) {
          const read = await session.readFile(img.file);
          if (read.truncated) throw new Error(`the image of slide ${img.slides[0]} is over the sandbox's read limit`);
          images.push({ number: img.slides[0]!, png: Buffer.from(read.data, read.encoding === 'base64' ? 'base64' : 'utf8') });
        }
      } finally {
        await session.close().catch(() => undefined);
      }
      this.cache.put(key, images, this.width);
      return { images, cached: false, ms: Date.now() - t0 };
    } finally {
      fs.rmSync(path.join(work, name), { force: true });
    }
  }
}

interface Report {
  images?: { file: string; slides: number[] }[];
  error?: { code?: string; message: string };
}

function parseReport(stdout: string): Report | undefined {
  try {
    return JSON.parse(stdout) as Report;
  } catch {
    return undefined;
  }
}
