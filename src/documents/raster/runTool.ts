// Runs a command-line tool the engine relies on (pdftoppm, tesseract) in its own process
// group (office/processGroup.ts), so a timeout or an abort kills it and anything it
// started. A missing program says which Debian package to install. Node only.

import { runProcessGroup } from '../office/processGroup';
import { DocumentError } from '../ooxml/documentError';

export interface ToolCall {
  program: string;
  args: string[];
  /** Shown in errors: "pdftoppm", "tesseract". */
  name: string;
  /** The message when the program is not installed. */
  missing: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Added to the environment. */
  env?: Record<string, string>;
  /** Address-space limit for the tool (ulimit -v), so a huge page fails with a clear error instead of exhausting memory. */
  maxMemoryMiB?: number;
}

/** The limit the PDF tools run under: `$COWORK_TOOL_MEMORY_MIB`, default 2 GiB (a 40 Mpixel page needs about 150 MiB). */
export function toolMemoryMiB(): number {
  const v = Number(process.env.COWORK_TOOL_MEMORY_MIB);
  return Number.isFinite(v) && v > 0 ? v : 2048;
}

const OUT_OF_MEMORY = /out of memory|bad_alloc|cannot allocate memory/i;

/** Resolves with stdout when the tool exits 0; rejects with a one-line error otherwise. */
export async function runTool(call: ToolCall): Promise<string> {
  const timeoutMs = call.timeoutMs ?? 120_000;
  // Under a memory limit the tool starts through sh, which sets it and then becomes the tool.
  const [program, args] = call.maxMemoryMiB
    ? ['sh', ['-c', 'ulimit -v "$1" || exit 1; shift; command -v "$1" >/dev/null || exit 127; exec "$@"', 'sh', String(Math.round(call.maxMemoryMiB * 1024)), call.program, ...call.args]]
    : [call.program, call.args];
  const r = await runProcessGroup({
    program,
    args,
    env: call.env ? { ...process.env, ...call.env } : process.env,
    timeoutMs,
    signal: call.signal,
    timedOut: () => new DocumentError('LIMIT_EXCEEDED', `${call.name} did not finish within ${timeoutMs / 1000} s`),
    cancelled: () => new Error(`${call.name} was cancelled`),
    notFound: () => new Error(call.missing),
  });
  if (call.maxMemoryMiB && r.code === 127) throw new Error(call.missing);
  // pdftoppm reports "Out of memory" and may still exit 0, with no image written.
  if (OUT_OF_MEMORY.test(r.stderr)) throw new DocumentError('LIMIT_EXCEEDED', `${call.name} ran out of memory${call.maxMemoryMiB ? ` (limit ${call.maxMemoryMiB} MiB)` : ''}: the page is too large to draw at this resolution (try a lower --dpi or --width)`);
  if (r.code !== 0) throw new DocumentError('CORRUPT', `${call.name} failed (exit ${r.code}): ${r.stderr.trim().slice(-300)}`);
  return r.stdout;
}
