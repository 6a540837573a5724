// Filling in a connector's variables just before it starts: VS Code's
// `${input:id}` (asked for once, kept as a secret), `${env:NAME}`,
// `${workspaceFolder}` and `${userHome}`; the shell-like `${VAR}` and
// `${VAR:-default}` of `.mcp.json`; and the KEY=VALUE lines of an `envFile`.
// A variable that cannot be filled stops that server with a sentence naming it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConnectorConfig, ConnectorInput, ConnectorTransport } from './serverConfig';

export interface VariableContext {
  /** The task's folder: `${workspaceFolder}`, and where relative envFile/cwd paths start. */
  folder: string;
  env: Record<string, string | undefined>;
  home: string;
  /** Returns the value of an input (from the secret store, or by asking the person); undefined when declined. */
  resolveInput(server: string, input: ConnectorInput): Promise<string | undefined>;
}

export class VariableError extends Error {}

/** The transport with every variable filled in and the envFile merged into env (the config's own env wins). */
export async function resolveTransport(cfg: ConnectorConfig, ctx: VariableContext): Promise<ConnectorTransport> {
  const fill = (s: string) => expand(s, cfg, ctx);
  const t = cfg.transport;
  if (t.type === 'stdio') {
    const env: Record<string, string> = {};
    if (t.envFile) {
      const file = path.resolve(ctx.folder, await fill(t.envFile));
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new VariableError(`envFile ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      Object.assign(env, parseEnvFile(text));
    }
    for (const [k, v] of Object.entries(t.env)) env[k] = await fill(v);
    const args: string[] = [];
    for (const a of t.args) args.push(await fill(a));
    return {
      type: 'stdio',
      command: await fill(t.command),
      args,
      env,
      ...(t.cwd ? { cwd: path.resolve(ctx.folder, await fill(t.cwd)) } : {}),
    };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.headers)) headers[k] = await fill(v);
  const oauth = t.oauth && { ...t.oauth, ...(t.oauth.clientId ? { clientId: await fill(t.oauth.clientId) } : {}), ...(t.oauth.clientSecret ? { clientSecret: await fill(t.oauth.clientSecret) } : {}) };
  return { type: t.type, url: await fill(t.url), headers, ...(oauth ? { oauth } : {}) };
}

async function expand(s: string, cfg: ConnectorConfig, ctx: VariableContext): Promise<string> {
  if (cfg.syntax === 'shell') {
    return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      const v = ctx.env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      throw new VariableError(`\${${name}} is not set (give it a value in the environment, or write \${${name}:-default})`);
    });
  }
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/\$\{([^}:]+)(?::([^}]*))?\}/g)) {
    out += s.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    const [whole, kind, arg] = m;
    if (kind === 'workspaceFolder' && !arg) out += ctx.folder;
    else if (kind === 'userHome' && !arg) out += ctx.home;
    else if (kind === 'env' && arg) out += ctx.env[arg] ?? '';
    else if (kind === 'input' && arg) {
      const input = cfg.inputs.find((i) => i.id === arg);
      if (!input) throw new VariableError(`\${input:${arg}} is used but no input with id "${arg}" is declared under "inputs"`);
      const value = await ctx.resolveInput(cfg.name, input);
      if (value === undefined) throw new VariableError(`no value was given for input "${arg}" (${input.description})`);
      out += value;
    } else throw new VariableError(`${whole} is not a variable Cowork knows (use \${input:id}, \${env:NAME}, \${workspaceFolder} or \${userHome})`);
  }
  return out + s.slice(last);
}

/** KEY=VALUE per line; `#` comments, `export ` prefixes and single or double quotes allowed. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}
