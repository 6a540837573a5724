// read_file: text with line numbers and line ranges; PNG/JPEG/GIF/WebP as image
// blocks (downscaled when large) so the model can look at receipts and photos;
// PDFs as document blocks, or their text page by page where they cannot go whole
// (media/pdfRead.ts); other binaries as a description instead of garbage.

import * as posix from 'node:path/posix';
import type Anthropic from '@anthropic-ai/sdk';
import type { SandboxSession } from '../../sandbox/session';
import { describeError, errorOutput } from './errors';
import { fenceFile, IN_FILE_NOTE } from './fileFence';
import { IMAGE_LIMITS, ImageError, prepareImage } from './media/image';
import { readPdf } from './media/pdfRead';
import { sandboxResizer } from './media/sandboxResize';
import { looksBinary, sniff } from './media/sniff';
import { formatBytes, normalizeToolPath, scratchToolPath, showPath } from './paths';
import { GUEST_PATHS } from '../../sandbox/driver';
import type { AgentTool, ToolContext, ToolOutput } from './tool';

export interface ReadFileInput {
  path: string;
  /** 1-based first line. */
  offset?: number;
  /** Number of lines. */
  limit?: number;
}

export const READ_DEFAULT_LINES = 2000;
export const READ_MAX_LINE_CHARS = 2000;
export const READ_MAX_TEXT_CHARS = 100_000;
const SNIFF_BYTES = 8192;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Read a byte range in chunks, so no single sandbox message is too big. */
export async function readBytes(session: SandboxSession, path: string, offset: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let pos = offset;
  const end = offset + length;
  while (pos < end) {
    const r = await session.readFile(path, { offset: pos, limit: Math.min(CHUNK_BYTES, end - pos) });
    let buf: Buffer;
    if (r.encoding === 'base64') buf = Buffer.from(r.data, 'base64');
    else {
      // A text chunk may end in a multi-byte character cut in two, which came
      // back as U+FFFD; leave those bytes for the next chunk to read whole.
      const whole = r.data.replace(/\uFFFD{1,3}$/, '');
      buf = Buffer.from(whole.length > 0 ? whole : r.data, 'utf8');
    }
    if (buf.length === 0) break; // the file shrank under us
    parts.push(buf);
    pos += buf.length;
  }
  return Buffer.concat(parts);
}

function formatLines(text: string, firstLine: number): { body: string; shown: number; cutByChars: boolean; crlf: boolean } {
  // The sandbox may keep the slice's final line ending; it ends a line, it is not one.
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const width = Math.max(6, String(firstLine + lines.length - 1).length);
  let crlf = false;
  let total = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) {
      crlf = true;
      line = line.slice(0, -1);
    }
    if (line.length > READ_MAX_LINE_CHARS) line = `${line.slice(0, READ_MAX_LINE_CHARS)} …[line cut: ${line.length} characters]`;
    const row = `${String(firstLine + i).padStart(width)}\t${line}`;
    if (total + row.length > READ_MAX_TEXT_CHARS && out.length > 0) return { body: out.join('\n'), shown: out.length, cutByChars: true, crlf };
    out.push(row);
    total += row.length + 1;
  }
  return { body: out.join('\n'), shown: out.length, cutByChars: false, crlf };
}

async function readText(session: SandboxSession, path: string, input: ReadFileInput, size: number, label: string): Promise<ToolOutput> {
  const first = input.offset ?? 1;
  const r = await session.readFile(path, { lines: true, offset: first - 1, limit: input.limit ?? READ_DEFAULT_LINES });
  if (r.binary) return binaryOutput(path, size, label);
  const files = [{ path, action: 'read' as const }];
  if (r.totalLines === undefined) return readHugeText(session, path, first, size);
  const total = r.totalLines;
  if (total === 0 || (r.data === '' && first === 1)) return { content: `${showPath(path)} is empty.`, summary: `Read ${showPath(path)} (empty)`, files };
  if (first > total) {
    return errorOutput(`Read past the end of ${showPath(path)}`, `${showPath(path)} has ${total} lines; offset ${first} is past the end.`, files);
  }
  const { body, shown, cutByChars, crlf } = formatLines(r.data, first);
  const last = first + shown - 1;
  const notes: string[] = [];
  if (last < total) {
    const why = cutByChars ? ` (output capped at ${READ_MAX_TEXT_CHARS} characters)` : '';
    notes.push(`[Showing lines ${first}-${last} of ${total}${why}. Call read_file with offset=${last + 1} to read on.]`);
  } else if (first > 1) notes.push(`[Showing lines ${first}-${last} of ${total}.]`);
  if (crlf) notes.push('[The file uses CRLF line endings; they are not shown.]');
  const fenced = fenceFile(path, body);
  return {
    content: notes.length ? `${fenced}\n${notes.join('\n')}` : fenced,
    summary: `Read ${showPath(path)} (lines ${first}-${last} of ${total})`,
    files,
  };
}

/**
 * The sandbox reads very large files by bytes, not lines (it cannot count the
 * lines without loading them): show the beginning and point at tools that
 * stream, instead of pretending to know line numbers further in.
 */
async function readHugeText(session: SandboxSession, path: string, first: number, size: number): Promise<ToolOutput> {
  const files = [{ path, action: 'read' as const }];
  const how = (from: number): string =>
    `Use run_command to read further, e.g. sed -n '${from},${from + 499}p' ${JSON.stringify('./' + path)}, or grep to find the part you need.`;
  if (first > 1) return errorOutput(`Could not read ${showPath(path)} by lines`, `${showPath(path)} is ${formatBytes(size)}, too large to read from a line offset. ${how(first)}`, files);
  const r = await session.readFile(path, { offset: 0, limit: READ_MAX_TEXT_CHARS });
  if (r.binary) return binaryOutput(path, size, 'binary file');
  const head = r.data.split('\n').slice(0, READ_DEFAULT_LINES);
  // The last line of a byte window may be cut; drop it unless it is the only one.
  if (head.length > 1 && r.truncated) head.pop();
  const { body, shown } = formatLines(head.join('\n'), 1);
  return {
    content: `${fenceFile(path, body)}\n[${showPath(path)} is ${formatBytes(size)}, too large to count its lines; this is lines 1-${shown}. ${how(shown + 1)}]`,
    summary: `Read the start of ${showPath(path)} (${formatBytes(size)})`,
    files,
  };
}

function binaryOutput(path: string, size: number, label: string, hint?: string): ToolOutput {
  const how = hint ? ` ${hint.replace(/FILE/g, JSON.stringify('./' + path))}` : '';
  return {
    content: `${showPath(path)} is ${/^[aeiouAEIOU]/.test(label) ? 'an' : 'a'} ${label}, ${formatBytes(size)}; it cannot be shown as text.${how}`,
    summary: `${showPath(path)}: ${label} (${formatBytes(size)})`,
    files: [{ path, action: 'read' }],
  };
}

export const readFileTool: AgentTool<ReadFileInput> = {
  name: 'read_file',
  description:
    'Read a file of the task folder, or of your scratch folder with a path starting ~/ (run_command\'s $HOME). Text comes back with line numbers (use offset/limit for long files). ' +
    'Images (PNG, JPEG, GIF, WebP) come back as images you can look at, scaled down when large; PDFs as documents, ' +
    'or as their text with page markers when too large to send whole (offset/limit then count pages). ' +
    'Other binary files are described (type and size) with a hint on how to inspect them.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1, description: 'File path relative to the task folder, or ~/… in your scratch folder.' },
      offset: { type: 'integer', minimum: 1, description: 'First line to read, from 1. For a PDF: the first page, and its text comes back instead of the document.' },
      limit: { type: 'integer', minimum: 1, maximum: 10000, description: `Number of lines to read (default ${READ_DEFAULT_LINES}); for a PDF, of pages.` },
    },
    required: ['path'],
    additionalProperties: false,
  },
  readOnly: true,
  describe: (input) => `Read ${showPath(input.path)}`,
  paths: (input) => [input.path],
  async run(input, ctx): Promise<ToolOutput> {
    let scratch: string | undefined;
    try {
      scratch = scratchToolPath(input.path, ctx.session.id);
    } catch (err) {
      return errorOutput(`Could not read ${showPath(input.path)}`, describeError(err, input.path));
    }
    if (!scratch) {
      const path = normalizeToolPath(input.path);
      return fromFile(await readPath(input, ctx, path), path);
    }
    // A scratch file is not one of the person's: name it ~/… as the model did, and list no folder file.
    const out = await readPath(input, ctx, scratch);
    const home = posix.join(GUEST_PATHS.scratch, ctx.session.id);
    const tilde = (t: string): string => t.split(home).join('~');
    const content = typeof out.content === 'string' ? tilde(out.content) : out.content?.map((b) => (b.type === 'text' ? { ...b, text: tilde(b.text) } : b));
    return fromFile({ ...out, content, summary: tilde(out.summary), files: [] }, input.path);
  },
};

/** A read that got the file's content names the file as untrusted (the task's trail, untrustedTrail.ts). */
function fromFile(out: ToolOutput, label: string): ToolOutput {
  return out.isError ? out : { ...out, untrusted: [{ kind: 'file', label }] };
}

async function readPath(input: ReadFileInput, ctx: ToolContext, path: string): Promise<ToolOutput> {
  const failed = `Could not read ${showPath(input.path)}`;
  try {
    const st = await ctx.session.stat(path);
    if (st.type === 'dir') return errorOutput(failed, `${showPath(path)} is a folder, not a file. Use list_files to see what it contains.`);
    if (st.size === 0) return { content: `${showPath(path)} is empty.`, summary: `Read ${showPath(path)} (empty)`, files: [{ path, action: 'read' }] };
    const head = await readBytes(ctx.session, path, 0, Math.min(st.size, SNIFF_BYTES));
    const kind = sniff(head, path);
    if (kind.media === 'pdf') {
      return await readPdf({ path, size: st.size, offset: input.offset, limit: input.limit, maxChars: READ_MAX_TEXT_CHARS, read: () => readBytes(ctx.session, path, 0, st.size) });
    }
    if (kind.media) {
      if (st.size > IMAGE_LIMITS.maxSourceBytes) {
        return errorOutput(failed, `${showPath(path)} is a ${kind.label} of ${formatBytes(st.size)}, too large to load (limit ${formatBytes(IMAGE_LIMITS.maxSourceBytes)}). Shrink it with run_command first.`);
      }
      const bytes = await readBytes(ctx.session, path, 0, st.size);
      const img = await prepareImage(kind.media, bytes, sandboxResizer(ctx.session, path, ctx.signal));
      const dims = img.resized ? `${img.width}x${img.height}, scaled down from ${img.originalWidth}x${img.originalHeight}` : `${img.width}x${img.height}`;
      const note = img.note ? `; ${img.note}` : '';
      const block: Anthropic.ImageBlockParam = { type: 'image', source: { type: 'base64', media_type: img.mediaType, data: img.data } };
      return {
        content: [block, { type: 'text', text: `Image ${showPath(path)} (${kind.label}, ${dims}, ${formatBytes(st.size)}${note}). ${IN_FILE_NOTE}` }],
        summary: `Viewed ${showPath(path)} (${dims})`,
        files: [{ path, action: 'read' }],
      };
    }
    if (kind.knownBinary || looksBinary(head)) return binaryOutput(path, st.size, kind.label, kind.hint);
    return await readText(ctx.session, path, input, st.size, kind.label);
  } catch (err) {
    if (err instanceof ImageError) return errorOutput(failed, `${showPath(path)} could not be shown as an image: ${err.message}.`, [{ path, action: 'read' }]);
    return errorOutput(failed, describeError(err, path));
  }
}
