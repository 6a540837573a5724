// What a connector (an MCP server) is before it runs: its name, how to reach it
// and where its definition came from. Three formats are read, each the way its
// own tool writes it: VS Code's `.vscode/mcp.json` (`servers`, `inputs`), the
// Claude-style `.mcp.json` (`mcpServers`) and Cowork's own setting / user file.
// Parsing is pure: bad entries become problems naming the file and the server,
// and the good entries of the same file still load.

import { createHash } from 'node:crypto';

/** Where a server was defined; `project` ones need a trusted folder and the person's approval. */
export interface ConnectorOrigin {
  kind: 'vscodeMcpJson' | 'claudeMcpJson' | 'userSetting' | 'userFile';
  /** The file it came from (absolute), or the setting's name. */
  source: string;
  /** Defined by the folder (anyone who wrote the repository), not by the person. */
  project: boolean;
}

/** A `promptString` input of `.vscode/mcp.json`, asked for once and kept as a secret. */
export interface ConnectorInput {
  id: string;
  description: string;
  password: boolean;
  default?: string;
}

/** The `oauth` block of an http/sse server's config. */
export interface OAuthSettings {
  /** A client registered by hand, for a server without dynamic registration. */
  clientId?: string;
  clientSecret?: string;
  /** Fixed loopback port for the redirect (what a hand-registered client names); default: one picked and kept. */
  callbackPort?: number;
}

export type ConnectorTransport =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, string>; envFile?: string; cwd?: string }
  | { type: 'http' | 'sse'; url: string; headers: Record<string, string>; oauth?: OAuthSettings };

export interface ConnectorConfig {
  name: string;
  transport: ConnectorTransport;
  origin: ConnectorOrigin;
  /** Which variable syntax its strings use: VS Code's `${input:x}`/`${env:X}` or the shell-like `${X:-default}`. */
  syntax: 'vscode' | 'shell';
  /** Inputs declared next to it (VS Code format). */
  inputs: ConnectorInput[];
  /** Per-request timeout; progress notifications reset it. */
  timeoutMs: number;
  /** Hash of what would run: approval of a project server is for this exact definition. */
  fingerprint: string;
}

export interface ConfigProblem {
  source: string;
  server?: string;
  message: string;
}

export interface ParsedConfig {
  servers: ConnectorConfig[];
  problems: ConfigProblem[];
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Server names become part of tool names (`mcp__<server>__<tool>`), so they stay short and plain. */
const SERVER_NAME = /^[A-Za-z0-9_-]{1,32}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the text of one config file (or the setting's value, as JSON) in the given format. */
export function parseConnectorConfig(text: string | unknown, origin: ConnectorOrigin): ParsedConfig {
  const problems: ConfigProblem[] = [];
  let doc: unknown = text;
  if (typeof text === 'string') {
    try {
      doc = JSON.parse(stripJsonComments(text));
    } catch (err) {
      return { servers: [], problems: [{ source: origin.source, message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  if (!isObject(doc)) return { servers: [], problems: [{ source: origin.source, message: 'expected a JSON object' }] };
  const key = origin.kind === 'vscodeMcpJson' ? 'servers' : origin.kind === 'claudeMcpJson' ? 'mcpServers' : doc.mcpServers !== undefined ? 'mcpServers' : 'servers';
  // The setting holds the servers object itself; files wrap it.
  const table = origin.kind === 'userSetting' && doc[key] === undefined ? doc : doc[key];
  if (table === undefined) return { servers: [], problems };
  if (!isObject(table)) return { servers: [], problems: [{ source: origin.source, message: `"${key}" must be an object of servers by name` }] };
  // `mcpServers` tables are Claude-style and use its `${VAR:-default}` syntax, wherever they are.
  const syntax = key === 'mcpServers' ? 'shell' : 'vscode';
  const inputs = origin.kind === 'vscodeMcpJson' || origin.kind === 'userFile' ? parseInputs(doc.inputs, origin, problems) : [];
  const servers: ConnectorConfig[] = [];
  for (const [name, entry] of Object.entries(table)) {
    const problem = (message: string) => problems.push({ source: origin.source, server: name, message });
    if (!SERVER_NAME.test(name)) {
      problem('server names may use letters, digits, "_" and "-" (at most 32)');
      continue;
    }
    if (!isObject(entry)) {
      problem('expected an object');
      continue;
    }
    const transport = parseTransport(entry, problem);
    if (!transport) continue;
    const timeout = entry.timeout ?? entry.timeoutMs;
    const timeoutMs = typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
    const fingerprint = createHash('sha256').update(JSON.stringify({ name, transport })).digest('hex').slice(0, 16);
    servers.push({ name, transport, origin, syntax, inputs, timeoutMs, fingerprint });
  }
  return { servers, problems };
}

function parseTransport(entry: Json, problem: (m: string) => void): ConnectorTransport | undefined {
  const declared = typeof entry.type === 'string' ? entry.type : undefined;
  const type = declared ?? (typeof entry.url === 'string' ? 'http' : 'stdio');
  if (type === 'stdio') {
    if (typeof entry.command !== 'string' || !entry.command.trim()) return void problem('a stdio server needs "command"');
    const args = entry.args ?? [];
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return void problem('"args" must be a list of strings');
    const env = stringMap(entry.env, '"env"', problem);
    if (!env) return undefined;
    if (entry.envFile !== undefined && typeof entry.envFile !== 'string') return void problem('"envFile" must be a path');
    if (entry.cwd !== undefined && typeof entry.cwd !== 'string') return void problem('"cwd" must be a path');
    return {
      type: 'stdio',
      command: entry.command,
      args,
      env,
      ...(typeof entry.envFile === 'string' ? { envFile: entry.envFile } : {}),
      ...(typeof entry.cwd === 'string' ? { cwd: entry.cwd } : {}),
    };
  }
  if (type === 'http' || type === 'sse' || type === 'streamable-http') {
    if (typeof entry.url !== 'string') return void problem(`a ${type} server needs "url"`);
    const headers = stringMap(entry.headers, '"headers"', problem);
    if (!headers) return undefined;
    const oauth = parseOAuth(entry.oauth, problem);
    if (oauth === null) return undefined;
    return { type: type === 'sse' ? 'sse' : 'http', url: entry.url, headers, ...(oauth ? { oauth } : {}) };
  }
  return void problem(`unknown "type" ${JSON.stringify(type)} (expected stdio, http or sse)`);
}

/** `"oauth": {"clientId", "clientSecret", "callbackPort"}`; null after a problem. */
function parseOAuth(v: unknown, problem: (m: string) => void): OAuthSettings | undefined | null {
  if (v === undefined) return undefined;
  const bad = (m: string): null => {
    problem(m);
    return null;
  };
  if (!isObject(v)) return bad('"oauth" must be an object');
  for (const k of ['clientId', 'clientSecret'] as const) if (v[k] !== undefined && typeof v[k] !== 'string') return bad(`"oauth.${k}" must be a string`);
  const port = v.callbackPort;
  if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536)) return bad('"oauth.callbackPort" must be a port number');
  return {
    ...(typeof v.clientId === 'string' ? { clientId: v.clientId } : {}),
    ...(typeof v.clientSecret === 'string' ? { clientSecret: v.clientSecret } : {}),
    ...(typeof port === 'number' ? { callbackPort: port } : {}),
  };
}

function stringMap(v: unknown, what: string, problem: (m: string) => void): Record<string, string> | undefined {
  if (v === undefined) return {};
  if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) return void problem(`${what} must map names to strings`);
  return v as Record<string, string>;
}

function parseInputs(v: unknown, origin: ConnectorOrigin, problems: ConfigProblem[]): ConnectorInput[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push({ source: origin.source, message: '"inputs" must be a list' });
    return [];
  }
  const out: ConnectorInput[] = [];
  for (const item of v) {
    if (!isObject(item) || typeof item.id !== 'string') {
      problems.push({ source: origin.source, message: 'each input needs an "id"' });
      continue;
    }
    if (item.type !== undefined && item.type !== 'promptString') {
      problems.push({ source: origin.source, message: `input "${item.id}": only "promptString" inputs are supported` });
      continue;
    }
    out.push({
      id: item.id,
      description: typeof item.description === 'string' ? item.description : item.id,
      password: item.password === true,
      ...(typeof item.default === 'string' ? { default: item.default } : {}),
    });
  }
  return out;
}

/** JSONC as VS Code writes it: `//` and block comments, trailing commas. Strings are left alone. */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
