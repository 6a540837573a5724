// Reads a part as a stream of text chunks (inflating as it goes), so a worksheet of a
// million rows is scanned in bounded memory instead of being parsed as one tree. The
// declared size is enforced while inflating, as zipReader does for whole parts.

import { StringDecoder } from 'node:string_decoder';
import type { Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { DocumentError, type OoxmlPackage } from '../ooxml';
import { rawSlice, type ZipEntry } from '../ooxml/zipReader';

const CHUNK = 1 << 20;
/** Compressed bytes given to the inflater at a time, and the size of what it hands back. */
const IN_SLICE = 64 * 1024;
const OUT_CHUNK = 64 * 1024;

export async function* partChunks(pkg: OoxmlPackage, entry: string): AsyncGenerator<string> {
  const z = pkg.zipEntry(entry);
  if (!z || pkg.touched().includes(entry)) {
    yield decode(pkg.bytes(entry));
    return;
  }
  const decoder = new StringDecoder('utf8');
  let first = true;
  const clean = (s: string): string => {
    if (first) {
      first = false;
      return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
    }
    return s;
  };
  if (z.method === 0) {
    for (let i = 0; i < z.compressedSize; i += CHUNK) yield clean(decoder.write(rawSlice(z, i, CHUNK)));
    const rest = decoder.end();
    if (rest) yield rest;
    return;
  }
  const inflater = createInflateRaw({ chunkSize: OUT_CHUNK });
  feed(inflater, z);
  let total = 0;
  try {
    for await (const buf of inflater as AsyncIterable<Buffer>) {
      total += buf.length;
      if (total > z.uncompressedSize) {
        inflater.destroy();
        throw new DocumentError('LIMIT_EXCEEDED', `the entry "${entry}" expands beyond its declared size (a zip bomb?)`, entry);
      }
      yield clean(decoder.write(buf));
    }
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError('CORRUPT', `the entry "${entry}" has bad compressed data (${(err as Error).message})`, entry);
  }
  if (total !== z.uncompressedSize) {
    throw new DocumentError('CORRUPT', `the entry "${entry}" has ${total} bytes, not the ${z.uncompressedSize} its header declares`, entry);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Writes the entry's compressed bytes into the inflater a slice at a time (read from the
 * file when the package was opened from one), waiting while it holds output nobody has
 * read: given the whole entry at once, it inflates far ahead of the reader, and a
 * sheet's XML (ten times the compressed size) piles up in memory.
 */
function feed(inflater: Transform, z: ZipEntry): void {
  void (async () => {
    for (let i = 0; i < z.compressedSize && !inflater.destroyed; i += IN_SLICE) {
      let slice: Buffer;
      try {
        slice = rawSlice(z, i, IN_SLICE);
      } catch (err) {
        inflater.destroy(err as Error);
        return;
      }
      if (!inflater.write(slice)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            inflater.off('drain', done).off('close', done);
            resolve();
          };
          inflater.on('drain', done).on('close', done);
        });
      }
    }
    if (!inflater.destroyed) inflater.end();
  })();
}

function decode(b: Buffer): string {
  const s = b.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/**
 * Yields each complete `<tag ...>...</tag>` or `<tag .../>` element of the stream (the
 * tag matched with any namespace prefix), plus the text before the first one (`head`)
 * and after the last (`tail`, capped) through the callbacks. Elements must not nest in
 * themselves (true for row, si, c).
 */
export async function* scanElements(
  chunks: AsyncIterable<string>,
  tag: string,
  opts: { onHead?: (s: string) => void; maxTail?: number; onTail?: (s: string) => void; part: string; maxElement?: number },
): AsyncGenerator<string> {
  const open = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${tag}(?=[\\s/>])`, 'g');
  let buf = '';
  let seenFirst = false;
  let headLen = 0;
  const maxTail = opts.maxTail ?? 4 << 20;
  const maxElement = opts.maxElement ?? 64 << 20;
  for await (const chunk of chunks) {
    buf += chunk;
    let pos = 0;
    for (;;) {
      open.lastIndex = pos;
      const m = open.exec(buf);
      if (!m) break;
      if (!seenFirst) {
        seenFirst = true;
        const head = buf.slice(0, m.index);
        checkNoDoctype(head, opts.part);
        opts.onHead?.(head);
      }
      const gt = buf.indexOf('>', m.index);
      if (gt < 0) break;
      let end: number;
      if (buf[gt - 1] === '/') end = gt + 1;
      else {
        const name = m[0].slice(1);
        const close = buf.indexOf(`</${name}>`, gt);
        if (close < 0) break;
        end = close + name.length + 3;
      }
      yield buf.slice(m.index, end);
      pos = end;
    }
    if (!seenFirst) {
      headLen += buf.length;
      if (headLen > maxElement) throw new DocumentError('LIMIT_EXCEEDED', `the part has more than ${maxElement} bytes before its first <${tag}>`, opts.part);
      checkNoDoctype(buf, opts.part);
      continue; // keep everything until the first element
    }
    buf = buf.slice(pos);
    if (buf.length > maxElement) {
      throw new DocumentError('LIMIT_EXCEEDED', `an element <${tag}> of ${opts.part} is larger than ${maxElement} bytes`, opts.part);
    }
  }
  if (!seenFirst) {
    checkNoDoctype(buf, opts.part);
    opts.onHead?.(buf);
  } else opts.onTail?.(buf.slice(0, maxTail));
}

function checkNoDoctype(s: string, part: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(s)) {
    throw new DocumentError('XML_FORBIDDEN', `${part}: DOCTYPE and entity declarations are not allowed in document parts`, part);
  }
}

const ENTITY_RE = /&([^;&\s]{0,40});/g;

/** Expands the five XML entities and character references; anything else is refused (billion laughs). */
export function decodeEntities(s: string, part: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY_RE, (_m, ent: string) => {
    switch (ent) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    throw new DocumentError('XML_FORBIDDEN', `${part}: undeclared entity &${ent}; (entities are not allowed)`, part);
  });
}

const ATTR_RE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of the start tag at the beginning of `s` (prefixes kept: "r:id"). */
export function startTagAttrs(s: string, part: string): Record<string, string> {
  const gt = s.indexOf('>');
  const tag = s.slice(s.indexOf(' ') < 0 || s.indexOf(' ') > gt ? gt : s.indexOf(' '), gt);
  const out: Record<string, string> = Object.create(null);
  ATTR_RE.lastIndex = 0;
  for (let m = ATTR_RE.exec(tag); m; m = ATTR_RE.exec(tag)) out[m[1]] = decodeEntities(m[2] ?? m[3], part);
  return out;
}

/** Decoded `_xHHHH_` escapes that OOXML uses for control characters in strings. */
export function decodeOoxmlEscapes(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}
