// SVG drawn to PNG in-process, for the raster copy PowerPoint wants beside an SVG picture
// (pptx/createImages.ts). resvg (MPL-2.0) compiled to WebAssembly: no native module, no
// external tool, so it works the same in the CLI on any host, in the extension and in the
// sandbox. The .wasm (2.4 MB) is read on first use: beside the bundle (`dist/resvg.wasm`,
// copied by scripts/build.mjs; `/opt/cowork/resvg.wasm` in the sandbox) or from
// node_modules when run from source. Text in the SVG is drawn with installed fonts
// (Liberation, DejaVu; Droid Sans Fallback for CJK; Arial on macOS and Windows); a family
// the machine lacks falls back to the generic sans-serif one. Where this process cannot
// make a WebAssembly memory (an address-space limit, as in the sandbox), the drawing runs
// in a child `node --disable-wasm-trap-handler dist/svg-raster.js` (svgRasterChild.ts).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError, type DocumentErrorCode } from '../ooxml/documentError';
import { pngSize } from './png';
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
  if (!wasmFits()) return inChild(svg, where, longestPx);
  const { Resvg } = await load();
  const text = svg.toString('utf8');
  const fonts = fontsFor(text);
  const font = { fontBuffers: fonts.buffers, ...(fonts.sans ? { defaultFontFamily: fonts.sans, sansSerifFamily: fonts.sans } : {}) };
  let size: { width: number; height: number };
  try {
    // The size does not depend on fonts: the probe parses without them (loading them twice cost half the time).
    const probe = new Resvg(text, { font: { fontBuffers: [] } });
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

const NO_TRAP_HANDLER = '--disable-wasm-trap-handler';

/**
 * Whether this process can make a WebAssembly memory. Under RLIMIT_AS (8 GiB in the
 * sandbox) the 8-10 GiB V8 reserves around each one does not fit, unless node runs with
 * --disable-wasm-trap-handler (Node 20.15+). Checked before resvg is touched: its loader
 * also wakes Node's fetch, whose own WebAssembly would then crash the process.
 */
function wasmFits(): boolean {
  const wasm = (globalThis as { WebAssembly?: { Memory: new (d: { initial: number; maximum: number }) => unknown } }).WebAssembly;
  try {
    if (!wasm) return false;
    new wasm.Memory({ initial: 1, maximum: 1 });
    return true;
  } catch {
    return false;
  }
}

/** The drawing done by dist/svg-raster.js in a child node that bounds-checks WebAssembly without guard regions. */
function inChild(svg: Buffer, where: string, longestPx?: number): SvgRaster {
  const script = path.join(__dirname, 'svg-raster.js');
  if (process.execArgv.includes(NO_TRAP_HANDLER) || !fs.existsSync(script)) {
    throw new DocumentError('UNSUPPORTED', `${where}: cannot draw the SVG here: WebAssembly cannot get memory under this process's address-space limit (run node with ${NO_TRAP_HANDLER}, or give the picture as PNG)`);
  }
  const r = spawnSync(process.execPath, [NO_TRAP_HANDLER, script, where, ...(longestPx ? [String(longestPx)] : [])], { input: svg, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) {
    let reported: { code?: string; message?: string } = {};
    try {
      reported = JSON.parse(r.stderr.toString('utf8').trim().split('\n').pop() ?? '{}');
    } catch {
      // not our JSON: report the raw output below
    }
    const code = (reported.code && reported.code !== 'INTERNAL' ? reported.code : 'UNSUPPORTED') as DocumentErrorCode;
    throw new DocumentError(code, reported.message ?? `${where}: the SVG renderer failed (${r.error?.message ?? r.stderr.toString('utf8').trim().slice(0, 300)})`);
  }
  const size = pngSize(r.stdout);
  if (!size) throw new DocumentError('UNSUPPORTED', `${where}: the SVG renderer gave no PNG`);
  return { png: r.stdout, ...size };
}
