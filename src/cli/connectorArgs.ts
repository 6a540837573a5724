// Parsing `cowork connectors list | add | remove`. Pure: bad input gets a
// sentence and the usage, and nothing is written. The entry `add` makes comes
// from the same code as "Cowork: Add Connector" (agent/connectors/configEntry.ts).

import { connectorEntry, envFromPairs, type ConnectorEntry } from '../agent/connectors/configEntry';
import type { ReviewMode } from './reviewMode';

export type ConnectorsArgs =
  | { command: 'connectors'; action: 'list'; folder?: string; check: boolean; review: ReviewMode }
  | { command: 'connectors'; action: 'add'; folder?: string; name: string; entry: ConnectorEntry; project: boolean }
  | { command: 'connectors'; action: 'remove'; folder?: string; name: string; project: boolean };

export const CONNECTORS_USAGE = `       cowork connectors list [--check [--yes | --no]] [--folder DIR]
       cowork connectors add NAME (--command CMD [ARGS…] | --url URL) [--env K=V]… [--project] [--folder DIR]
       cowork connectors remove NAME [--project] [--folder DIR]`;

export const CONNECTORS_HELP = `connectors lists the MCP servers a task in DIR (default: the current folder)
would use, each with the file it comes from; --check starts them and shows
their state and tool count (a project server asks first, as in run). add writes
a server to ~/.cowork/mcp.json, or with --project to DIR/.vscode/mcp.json (the
same entry "Cowork: Add Connector" writes); after --command, the words up to
the next --env, --project or --folder are the server's command line (put them
after "--" to pass such words to the server). remove takes it out again.`;

type Result = ConnectorsArgs | { command: 'error'; message: string };

export function parseConnectorsArgs(argv: string[]): Result {
  const [action, ...rest] = argv;
  if (action === 'list') return parseList(rest);
  if (action === 'add' || action === 'remove') return parseEdit(action, rest);
  return { command: 'error', message: action ? `Unknown connectors action "${action}": use list, add or remove.` : 'Missing the action: cowork connectors list | add | remove.' };
}

function parseList(argv: string[]): Result {
  let folder: string | undefined;
  let check = false;
  let review: ReviewMode = 'ask';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') check = true;
    else if (a === '--yes' || a === '--no') {
      const mode = a === '--yes' ? 'yes' : 'no';
      if (review !== 'ask' && review !== mode) return { command: 'error', message: '--yes and --no cannot be used together.' };
      review = mode;
    } else if (a === '--folder') {
      folder = argv[++i];
      if (!folder) return { command: 'error', message: '--folder needs a directory.' };
    } else return { command: 'error', message: `Unknown option ${a} for connectors list.` };
  }
  if (review !== 'ask' && !check) return { command: 'error', message: '--yes and --no only matter with --check (they answer whether project servers may start).' };
  return { command: 'connectors', action: 'list', ...(folder ? { folder } : {}), check, review };
}

const OWN_OPTIONS = new Set(['--env', '--project', '--folder', '--url', '--command']);

function parseEdit(action: 'add' | 'remove', argv: string[]): Result {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('-')) return { command: 'error', message: `Missing the connector's name: cowork connectors ${action} NAME …` };
  let folder: string | undefined;
  let project = false;
  let url: string | undefined;
  let command: string[] | undefined;
  const envPairs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--project') project = true;
    else if (a === '--folder' || a === '--env' || a === '--url') {
      const v = rest[++i];
      if (v === undefined) return { command: 'error', message: `${a} needs a value.` };
      if (a === '--folder') folder = v;
      else if (a === '--env') envPairs.push(v);
      else url = v;
    } else if (a === '--command') {
      if (command) return { command: 'error', message: '--command is given twice.' };
      command = [];
      for (i++; i < rest.length && !OWN_OPTIONS.has(rest[i]); i++) {
        if (rest[i] === '--') {
          command.push(...rest.slice(i + 1));
          i = rest.length;
          break;
        }
        command.push(rest[i]);
      }
      i--;
    } else return { command: 'error', message: `Unknown option ${a} for connectors ${action}.` };
  }
  const where = { ...(folder ? { folder } : {}), name, project };
  if (action === 'remove') {
    if (url || command || envPairs.length) return { command: 'error', message: 'connectors remove takes only NAME, --project and --folder.' };
    return { command: 'connectors', action: 'remove', ...where };
  }
  if (!!url === !!command) return { command: 'error', message: 'Give the server as --command CMD [ARGS…] (started on this computer) or --url URL (a remote server), one of the two.' };
  if (command && command.length === 0) return { command: 'error', message: '--command needs the command that starts the server, e.g. --command npx -y @modelcontextprotocol/server-memory' };
  if (url && envPairs.length) return { command: 'error', message: '--env is for a server started on this computer (--command); a remote server gets no environment.' };
  // One quoted word holding a whole command line is split the way Add Connector splits what is typed.
  const typed = url ?? (command!.length === 1 ? command![0] : undefined);
  const made = typed !== undefined ? connectorEntry(url ? 'http' : 'stdio', typed) : { entry: { type: 'stdio' as const, command: command![0], args: command!.slice(1) } };
  if ('error' in made) return { command: 'error', message: made.error };
  const env = envFromPairs(envPairs);
  if ('error' in env) return { command: 'error', message: `--env ${env.error}.` };
  const entry: ConnectorEntry = made.entry.type === 'stdio' && envPairs.length ? { ...made.entry, env: env.env } : made.entry;
  return { command: 'connectors', action: 'add', ...where, entry };
}
