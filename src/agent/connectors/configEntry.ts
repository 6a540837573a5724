// The config entries both "Cowork: Add Connector" (src/views/connectorCommands.ts)
// and `cowork connectors add/remove` (src/cli/connectorsCommand.ts) write, without
// vscode or fs: a server entry from what the person typed (a command line or a
// URL, environment variables), its name checked, the entry added to or removed
// from a JSONC config file with its comments and layout kept, and where an
// existing entry sits in such a file.

import { applyEdits, findNodeAtLocation, modify, parseTree, type ParseError, parse } from 'jsonc-parser/lib/esm/main.js';

export type NewConnectorKind = 'stdio' | 'http';

/** What Add Connector writes: the same shape `.vscode/mcp.json`'s `servers` takes. */
export type ConnectorEntry = { type: 'stdio'; command: string; args: string[]; env?: Record<string, string> } | { type: 'http'; url: string };

/** The config tables servers sit in: VS Code's and Claude's. */
export const SERVER_TABLES = ['servers', 'mcpServers'] as const;

const SERVER_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** Why a name cannot be used, or undefined when it can. */
export function connectorNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!SERVER_NAME.test(name)) return 'Use 1–32 letters, digits, "_" or "-" (the name becomes part of tool names).';
  if (taken.includes(name)) return `A connector named "${name}" is already defined.`;
  return undefined;
}

/**
 * Splits a command line the way a POSIX shell splits words: spaces separate,
 * '…' keeps everything, "…" keeps spaces and takes \\" and \\\\, a backslash outside
 * quotes escapes the next character. Nothing is expanded.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`the command line has an unclosed ${quote}`);
  if (inWord) words.push(word);
  return words;
}

/** The entry for what the person typed, or a sentence saying what is wrong with it. */
export function connectorEntry(kind: NewConnectorKind, typed: string): { entry: ConnectorEntry } | { error: string } {
  const text = typed.trim();
  if (kind === 'http') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: 'Give the server\'s full URL, e.g. https://example.com/mcp' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'The URL must start with https:// (or http:// for a server on this computer).' };
    return { entry: { type: 'http', url: url.href } };
  }
  let words: string[];
  try {
    words = splitCommandLine(text);
  } catch (err) {
    return { error: `Cannot read the command: ${(err as Error).message}.` };
  }
  if (words.length === 0) return { error: 'Give the command that starts the server, e.g. npx -y @modelcontextprotocol/server-memory' };
  return { entry: { type: 'stdio', command: words[0], args: words.slice(1) } };
}

/**
 * The text of a JSONC config file with the entry added under `table` (`servers` for
 * .vscode/mcp.json). A missing file starts as `{}`; comments and layout are kept. A
 * file that does not parse is not touched: the error says so.
 */
export function addServerToConfigText(text: string | undefined, table: string, name: string, entry: ConnectorEntry): { text: string } | { error: string } {
  const source = text === undefined || text.trim() === '' ? '{}\n' : text;
  const errors: ParseError[] = [];
  const doc = parse(source, errors, { allowTrailingComma: true });
  if (errors.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { error: 'the file is not a valid JSON object; fix it first (nothing was changed)' };
  const existing = (doc as Record<string, unknown>)[table];
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) return { error: `its "${table}" is not an object; fix it first (nothing was changed)` };
  if (existing && name in (existing as object)) return { error: `it already defines "${name}"` };
  const edits = modify(source, [table, name], entry, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  return { text: applyEdits(source, edits) };
}

/**
 * The table a file keeps its servers in: the one it already has (`servers` or
 * `mcpServers`), else `fallback` (a new or empty file).
 */
export function serverTableOf(text: string | undefined, fallback: (typeof SERVER_TABLES)[number]): (typeof SERVER_TABLES)[number] {
  const doc = text ? (parse(text, [], { allowTrailingComma: true }) as unknown) : undefined;
  if (typeof doc === 'object' && doc !== null) for (const t of SERVER_TABLES) if (t in doc) return t;
  return fallback;
}

/** The names of the servers a JSONC config file defines (both tables); [] for a missing or broken file. */
export function serverNamesIn(text: string | undefined): string[] {
  const doc = text ? (parse(text, [], { allowTrailingComma: true }) as Record<string, unknown> | undefined) : undefined;
  if (typeof doc !== 'object' || doc === null) return [];
  return SERVER_TABLES.flatMap((t) => (typeof doc[t] === 'object' && doc[t] !== null ? Object.keys(doc[t] as object) : []));
}

/** The text of a JSONC config file without the server `name` (from whichever table has it); comments kept. */
export function removeServerFromConfigText(text: string | undefined, name: string): { text: string } | { error: string } {
  if (text === undefined) return { error: `it does not define "${name}"` };
  const errors: ParseError[] = [];
  const doc = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { error: 'the file is not a valid JSON object; fix it first (nothing was changed)' };
  const table = SERVER_TABLES.find((t) => {
    const v = (doc as Record<string, unknown>)[t];
    return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, name);
  });
  if (!table) return { error: `it does not define "${name}"` };
  const edits = modify(text, [table, name], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  return { text: applyEdits(text, edits) };
}

/** `K=V` pairs as an env table, or a sentence naming the one that is not of that form. */
export function envFromPairs(pairs: readonly string[]): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const key = eq > 0 ? p.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return { error: `"${p}" is not NAME=VALUE (a variable name of letters, digits and "_", then "=")` };
    env[key] = p.slice(eq + 1);
  }
  return { env };
}

/** Where a server's entry starts in a JSONC config file (to reveal it), or undefined. */
export function serverEntryOffset(text: string, tables: readonly string[], name: string): number | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  for (const table of tables) {
    const node = findNodeAtLocation(root, [table, name]);
    // The property node (the key) is the value's parent.
    if (node) return node.parent?.offset ?? node.offset;
  }
  return undefined;
}
