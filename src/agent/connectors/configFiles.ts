// Finding a task's connectors: the person's own (the `cowork.mcp.servers`
// setting, the user file ~/.cowork/mcp.json) and the folder's (`.vscode/mcp.json`,
// `.mcp.json`). A name defined twice keeps the person's definition, so a
// repository cannot replace a connector someone set up for themselves.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConnectorConfig, type ConfigProblem, type ConnectorConfig, type ConnectorOrigin, type ParsedConfig } from './serverConfig';

export interface ConfigSources {
  /** The task's folder; its `.vscode/mcp.json` and `.mcp.json` are project servers. */
  folder?: string;
  /** The person's config file (CLI: ~/.cowork/mcp.json). */
  userFile?: string;
  /** The value of the `cowork.mcp.servers` setting (servers by name). */
  setting?: unknown;
}

export const SETTING_NAME = 'cowork.mcp.servers';

/** Cowork's per-person folder: ~/.cowork, or $COWORK_HOME/.cowork (tests, separate profiles). */
export function coworkConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.COWORK_HOME ?? os.homedir(), '.cowork');
}

/** The person's own connector file, which `cowork connectors add` writes: ~/.cowork/mcp.json. */
export function userConnectorFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(coworkConfigDir(env), 'mcp.json');
}

/**
 * Every place a task's servers come from, the same for the CLI and the extension: the
 * setting (extension only), the person's ~/.cowork/mcp.json and the folder's two files.
 */
export function connectorSources(folder: string | undefined, setting?: unknown, env: NodeJS.ProcessEnv = process.env): ConfigSources {
  return { ...(folder ? { folder } : {}), userFile: userConnectorFile(env), ...(setting !== undefined ? { setting } : {}) };
}

export function projectConfigFiles(folder: string): { file: string; kind: ConnectorOrigin['kind'] }[] {
  return [
    { file: path.join(folder, '.vscode', 'mcp.json'), kind: 'vscodeMcpJson' },
    { file: path.join(folder, '.mcp.json'), kind: 'claudeMcpJson' },
  ];
}

export function readConnectorConfigs(src: ConfigSources): ParsedConfig {
  const parts: ParsedConfig[] = [];
  if (src.setting !== undefined && !(typeof src.setting === 'object' && src.setting !== null && Object.keys(src.setting).length === 0)) {
    parts.push(parseConnectorConfig(src.setting, { kind: 'userSetting', source: SETTING_NAME, project: false }));
  }
  if (src.userFile) parts.push(readFile(src.userFile, { kind: 'userFile', source: src.userFile, project: false }));
  if (src.folder) for (const { file, kind } of projectConfigFiles(src.folder)) parts.push(readFile(file, { kind, source: file, project: true }));

  const servers: ConnectorConfig[] = [];
  const problems: ConfigProblem[] = [];
  for (const part of parts) {
    problems.push(...part.problems);
    for (const s of part.servers) {
      const earlier = servers.find((x) => x.name === s.name);
      if (earlier) problems.push({ source: s.origin.source, server: s.name, message: `also defined in ${earlier.origin.source}; that definition is used` });
      else servers.push(s);
    }
  }
  return { servers, problems };
}

function readFile(file: string, origin: ConnectorOrigin): ParsedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { servers: [], problems: [] };
    return { servers: [], problems: [{ source: file, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }] };
  }
  return parseConnectorConfig(text, origin);
}

/** How the UI and the CLI name an origin, e.g. "project .vscode/mcp.json". */
export function describeOrigin(origin: ConnectorOrigin, folder?: string): string {
  if (origin.kind === 'userSetting') return `setting ${SETTING_NAME}`;
  const shown = folder && origin.source.startsWith(folder + path.sep) ? path.relative(folder, origin.source) : origin.source;
  return `${origin.project ? 'project' : 'user'} ${shown}`;
}
