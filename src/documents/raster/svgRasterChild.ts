// Entry of dist/svg-raster.js: draws one SVG (stdin) to PNG (stdout) for a parent process
// that cannot run WebAssembly itself. Under an address-space limit (the sandbox gives each
// command RLIMIT_AS 8 GiB) V8's guard regions for a WebAssembly memory do not fit, so
// svgRaster.ts starts this with `node --disable-wasm-trap-handler` instead. Arguments:
// WHERE (for error messages) and the PNG's longer side in pixels. A failure is one JSON
// line on stderr, {"code", "message"}, and exit status 1.

import { isDocumentError } from '../ooxml/documentError';
import { svgToPng } from './svgRaster';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const [where = 'the SVG', side] = process.argv.slice(2);
  const png = await svgToPng(Buffer.concat(chunks), where, side ? Number(side) : undefined);
  process.stdout.write(png.png);
}

main().catch((err: unknown) => {
  process.stderr.write(JSON.stringify(isDocumentError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: String((err as Error)?.message ?? err) }) + '\n');
  process.exitCode = 1;
});
