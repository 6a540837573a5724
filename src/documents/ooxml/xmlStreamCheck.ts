// Checks that a part is well-formed XML while it streams past, holding only the markup
// being read and the stack of open element names: for parts too large to parse into a
// tree (a worksheet of a million rows is tens of MB of XML, and its tree many times
// that). The same rules and error codes as parseXml (xml.ts): one root, tags that match,
// quoted attributes without '<' or duplicates, only the five XML entities and character
// references, no DOCTYPE or entity declarations, a nesting limit.

import { DocumentError, type DocumentErrorCode } from './documentError';

const START_TAG = /^<([^\s/>=<"']+)((?:\s+[^\s/>=<"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>$/;
const ATTR_NAME = /\s+([^\s/>=<"']+)\s*=/g;
const ATTR_VALUE = /=\s*(?:"([^"]*)"|'([^']*)')/g;
const REF = /&([^;&\s<]*)(;?)/g;

export interface XmlStreamLimits {
  maxDepth?: number;
  /** The longest single piece of markup (a start tag, comment, CDATA section) accepted. */
  maxMarkup?: number;
}

export async function checkXmlStream(chunks: AsyncIterable<string>, part: string, limits: XmlStreamLimits = {}): Promise<void> {
  const maxDepth = limits.maxDepth ?? 256;
  const maxMarkup = limits.maxMarkup ?? 64 << 20;
  const stack: string[] = [];
  let seenRoot = false;
  let line = 1;
  let buf = '';
  const fail = (code: DocumentErrorCode, msg: string): never => {
    throw new DocumentError(code, `${part}: ${msg} (near line ${line})`, part);
  };
  const lines = (s: string): void => {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) line++;
  };
  const refs = (s: string): void => {
    if (s.indexOf('&') < 0) return;
    REF.lastIndex = 0;
    for (let m = REF.exec(s); m; m = REF.exec(s)) {
      if (!m[2]) fail('XML_MALFORMED', "bare '&' in text");
      const ent = m[1];
      if (ent === 'lt' || ent === 'gt' || ent === 'amp' || ent === 'quot' || ent === 'apos') continue;
      if (/^#(?:\d{1,7}|x[0-9A-Fa-f]{1,6})$/.test(ent)) {
        const code = ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        if (code > 0x10ffff) fail('XML_MALFORMED', `bad character reference &${ent};`);
        continue;
      }
      if (ent[0] === '#') fail('XML_MALFORMED', `bad character reference &${ent};`);
      fail('XML_FORBIDDEN', `undeclared entity &${ent}; (entities are not allowed)`);
    }
  };
  const text = (s: string): void => {
    if (!s) return;
    if (!stack.length) {
      if (s.trim() !== '') fail('XML_MALFORMED', seenRoot ? 'text after the root element' : 'text before the root element');
    } else refs(s);
    lines(s);
  };
  /** Reads what is complete in `buf`; returns where the unread rest starts. */
  const consume = (final: boolean): number => {
    let i = 0;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        // Keep a reference that the next chunk may complete ("&am" + "p;").
        const amp = final ? -1 : buf.lastIndexOf('&');
        const keep = amp >= i && buf.indexOf(';', amp) < 0 ? amp : buf.length;
        text(buf.slice(i, keep));
        return keep;
      }
      text(buf.slice(i, lt));
      i = lt;
      const end = markupEnd(buf, lt, final, fail);
      if (end < 0) return i; // incomplete: wait for more
      const m = buf.slice(lt, end);
      lines(m);
      if (m[1] === '/') {
        const name = m.slice(2, -1).trim();
        const open = stack.pop();
        if (open === undefined) fail('XML_MALFORMED', `unexpected end tag </${name}>`);
        if (open !== name) fail('XML_MALFORMED', `end tag </${name}> does not match <${open}>`);
      } else if (m.startsWith('<![CDATA[')) {
        if (!stack.length) fail('XML_MALFORMED', 'CDATA outside the root element');
      } else if (m[1] !== '?' && m[1] !== '!') {
        const t = START_TAG.exec(m);
        if (!t) fail('XML_MALFORMED', `bad start tag ${m.slice(0, 60)}`);
        const [, name, attrs, selfClosing] = t!;
        if (attrs) checkAttributes(attrs, name, fail, refs);
        if (!stack.length && seenRoot) fail('XML_MALFORMED', 'more than one root element');
        seenRoot = true;
        if (!selfClosing) {
          stack.push(name);
          if (stack.length > maxDepth) fail('LIMIT_EXCEEDED', `elements nest deeper than ${maxDepth} levels`);
        }
      }
      i = end;
    }
  };
  for await (const chunk of chunks) {
    buf += chunk;
    buf = buf.slice(consume(false));
    if (buf.length > maxMarkup) fail('LIMIT_EXCEEDED', `a piece of markup is longer than ${maxMarkup} bytes`);
  }
  const rest = consume(true);
  if (rest < buf.length) fail('XML_MALFORMED', `unterminated markup ${buf.slice(rest, rest + 40)}`);
  if (stack.length) fail('XML_MALFORMED', `unclosed element <${stack[stack.length - 1]}> (truncated?)`);
  if (!seenRoot) fail('XML_MALFORMED', 'no root element');
}

/** End (exclusive) of the markup starting at `lt`, or -1 when the buffer holds only part of it. */
function markupEnd(buf: string, lt: number, final: boolean, fail: (code: DocumentErrorCode, msg: string) => never): number {
  const closing = (token: string, from: number, what: string): number => {
    const at = buf.indexOf(token, from);
    if (at >= 0) return at + token.length;
    if (final) fail('XML_MALFORMED', `unterminated ${what}`);
    return -1;
  };
  const c = buf[lt + 1];
  if (c === undefined) return final ? fail('XML_MALFORMED', "a '<' at the end of the part") : -1;
  if (c === '?') return closing('?>', lt + 2, 'processing instruction');
  if (c === '!') {
    if (buf.length < lt + 9 && !final) return -1;
    if (buf.startsWith('<!--', lt)) return closing('-->', lt + 4, 'comment');
    if (buf.startsWith('<![CDATA[', lt)) return closing(']]>', lt + 9, 'CDATA section');
    return fail('XML_FORBIDDEN', 'DOCTYPE and entity declarations are not allowed in document parts');
  }
  // A tag: the first '>' outside a quoted attribute value.
  let quote = '';
  for (let j = lt + 1; j < buf.length; j++) {
    const ch = buf[j];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return j + 1;
    else if (ch === '<') fail('XML_MALFORMED', 'unterminated tag');
  }
  return final ? fail('XML_MALFORMED', 'unterminated tag') : -1;
}

function checkAttributes(attrs: string, element: string, fail: (code: DocumentErrorCode, msg: string) => never, refs: (s: string) => void): void {
  const seen = new Set<string>();
  ATTR_NAME.lastIndex = 0;
  for (let m = ATTR_NAME.exec(attrs); m; m = ATTR_NAME.exec(attrs)) {
    if (seen.has(m[1])) fail('XML_MALFORMED', `duplicate attribute ${m[1]} in <${element}>`);
    seen.add(m[1]);
    ATTR_NAME.lastIndex = skipValue(attrs, ATTR_NAME.lastIndex);
  }
  ATTR_VALUE.lastIndex = 0;
  for (let m = ATTR_VALUE.exec(attrs); m; m = ATTR_VALUE.exec(attrs)) refs(m[1] ?? m[2] ?? '');
}

/** Position after the quoted value that follows '=' at or after `from`. */
function skipValue(s: string, from: number): number {
  let i = from;
  while (i < s.length && s[i] !== '"' && s[i] !== "'") i++;
  const end = s.indexOf(s[i], i + 1);
  return end < 0 ? s.length : end + 1;
}
