import * as assert from 'node:assert/strict';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type Anthropic from '@anthropic-ai/sdk';
import * as path from 'node:path';
import { IMAGE_LIMITS, ImageError, prepareImage } from '../../../../src/agent/tools/media/image';
import { inlineTranscoder, workerTranscoder } from '../../../../src/agent/tools/media/offThread';
import { estimatePdfPages } from '../../../../src/agent/tools/media/pdf';
import { downscaleRGBA, fitWithin } from '../../../../src/agent/tools/media/resize';
import { imageSize, looksBinary, sniff } from '../../../../src/agent/tools/media/sniff';
import { createToolRegistry } from '../../../../src/agent/tools/registry';
import type { ToolOutput } from '../../../../src/agent/tools/tool';
import { HostFolderSession, makeTempFolder } from '../../../support/hostFolderSession';
import { textOf, toolContext } from '../../../support/toolContext';
import { REPO_ROOT } from '../../../support/repoRoot';

/** A noisy gradient, so encoders cannot make it trivially small. */
function pixels(width: number, height: number, alpha = false): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let seed = 7;
  for (let i = 0; i < width * height; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const x = i % width;
    const y = Math.floor(i / width);
    data[i * 4] = (x * 255) / width;
    data[i * 4 + 1] = (y * 255) / height;
    data[i * 4 + 2] = seed & 0xff;
    data[i * 4 + 3] = alpha && x < width / 2 ? 0 : 255;
  }
  return data;
}

function makePng(width: number, height: number, alpha = false): Buffer {
  const png = new PNG({ width, height });
  png.data = pixels(width, height, alpha);
  return PNG.sync.write(png);
}

function makeJpeg(width: number, height: number): Buffer {
  return Buffer.from(jpeg.encode({ data: pixels(width, height), width, height }, 90).data);
}

const TINY_GIF = Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex');

function gifHeader(width: number, height: number): Buffer {
  const b = Buffer.from(TINY_GIF);
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

function blocks(out: ToolOutput): Exclude<ToolOutput['content'], string | undefined> {
  assert.ok(Array.isArray(out.content), textOf(out));
  return out.content;
}

function imageOf(out: ToolOutput): Anthropic.Base64ImageSource {
  const img = blocks(out).find((b) => b.type === 'image') as Anthropic.ImageBlockParam | undefined;
  assert.ok(img, 'an image block');
  return img.source as Anthropic.Base64ImageSource;
}

function decodedSize(src: Anthropic.Base64ImageSource): { width: number; height: number } {
  const bytes = Buffer.from(src.data, 'base64');
  if (src.media_type === 'image/png') return PNG.sync.read(bytes);
  return jpeg.decode(bytes);
}

describe('read_file (images)', function () {
  this.timeout(60_000);
  const small = makePng(40, 30);
  const files = {
    'small.png': small,
    'scan.png': makePng(2400, 1600),
    'logo.png': makePng(1800, 1200, true),
    'receipt photo.jpg': makeJpeg(1500, 2600),
    'tiny.gif': TINY_GIF,
    'corrupt.png': Buffer.concat([small.subarray(0, 33), Buffer.from('this is not deflate data at all, no sir')]),
    'truncated.jpg': makeJpeg(64, 64).subarray(0, 300),
    'renamed.txt': makePng(10, 10),
  };
  const registry = createToolRegistry();
  const ctx = toolContext(new HostFolderSession(makeTempFolder(files)));
  const read = (p: string): Promise<ToolOutput> => registry.run('read_file', { path: p }, ctx);

  it('sends small images unchanged', async () => {
    const out = await read('small.png');
    const src = imageOf(out);
    assert.equal(src.media_type, 'image/png');
    assert.equal(src.data, small.toString('base64'));
    assert.match(textOf(out), /Image small\.png \(PNG image, 40x30, /);
    assert.deepEqual(out.files, [{ path: 'small.png', action: 'read' }]);
  });

  it('downscales a large opaque PNG into a JPEG within the limits', async () => {
    const out = await read('scan.png');
    const src = imageOf(out);
    assert.equal(src.media_type, 'image/jpeg');
    const { width, height } = decodedSize(src);
    assert.ok(width * height <= IMAGE_LIMITS.maxPixels && Math.max(width, height) <= IMAGE_LIMITS.maxLongSide, `${width}x${height}`);
    assert.ok(Math.abs(width / height - 1.5) < 0.01, 'aspect ratio kept');
    assert.ok(src.data.length <= IMAGE_LIMITS.maxBase64Bytes);
    assert.match(textOf(out), new RegExp(`${width}x${height}, scaled down from 2400x1600`));
  });

  it('keeps transparency as PNG when downscaling', async () => {
    const src = imageOf(await read('logo.png'));
    assert.equal(src.media_type, 'image/png');
    const png = PNG.sync.read(Buffer.from(src.data, 'base64'));
    assert.ok(png.width <= 1313 && png.height <= 876, `${png.width}x${png.height}`);
    assert.equal(png.data[3], 0, 'left half stays transparent');
  });

  it('downscales a tall JPEG photo (file name with a space)', async () => {
    const { width, height } = decodedSize(imageOf(await read('receipt photo.jpg')));
    // 1500x2600 is 3.9 MP: the pixel budget, not the long side, decides (scale ~0.54).
    assert.deepEqual([width, height], [814, 1411]);
    assert.ok(width * height <= IMAGE_LIMITS.maxPixels);
  });

  it('passes a small GIF through', async () => {
    const src = imageOf(await read('tiny.gif'));
    assert.equal(src.media_type, 'image/gif');
    assert.equal(src.data, TINY_GIF.toString('base64'));
  });

  it('refuses corrupt and truncated images with a clear error, never sending them', async () => {
    for (const p of ['corrupt.png', 'truncated.jpg']) {
      const out = await read(p);
      assert.equal(out.isError, true, p);
      assert.equal(typeof out.content, 'string');
      assert.match(textOf(out), /could not be shown as an image: the (PNG|JPEG) (data|header) is corrupt/);
    }
  });

  it('trusts content over the file name', async () => {
    assert.equal(imageOf(await read('renamed.txt')).media_type, 'image/png');
  });
});

describe('prepareImage for formats without a JS decoder', () => {
  it('sends a large GIF as is when the API can still take it, saying so', async () => {
    const img = await prepareImage('gif', gifHeader(4000, 3000), async () => undefined);
    assert.equal(img.resized, false);
    assert.match(img.note ?? '', /no GIF resizer is available/);
  });

  it('refuses one over the API limit when nothing can resize it', async () => {
    await assert.rejects(prepareImage('gif', gifHeader(9000, 9000), async () => undefined), (err: unknown) => {
      assert.ok(err instanceof ImageError);
      assert.match(err.message, /9000x9000 pixels .* no GIF resizer is available in the sandbox/);
      return true;
    });
  });

  it('uses the sandbox resizer when there is one, and checks what it returns', async () => {
    const asked: number[][] = [];
    const img = await prepareImage('gif', gifHeader(4000, 3000), async (w, h) => {
      asked.push([w, h]);
      return { bytes: makeJpeg(w, h), mediaType: 'image/jpeg' };
    });
    assert.deepEqual(asked, [[1238, 928]]);
    assert.equal(img.resized, true);
    assert.equal(img.mediaType, 'image/jpeg');
    assert.deepEqual([img.width, img.height], [1238, 928]);
    await assert.rejects(
      prepareImage('webp', Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8X'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0x9f, 0x0f, 0, 0x9f, 0x0f, 0])]), async () => ({
        bytes: Buffer.from('garbage'),
        mediaType: 'image/jpeg',
      })),
      /corrupt/,
    );
  });
});

describe('image helpers', () => {
  it('fits sizes to the long side and pixel budget', () => {
    assert.deepEqual(fitWithin(3000, 2000, 1568, 1_150_000), { width: 1313, height: 875 });
    assert.deepEqual(fitWithin(4000, 100, 1568, 1_150_000), { width: 1568, height: 39 });
    assert.deepEqual(fitWithin(800, 600, 1568, 1_150_000), { width: 800, height: 600 });
  });

  it('averages areas when downscaling', () => {
    const red = Uint8Array.from({ length: 16 * 4 }, (_, i) => [255, 0, 0, 255][i % 4]);
    assert.deepEqual([...downscaleRGBA(red, 4, 4, 2, 2)], [255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]);
    assert.deepEqual([...downscaleRGBA(Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255]), 2, 1, 1, 1)], [128, 128, 128, 255]);
    // A transparent red pixel must not tint its opaque blue neighbour.
    assert.deepEqual([...downscaleRGBA(Uint8Array.from([255, 0, 0, 0, 0, 0, 255, 255]), 2, 1, 1, 1)], [0, 0, 255, 128]);
    // Non-integer ratio: 3 → 2 keeps the weights summing to one.
    assert.deepEqual([...downscaleRGBA(Uint8Array.from([90, 90, 90, 255, 90, 90, 90, 255, 90, 90, 90, 255]), 3, 1, 2, 1)], [90, 90, 90, 255, 90, 90, 90, 255]);
    assert.throws(() => downscaleRGBA(new Uint8Array(4), 1, 1, 2, 2), /cannot scale/);
  });

  it('reads sizes from headers', () => {
    assert.deepEqual(imageSize('png', makePng(17, 9)), { width: 17, height: 9 });
    assert.deepEqual(imageSize('jpeg', makeJpeg(33, 21)), { width: 33, height: 21 });
    assert.deepEqual(imageSize('gif', gifHeader(640, 480)), { width: 640, height: 480 });
    assert.equal(imageSize('png', Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')), undefined);
  });

  it('sniffs formats by content', () => {
    assert.equal(sniff(makePng(1, 1), 'x.jpg').media, 'png');
    assert.equal(sniff(Buffer.from('%PDF-1.7\n'), 'a').media, 'pdf');
    assert.equal(sniff(Buffer.from('garbage\n%PDF-1.4'), 'scan.pdf').media, 'pdf');
    assert.match(sniff(Buffer.from('PK\x03\x04', 'latin1'), 'a.docx').label, /Word document/);
    assert.match(sniff(Buffer.from('SQLite format 3\0', 'latin1'), 'db').label, /SQLite/);
    assert.equal(looksBinary(Buffer.from('plain text\n')), false);
    assert.equal(looksBinary(Buffer.from([0x68, 0xc3])), false, 'cut multi-byte sequence at the end');
    assert.equal(looksBinary(Buffer.from([0x68, 0xc3, 0x28])), true, 'invalid sequence');
    assert.equal(looksBinary(Buffer.from('\x01\x02\x03\x04abc', 'latin1')), true, 'control characters');
  });
});

describe('PDF page estimate', () => {
  it('counts pages without counting the page tree', () => {
    const pdf = (pages: number): Buffer =>
      Buffer.from(`%PDF-1.4\n${Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj`).join('\n')}\n2 0 obj << /Type /Pages >> endobj\n%%EOF\n`, 'latin1');
    assert.equal(estimatePdfPages(pdf(5)), 5);
    assert.equal(estimatePdfPages(Buffer.from('%PDF-1.5 compressed')), undefined);
  });
});

describe('image decoding off the main thread', function () {
  this.timeout(60_000);
  // Under test the worker runs the TypeScript source through tsx, as mocha does.
  const worker = workerTranscoder({ script: path.join(REPO_ROOT, 'src/agent/tools/media/imageWorker.ts'), execArgv: ['--require', 'tsx/cjs'] });

  it('gives the same result in a worker as inline', async () => {
    const png = makePng(2400, 1600);
    const [a, b] = await Promise.all([prepareImage('png', png, undefined, worker), prepareImage('png', png, undefined, inlineTranscoder)]);
    assert.equal(a.data, b.data);
    assert.deepEqual([a.width, a.height, a.mediaType], [b.width, b.height, b.mediaType]);
  });

  it('keeps the event loop free while a large image decodes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await prepareImage('jpeg', makeJpeg(3000, 2000), undefined, worker);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0, 'timers ran during the decode');
  });

  it('reports corrupt images from the worker as ImageError', async () => {
    const bad = Buffer.concat([makePng(40, 30).subarray(0, 33), Buffer.from('not deflate')]);
    await assert.rejects(prepareImage('png', bad, undefined, worker), (err: unknown) => err instanceof ImageError && /corrupt/.test(err.message));
  });
});
