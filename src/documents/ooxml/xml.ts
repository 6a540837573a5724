// A small, strict XML parser and serialiser for OOXML parts. Strict means: DOCTYPE and
// entity declarations are refused (no billion laughs, no external entities), only the
// five predefined entities and character references are expanded, nesting depth is
// limited, and anything not well-formed is an error with a line number. The tree keeps
// element and attribute order, comments and processing instructions, so serialising an
// untouched tree gives back equivalent XML.

import { DocumentError } from './documentError';

export interface XmlElement {
  type: 'element';
  /** Qualified name as written, e.g. `w:p`. */
  name: string;
  /** Attributes in document order. Own properties only: read with `attrs[name]`, iterate with Object.keys. */
  attrs: Record<string, string>;
  children: XmlNode[];
}
export interface XmlText {
  type: 'text';
  text: string;
  /** Written back as a CDATA section. */
  cdata?: boolean;
}
/** A comment or processing instruction, kept verbatim (including `<!--`/`<?`). */
export interface XmlRaw {
  type: 'raw';
  raw: string;
}
export type XmlNode = XmlElement | XmlText | XmlRaw;

export interface XmlDocument {
  /** Everything before the root element (XML declaration, comments, whitespace), verbatim. */
  prolog: string;
  root: XmlElement;
  /** Everything after the root element, verbatim. */
  epilog: string;
}

export interface ParseOptions {
  maxDepth?: number;
  /** Used in error messages. */
  part?: string;
}

/** End of an element or attribute name: whitespace, '/', '>' or '='. */
function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || c === 61;
}
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function parseXml(input: string | Uint8Array, opts: ParseOptions = {}): XmlDocument {
  const src = typeof input === 'string' ? input : decodeXmlBytes(input);
  const maxDepth = opts.maxDepth ?? 256;
  const part = opts.part;
  const fail = (code: 'XML_MALFORMED' | 'XML_FORBIDDEN' | 'LIMIT_EXCEEDED', msg: string, at: number): never => {
    const line = lineOf(src, at);
    throw new DocumentError(code, `${part ? `${part}: ` : ''}${msg} (line ${line})`, part);
  };

  let i = 0;
  const n = src.length;
  // Prolog: declaration, comments, PIs, whitespace. DOCTYPE is refused.
  let rootStart = -1;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) break;
    if (src.slice(i, lt).trim() !== '') fail('XML_MALFORMED', 'text before the root element', i);
    if (src.startsWith('<?', lt)) {
      const end = src.indexOf('?>', lt + 2);
      if (end < 0) fail('XML_MALFORMED', 'unterminated processing instruction', lt);
      i = end + 2;
    } else if (src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      if (end < 0) fail('XML_MALFORMED', 'unterminated comment', lt);
      i = end + 3;
    } else if (src.startsWith('<!', lt)) {
      fail('XML_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed in document parts', lt);
    } else {
      rootStart = lt;
      break;
    }
  }
  if (rootStart < 0) fail('XML_MALFORMED', 'no root element', n);
  const prolog = src.slice(0, rootStart);

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  i = rootStart;
  let textStart = i;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > textStart) {
      const raw = src.slice(textStart, textEnd);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail('XML_MALFORMED', 'text after the root element', textStart);
      } else {
        stack[stack.length - 1].children.push({ type: 'text', text: decodeText(raw, textStart, fail) });
      }
    }
    if (lt < 0) break;
    if (stack.length === 0 && root) {
      // After the root: only comments, PIs and whitespace (the epilog).
      const rest = src.slice(lt);
      if (/<(?![?!])/.test(rest.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, ''))) fail('XML_MALFORMED', 'more than one root element', lt);
      return { prolog, root, epilog: src.slice(textStart) };
    }
    const c = src.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = src.indexOf('>', lt + 2);
      if (gt < 0) fail('XML_MALFORMED', 'unterminated end tag', lt);
      const name = src.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (!open) fail('XML_MALFORMED', `unexpected end tag </${name}>`, lt);
      if (open!.name !== name) fail('XML_MALFORMED', `end tag </${name}> does not match <${open!.name}>`, lt);
      i = gt + 1;
    } else if (c === 33 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const end = src.indexOf('-->', lt + 4);
        if (end < 0) fail('XML_MALFORMED', 'unterminated comment', lt);
        if (stack.length) stack[stack.length - 1].children.push({ type: 'raw', raw: src.slice(lt, end + 3) });
        i = end + 3;
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = src.indexOf(']]>', lt + 9);
        if (end < 0) fail('XML_MALFORMED', 'unterminated CDATA section', lt);
        if (!stack.length) fail('XML_MALFORMED', 'CDATA outside the root element', lt);
        stack[stack.length - 1].children.push({ type: 'text', text: src.slice(lt + 9, end), cdata: true });
        i = end + 3;
      } else {
        fail('XML_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed in document parts', lt);
      }
    } else if (c === 63 /* ? */) {
      const end = src.indexOf('?>', lt + 2);
      if (end < 0) fail('XML_MALFORMED', 'unterminated processing instruction', lt);
      if (stack.length) stack[stack.length - 1].children.push({ type: 'raw', raw: src.slice(lt, end + 2) });
      i = end + 2;
    } else {
      // Start tag.
      let j = lt + 1;
      while (j < n && !isNameEnd(src.charCodeAt(j))) j++;
      const name = src.slice(lt + 1, j);
      if (!name) fail('XML_MALFORMED', 'empty element name', lt);
      // A plain object (V8 keeps it fast); `__proto__` is stored as an own property.
      const attrs: Record<string, string> = {};
      let selfClosing = false;
      for (;;) {
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        if (j >= n) fail('XML_MALFORMED', `unterminated start tag <${name}>`, lt);
        const ch = src[j];
        if (ch === '>') {
          j++;
          break;
        }
        if (ch === '/') {
          if (src[j + 1] !== '>') fail('XML_MALFORMED', `bad start tag <${name}>`, j);
          selfClosing = true;
          j += 2;
          break;
        }
        const an = j;
        while (j < n && !isNameEnd(src.charCodeAt(j))) j++;
        const attrName = src.slice(an, j);
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        if (!attrName || src[j] !== '=') fail('XML_MALFORMED', `bad attribute in <${name}>`, j);
        j++;
        while (j < n && isSpace(src.charCodeAt(j))) j++;
        const q = src[j];
        if (q !== '"' && q !== "'") fail('XML_MALFORMED', `unquoted attribute value in <${name}>`, j);
        const vEnd = src.indexOf(q, j + 1);
        if (vEnd < 0) fail('XML_MALFORMED', `unterminated attribute value in <${name}>`, j);
        const rawValue = src.slice(j + 1, vEnd);
        if (rawValue.includes('<')) fail('XML_MALFORMED', `'<' in an attribute value of <${name}>`, j);
        if (hasOwn(attrs, attrName)) fail('XML_MALFORMED', `duplicate attribute ${attrName} in <${name}>`, an);
        const value = decodeText(rawValue, j + 1, fail, true);
        if (attrName === '__proto__') Object.defineProperty(attrs, attrName, { value, enumerable: true, writable: true, configurable: true });
        else attrs[attrName] = value;
        j = vEnd + 1;
      }
      const el: XmlElement = { type: 'element', name, attrs, children: [] };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) fail('XML_MALFORMED', 'more than one root element', lt);
      else root = el;
      if (!selfClosing) {
        stack.push(el);
        if (stack.length > maxDepth) fail('LIMIT_EXCEEDED', `elements nest deeper than ${maxDepth} levels`, lt);
      }
      i = j;
    }
    textStart = i;
  }
  if (stack.length) fail('XML_MALFORMED', `unclosed element <${stack[stack.length - 1].name}> (truncated?)`, n);
  if (!root) fail('XML_MALFORMED', 'no root element', n);
  return { prolog, root: root!, epilog: src.slice(textStart) };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

type Fail = (code: 'XML_MALFORMED' | 'XML_FORBIDDEN', msg: string, at: number) => never;

function decodeText(raw: string, at: number, fail: Fail, attr = false): string {
  let s = raw;
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (attr && /[\t\n]/.test(s)) s = s.replace(/[\t\n]/g, ' ');
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]{0,40});?/g, (m, ent: string) => {
    if (!m.endsWith(';')) fail('XML_MALFORMED', `bare '&' in text`, at);
    switch (ent) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    if (ent.startsWith('#')) {
      const code = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) fail('XML_MALFORMED', `bad character reference &${ent};`, at);
      return String.fromCodePoint(code);
    }
    return fail('XML_FORBIDDEN', `undeclared entity &${ent}; (entities are not allowed)`, at);
  });
}

function lineOf(src: string, at: number): number {
  let line = 1;
  for (let k = src.indexOf('\n'); k >= 0 && k < at; k = src.indexOf('\n', k + 1)) line++;
  return line;
}

/** Decodes a part's bytes: UTF-8 (BOM optional) or UTF-16 with a BOM. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('utf8');
}

export function escapeText(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  if (!/[&<"\t\n\r]/.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export function serializeXml(doc: XmlDocument): string {
  // A part that was UTF-16 is written back as UTF-8: say so in the declaration.
  const prolog = doc.prolog.replace(/^(<\?xml[^?]*encoding=["'])UTF-16(["'])/i, '$1UTF-8$2');
  const out: string[] = [prolog];
  writeElement(doc.root, out);
  out.push(doc.epilog);
  return out.join('');
}

export function serializeElement(el: XmlElement): string {
  const out: string[] = [];
  writeElement(el, out);
  return out.join('');
}

function writeElement(el: XmlElement, out: string[]): void {
  let open = '<' + el.name;
  for (const k of Object.keys(el.attrs)) open += ' ' + k + '="' + escapeAttr(el.attrs[k]) + '"';
  if (el.children.length === 0) {
    out.push(open + '/>');
    return;
  }
  out.push(open + '>');
  for (const c of el.children) {
    if (c.type === 'element') writeElement(c, out);
    else if (c.type === 'text') out.push(c.cdata ? `<![CDATA[${c.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>` : escapeText(c.text));
    else out.push(c.raw);
  }
  out.push('</' + el.name + '>');
}
