// The connectors of a CLI run: the person's ~/.cowork/mcp.json and the task
// folder's .vscode/mcp.json / .mcp.json. A project server starts only after the
// person says yes on the terminal (remembered for that exact definition in
// ~/.cowork/connectors-approved.json), or with --yes; --no leaves project servers
// out. Input values are asked once and kept in ~/.cowork/secrets.json (0600).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectorSources, coworkConfigDir, describeOrigin, readConnectorConfigs } from '../agent/connectors/configFiles';
import { ConnectorSet, type ConnectorStatus } from '../agent/connectors/connectorSet';
import { storedInputs } from '../agent/connectors/secrets';
import { permissionsFromFileText } from '../agent/connectors/permissions';
import type { SignInHost } from '../agent/connectors/mcpConnection';
import type { ConnectorConfig } from '../agent/connectors/serverConfig';
import { openBrowser } from './openBrowser';
import type { ReviewMode } from './args';
import { SecretFile } from './secretFile';
import type { TerminalLines } from './terminalLines';

export interface CliConnectorsOptions {
  folder: string;
  review: ReviewMode;
  lines: TerminalLines;
  /** Status lines for the person (stdout). */
  say(line: string): void;
  /** Connector log lines (stderr of servers and so on), only with COWORK_MCP_LOG set. */
  log?(line: string): void;
}

export { coworkConfigDir };

/** The connector set, started, each server's state said; undefined when nothing is configured. */
export async function startCliConnectors(o: CliConnectorsOptions): Promise<ConnectorSet | undefined> {
  const set = await openCliConnectors(o);
  if (!set) return undefined;
  for (const s of set.statuses()) o.say(statusLine(s, o.folder));
  for (const p of set.problems()) o.say(`✗ connector ${p}`);
  return set;
}

/** One server's state as a line: "· connector x (user …): ready, 3 tools", or ✗ with why. */
export function statusLine(s: ConnectorStatus, folder: string, consequence = '; the task runs without it'): string {
  const where = describeOrigin(s.origin, folder);
  if (s.state === 'ready') return `· connector ${s.name} (${where}): ready, ${s.toolCount} tool${s.toolCount === 1 ? '' : 's'}`;
  if (s.state === 'needs-sign-in') return `✗ connector ${s.name} (${where}): needs sign-in: ${s.reason ?? ''}${consequence}${consequence ? ' (run again and answer y to sign in)' : ''}`;
  return `✗ connector ${s.name} (${where}): ${s.state}${s.reason ? `: ${s.reason}` : ''}${consequence}`;
}

/** The connector set, started (project servers approved as the review mode says); its states are not printed. */
export async function openCliConnectors(o: CliConnectorsOptions): Promise<ConnectorSet | undefined> {
  const dir = coworkConfigDir();
  const sources = connectorSources(o.folder);
  const userFile = sources.userFile!;
  const parsed = readConnectorConfigs(sources);
  for (const p of parsed.problems) o.say(`✗ connector config ${p.source}${p.server ? ` (${p.server})` : ''}: ${p.message}`);
  // What the person allows each server (sampling, read-only tools without asking, switched-off tools): their own file only.
  const permissions = readUserPermissions(userFile);
  for (const p of permissions.problems) o.say(`✗ connector permissions ${p}`);
  if (parsed.servers.length === 0) return undefined;
  const approvals = new ApprovalFile(path.join(dir, 'connectors-approved.json'));
  const secrets = new SecretFile(path.join(dir, 'secrets.json'));
  const ask = o.review === 'ask' ? async (server: string, input: { description: string; password: boolean }) => {
    const hint = input.password ? ' (kept in ~/.cowork/secrets.json, mode 0600; typing is shown)' : '';
    return (await o.lines.prompt(`Value for ${input.description} (connector ${server})${hint}: `)).trim() || undefined;
  } : undefined;
  const set = new ConnectorSet(parsed.servers, {
    variables: { folder: o.folder, env: process.env, home: os.homedir(), resolveInput: storedInputs(secrets, ask) },
    trusted: true, // The person ran the CLI on this folder; each project server is still approved one by one.
    approveProjectServer: (cfg) => approve(cfg, o, approvals),
    log: o.log,
    permissions: () => permissions.table,
    // OAuth records of remote servers sit next to the inputs, in the 0600 file.
    secrets,
    signIn: signInHost(o),
  });
  await set.startAll();
  return set;
}

/** Sign-in on the terminal: asks first (--yes opens the browser, --no never does), prints the URL, opens the browser. */
function signInHost(o: CliConnectorsOptions): SignInHost {
  return {
    confirm: async (server, url) => {
      if (o.review !== 'ask') {
        o.say(`  connector ${server} needs sign-in: ${o.review === 'yes' ? 'opening the browser (--yes)' : 'not signing in (--no)'}`);
        return o.review === 'yes';
      }
      o.say(`? connector ${server} needs you to sign in at ${new URL(url).origin}`);
      return (await o.lines.prompt(`Open the browser to sign in to ${server}? [y/n]: `)).trim().toLowerCase().startsWith('y');
    },
    openBrowser: async (url) => {
      o.say(`  sign in in your browser (opened if one is set up): ${url}`);
      openBrowser(url);
    },
    askClientId: o.review === 'ask' ? async (server) => (await o.lines.prompt(`Connector ${server} cannot register itself: the client id you registered for it (empty to skip): `)).trim() || undefined : undefined,
  };
}

async function approve(cfg: ConnectorConfig, o: CliConnectorsOptions, approvals: ApprovalFile): Promise<boolean> {
  const what = describeRun(cfg);
  const where = describeOrigin(cfg.origin, o.folder);
  if (approvals.has(o.folder, cfg.fingerprint)) return true;
  if (o.review !== 'ask') {
    o.say(`  project connector ${cfg.name} (${where}) ${o.review === 'yes' ? 'approved' : 'not started'} (--${o.review}): ${what}`);
    return o.review === 'yes';
  }
  o.say(`? project connector ${cfg.name} from ${where} wants to start: ${what}`);
  const a = (await o.lines.prompt(`Start connector ${cfg.name}? [y/n]: `)).trim().toLowerCase();
  if (!a.startsWith('y')) return false;
  approvals.add(o.folder, cfg.fingerprint);
  return true;
}

function readUserPermissions(file: string): ReturnType<typeof permissionsFromFileText> {
  try {
    return permissionsFromFileText(fs.readFileSync(file, 'utf8'), file);
  } catch {
    return { table: {}, problems: [] }; // no file: nothing allowed; an unreadable one is reported by the config reader
  }
}

export function describeRun(cfg: ConnectorConfig): string {
  const t = cfg.transport;
  return t.type === 'stdio' ? [t.command, ...t.args].join(' ') : `${t.type} ${t.url}`;
}

/** Approved project servers: folder → fingerprints. Only a "yes" typed by the person is remembered. */
class ApprovalFile {
  constructor(private readonly file: string) {}

  has(folder: string, fingerprint: string): boolean {
    return (this.read()[folder] ?? []).includes(fingerprint);
  }

  add(folder: string, fingerprint: string): void {
    const all = this.read();
    all[folder] = [...new Set([...(all[folder] ?? []), fingerprint])];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  private read(): Record<string, string[]> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string[]>;
    } catch {
      return {};
    }
  }
}
