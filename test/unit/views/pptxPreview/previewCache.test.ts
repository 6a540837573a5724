// The slide preview's cache on disk stays bounded: over its byte or deck bound, the decks
// viewed longest ago go first; a hit counts as a use; the entry just written stays even
// when it alone is over the bound; interrupted writes are cleared once stale; the
// renderer's work folder and files that are not entries are left alone.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PreviewCache, type SlideImage } from '../../../../src/views/pptxPreview/previewCache';
import { tempDir } from '../../../support/sandboxFixture';

const key = (name: string): string => createHash('sha256').update(name).digest('hex');
const slides = (n: number, bytes: number): SlideImage[] => Array.from({ length: n }, (_, i) => ({ number: i + 1, png: Buffer.alloc(bytes, i + 1) }));

/** Makes an entry look last used `minutesAgo` minutes ago. */
function usedAgo(cache: PreviewCache, k: string, minutesAgo: number): void {
  const t = new Date(Date.now() - minutesAgo * 60_000);
  fs.utimesSync(path.join(cache.root, k, 'manifest.json'), t, t);
}

const entries = (root: string): string[] => fs.readdirSync(root).filter((n) => /^[0-9a-f]{64}$/.test(n)).sort();

describe('views/pptxPreview: the preview cache is bounded, least recently used first', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('pptx-preview-cache');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores and returns the images of a content at its width, and nothing at another width', () => {
    const cache = new PreviewCache(root);
    cache.put(key('a'), slides(3, 100), 960);
    const got = cache.get(key('a'), 960);
    assert.deepEqual(got?.map((s) => [s.number, s.png.length, s.png[0]]), [[1, 100, 1], [2, 100, 2], [3, 100, 3]]);
    assert.equal(cache.get(key('a'), 480), undefined);
    assert.equal(cache.get(key('b'), 960), undefined);
    assert.throws(() => cache.put('../escape', slides(1, 1), 960), /not a content hash/);
  });

  it('over the byte bound, evicts the decks used longest ago until it fits; a hit counts as a use', () => {
    // Each entry is 2 x 1000 bytes of PNG plus a small manifest: three fit in 7000, four do not.
    const cache = new PreviewCache(root, { maxBytes: 7000, maxEntries: 100 });
    for (const name of ['a', 'b', 'c']) cache.put(key(name), slides(2, 1000), 960);
    usedAgo(cache, key('a'), 30);
    usedAgo(cache, key('b'), 20);
    usedAgo(cache, key('c'), 10);
    assert.ok(cache.get(key('a'), 960), 'a is viewed again, so b is now the oldest');
    cache.put(key('d'), slides(2, 1000), 960);
    assert.deepEqual(entries(root), [key('a'), key('c'), key('d')].sort());
    usedAgo(cache, key('a'), 2);
    usedAgo(cache, key('d'), 1);
    cache.put(key('e'), slides(4, 1000), 960); // 4000 bytes: c and a must both go
    assert.deepEqual(entries(root), [key('d'), key('e')].sort());
  });

  it('over the deck bound, evicts the oldest; the entry just written stays even when it alone is too big', () => {
    const cache = new PreviewCache(root, { maxBytes: 1_000_000, maxEntries: 2 });
    cache.put(key('a'), slides(1, 10), 960);
    usedAgo(cache, key('a'), 5);
    cache.put(key('b'), slides(1, 10), 960);
    usedAgo(cache, key('b'), 1);
    cache.put(key('c'), slides(1, 10), 960);
    assert.deepEqual(entries(root), [key('b'), key('c')].sort());

    const tight = new PreviewCache(root, { maxBytes: 500, maxEntries: 10 });
    tight.put(key('big'), slides(2, 1000), 960);
    assert.deepEqual(entries(root), [key('big')]);
    assert.equal(tight.get(key('big'), 960)?.length, 2);
  });

  it('clears stale interrupted writes and leaves the work folder and other files alone', () => {
    const cache = new PreviewCache(root, { maxBytes: 1, maxEntries: 1 });
    fs.mkdirSync(path.join(root, 'work'));
    fs.writeFileSync(path.join(root, 'work', 'deck.pptx'), 'x'.repeat(5000));
    fs.writeFileSync(path.join(root, 'README'), 'not an entry');
    const stale = path.join(root, `${key('old')}.tmp-1-1`);
    const fresh = path.join(root, `${key('new')}.tmp-2-2`);
    for (const d of [stale, fresh]) fs.mkdirSync(d);
    const hourAgo = new Date(Date.now() - 2 * 60 * 60_000);
    fs.utimesSync(stale, hourAgo, hourAgo);
    // A folder named like an entry but without a manifest was never finished: it goes first.
    fs.mkdirSync(path.join(root, key('unfinished')));
    fs.writeFileSync(path.join(root, key('unfinished'), 'slide-1.png'), 'x');
    cache.put(key('a'), slides(1, 10), 960);
    assert.deepEqual(fs.readdirSync(root).sort(), [key('a'), path.basename(fresh), 'README', 'work'].sort());
    assert.equal(fs.readFileSync(path.join(root, 'work', 'deck.pptx'), 'utf8').length, 5000);
  });

  it('an empty or missing root evicts nothing', () => {
    assert.deepEqual(new PreviewCache(path.join(root, 'missing')).evict(), []);
    assert.deepEqual(new PreviewCache(root).evict(), []);
  });
});
