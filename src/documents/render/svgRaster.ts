// SVG drawn to PNG in-process, for the raster copy PowerPoint wants beside an SVG picture
// (pptx/createImages.ts). resvg (MPL-2.0) compiled to WebAssembly: no native module, no
// external tool, so it works the same in the CLI on any host, in the extension and in the
// sandbox. The .wasm (2.4 MB) is read on first use: beside the bundle (`dist/resvg.wasm`,
// copied by scripts/build.mjs; `/opt/cowork/resvg.wasm` in the sandbox) or from
// node_modules when run from source. Text in the SVG is drawn with installed fonts
// (Liberation, DejaVu; Droid Sans Fallback for CJK; Arial on macOS and Windows); a family
// the machine lacks falls back to the generic sans-serif one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml';
import { findFontFile } from '../fonts/installedFonts';

type Resvg = typeof import('@resvg/resvg-wasm');

let engine: Promise<Resvg> | undefined;

function wasmPath(): string | undefined {
  const candidates = [path.join(__dirname, 'resvg.wasm'), path.join(__dirname, '..', '..', '..', 'node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm')];
  try {
    candidates.push(require.resolve('@resvg/resvg-wasm/index_bg.wasm'));
  } catch {
    // not resolvable from here (a bundle outside the repository)
  }
  return candidates.find((f) => fs.existsSync(f));
}

function load(): Promise<Resvg> {
  engine ??= (async () => {
    const file = wasmPath();
    if (!file) throw new DocumentError('UNSUPPORTED', 'the SVG renderer (resvg.wasm) is not installed beside the cowork CLI; reinstall it, or give the picture as PNG');
    const mod = await import('@resvg/resvg-wasm');
    await mod.initWasm(fs.readFileSync(file));
    return mod;
  })();
  // A failed start is not kept: the next call tries again and reports the same error.
  engine.catch(() => (engine = undefined));
  return engine;
}

const FAMILIES: { files: string[]; when?: RegExp }[] = [
  { files: ['LiberationSans-Regular.ttf', 'DejaVuSans.ttf', 'Arial.ttf', 'arial.ttf'] },
  { files: ['LiberationSans-Bold.ttf', 'DejaVuSans-Bold.ttf', 'Arial Bold.ttf', 'arialbd.ttf'] },
  { files: ['LiberationSans-Italic.ttf', 'DejaVuSans-Oblique.ttf', 'Arial Italic.ttf', 'ariali.ttf'] },
  { files: ['LiberationSerif-Regular.ttf', 'DejaVuSerif.ttf', 'Times New Roman.ttf', 'times.ttf'] },
  { files: ['LiberationMono-Regular.ttf', 'DejaVuSansMono.ttf', 'Courier New.ttf', 'cour.ttf'] },
  // 4 MB, read only for text with Chinese, Japanese or Korean characters.
  { files: ['DroidSansFallbackFull.ttf'], when: /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/ },
];

const fontCache = new Map<string, Uint8Array>();

function fontsFor(svg: string): { buffers: Uint8Array[]; sans?: string } {
  if (!/<text[\s>]/.test(svg)) return { buffers: [] };
  const buffers: Uint8Array[] = [];
  let sans: string | undefined;
  for (const family of FAMILIES) {
    if (family.when && !family.when.test(svg)) continue;
    const file = findFontFile(family.files);
    if (!file) continue;
    let bytes = fontCache.get(file);
    if (!bytes) fontCache.set(file, (bytes = fs.readFileSync(file)));
    buffers.push(bytes);
    sans ??= /Liberation/.test(file) ? 'Liberation Sans' : /DejaVu/.test(file) ? 'DejaVu Sans' : 'Arial';
  }
  return { buffers, sans };
}

export interface SvgRaster {
  png: Buffer;
  width: number;
  height: number;
}

/** The longer side of the raster: twice the SVG's own size, at least 1024 and at most 2048 pixels. */
export function rasterSide(width: number, height: number): number {
  return Math.round(Math.min(2048, Math.max(1024, 2 * Math.max(width, height))));
}

/**
 * The SVG drawn as a PNG (transparent background), its longer side `rasterSide` pixels
 * unless `longestPx` says otherwise. An SVG resvg cannot parse is an INVALID_ARGUMENT
 * error naming `where`.
 */
export async function svgToPng(svg: Buffer, where: string, longestPx?: number): Promise<SvgRaster> {
  const { Resvg } = await load();
  const text = svg.toString('utf8');
  const fonts = fontsFor(text);
  const font = { fontBuffers: fonts.buffers, ...(fonts.sans ? { defaultFontFamily: fonts.sans, sansSerifFamily: fonts.sans } : {}) };
  let size: { width: number; height: number };
  try {
    const probe = new Resvg(text, { font });
    size = { width: probe.width, height: probe.height };
    probe.free();
  } catch (err) {
    throw new DocumentError('INVALID_ARGUMENT', `${where} is an SVG that cannot be drawn (${(err as Error).message ?? err})`);
  }
  if (!(size.width > 0 && size.height > 0)) throw new DocumentError('INVALID_ARGUMENT', `${where} is an SVG without a size (give it width and height or a viewBox)`);
  const side = longestPx ?? rasterSide(size.width, size.height);
  const fitTo = size.width >= size.height ? { mode: 'width' as const, value: side } : { mode: 'height' as const, value: side };
  const r = new Resvg(text, { font, fitTo });
  try {
    const image = r.render();
    const out = { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
    image.free();
    return out;
  } finally {
    r.free();
  }
}
