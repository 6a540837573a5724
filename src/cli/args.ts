// Command-line parsing for `cowork run "<task>" --folder DIR [...]`. Pure: no
// I/O, so bad input is reported with a clear message and usage, never a stack.

import type { WebSearchSettings } from '../agent/web/webSearch';
import { DEFAULT_BUDGET_BYTES, MIN_BUDGET_BYTES, parseSize } from '../sandbox/staging/writeBudget';
import { WEB_USAGE, webSearchSettings, type WebOptionsText } from './webArgs';
import { FETCH_USAGE, FETCH_VALUE_OPTIONS, webFetchSettings, type FetchOptionsText } from './fetchArgs';
import type { WebFetchSettings } from '../agent/web/webFetchSetup';
import { isTaskId, TASK_ID_RULE } from '../shared/taskIdentity';
import { CONNECTORS_HELP, CONNECTORS_USAGE, parseConnectorsArgs, type ConnectorsArgs } from './connectorArgs';

import type { ReviewMode } from './reviewMode';
export type { ReviewMode } from './reviewMode';

export interface RunArgs {
  command: 'run';
  prompt: string;
  folder: string;
  review: ReviewMode;
  model?: string;
  smallModel?: string;
  plan: boolean;
  /** Sandbox driver setting: auto (a VM where possible) or a named driver. */
  driver: DriverSetting;
  /** Write budget in bytes (0: none). */
  writeBudgetBytes: number;
  /** Web search settings; absent when the agent may not search. */
  webSearch?: WebSearchSettings;
  /** Web fetch settings; absent when the agent may not fetch pages. */
  webFetch?: WebFetchSettings;
  /** Levels of sub-agents the task may start (0: no delegating; default 1: children cannot delegate). */
  subAgentDepth: number;
}

export type DriverSetting = 'auto' | 'qemu' | 'vz' | 'namespace';
const DRIVERS: readonly DriverSetting[] = ['auto', 'qemu', 'vz', 'namespace'];

/** `cowork undo TASK_ID --folder DIR`: puts the folder back as it was before that task. */
export interface UndoArgs {
  command: 'undo';
  taskId: string;
  folder: string;
  /** Files changed after the task: ask (default), overwrite them, or keep them. */
  later: 'ask' | 'overwrite' | 'keep';
}

/**
 * `cowork resume [TASK_ID] [options]`: without an id, lists the tasks that can be resumed;
 * with one, continues it from its record (folder, prompt and model come from there).
 */
export interface ResumeArgs extends Omit<RunArgs, 'command' | 'prompt' | 'folder' | 'model' | 'plan'> {
  command: 'resume';
  taskId?: string;
}

export type ParsedArgs = RunArgs | UndoArgs | ResumeArgs | ConnectorsArgs | { command: 'help' } | { command: 'error'; message: string };

export const USAGE = `Usage: cowork run "<task>" --folder DIR [options]
       cowork resume [TASK_ID] [options]
       cowork undo TASK_ID --folder DIR [--overwrite-later | --keep-later]
${CONNECTORS_USAGE}

Runs a Cowork task in DIR: the agent proposes a plan, you review it, then it
works in a sandbox that sees only DIR until the files exist.

Options:
  --folder DIR         the folder to work in (required)
  --yes                approve the plan and every change batch without asking
  --no                 approve the plan, refuse every change to existing files
  --model M            model to use (default: claude-sonnet-5-5)
  --small-model M      model for summaries when the context fills up
  --no-plan            skip the plan review (for small tasks)
  --driver D           sandbox: auto (default: a VM where possible), qemu, vz or namespace
  --write-budget SIZE  most the task may write, e.g. 500M, 20G, or off (default:
                       10G, or a quarter of the free disk if that is smaller)
  --subagent-depth N   levels of sub-agents the delegate tool may start: 0 (off),
                       1 (default: sub-agents cannot delegate further), at most 3
${WEB_USAGE}
${FETCH_USAGE}
  -h, --help           show this help

Every run is kept in ~/.cowork/tasks (its events, conversation and sub-agents).
resume without an id lists the tasks that stopped before they were done
(cancelled, failed, or interrupted when cowork was killed); with an id it
continues that task where it stopped, in its folder, with its model and the
options above (except the task text, --folder, --model and --no-plan).
Sub-agents that had finished are not run again; the others continue.

undo puts DIR back as it was before the task (its id is printed when it
starts). Files another task or you changed after it are named and undo asks
before overwriting them; --overwrite-later restores them anyway (their bytes
are kept in the task's trash), --keep-later restores everything else.

${CONNECTORS_HELP}

Environment: ANTHROPIC_API_KEY (required), ANTHROPIC_BASE_URL (optional),
COWORK_SANDBOX_DRIVER (default for --driver), COWORK_WRITE_BUDGET (default
for --write-budget).
Exit status: 0 done, 1 failed, 2 bad usage, 3 cancelled.`;

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'undo') return parseUndo(rest);
  if (command === 'resume') return parseResume(rest, env);
  if (command === 'connectors') return parseConnectorsArgs(rest);
  if (command !== 'run') return { command: 'error', message: `Unknown command "${command}". The commands are "run", "resume", "undo", "connectors" and "doc".` };
  const o = parseOptions(rest, env);
  if ('error' in o) return { command: 'error', message: o.error };
  const { positional, folder, ...options } = o;
  if (positional.length > 1) return { command: 'error', message: `Only one task text is allowed; quote it ("${positional.join(' ')}").` };
  const prompt = positional[0];
  if (!prompt?.trim()) return { command: 'error', message: 'Missing the task text: cowork run "<task>" --folder DIR' };
  if (!folder) return { command: 'error', message: 'Missing --folder DIR.' };
  return { command: 'run', prompt, folder, ...options };
}

function parseResume(rest: string[], env: Record<string, string | undefined>): ParsedArgs {
  const o = parseOptions(rest, env);
  if ('error' in o) return { command: 'error', message: o.error };
  const { positional, folder, model, plan, ...options } = o;
  for (const [set, flag] of [[folder !== undefined, '--folder'], [model !== undefined, '--model'], [!plan, '--no-plan']] as const) {
    if (set) return { command: 'error', message: `resume continues the task in its own folder, with its model and its plan state: ${flag} is not for resume.` };
  }
  if (positional.length > 1) return { command: 'error', message: `resume takes one task id (got ${positional.map((p) => `"${p}"`).join(', ')}).` };
  const taskId = positional[0];
  if (taskId !== undefined && !isTaskId(taskId)) return { command: 'error', message: `"${taskId}" is not a task id: ${TASK_ID_RULE}` };
  return { command: 'resume', ...(taskId ? { taskId } : {}), ...options };
}

type ParsedOptions = Omit<RunArgs, 'command' | 'prompt' | 'folder'> & { positional: string[]; folder?: string };

/** The options run and resume share; the words that are not options come back as `positional`. */
function parseOptions(rest: string[], env: Record<string, string | undefined>): ParsedOptions | { error: string } {
  const positional: string[] = [];
  let folder: string | undefined;
  let review: ReviewMode = 'ask';
  let model: string | undefined;
  let smallModel: string | undefined;
  let plan = true;
  let subAgentDepth = 1;
  let driver = (env.COWORK_SANDBOX_DRIVER || 'auto') as DriverSetting;
  let budgetText = env.COWORK_WRITE_BUDGET || undefined;
  let budgetFrom = 'COWORK_WRITE_BUDGET';
  const web: WebOptionsText = { enabled: false };
  const fetch: FetchOptionsText = { enabled: false };
  const webValue: Record<string, 'maxUses' | 'allow' | 'block' | 'location'> = { '--web-max': 'maxUses', '--web-allow': 'allow', '--web-block': 'block', '--web-location': 'location' };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string | undefined => {
      const v = rest[i + 1];
      if (v === undefined || v.startsWith('--')) return undefined;
      i++;
      return v;
    };
    switch (a) {
      case '--folder': {
        const v = value();
        if (!v) return { error: '--folder needs a directory.' };
        folder = v;
        break;
      }
      case '--model': {
        const v = value();
        if (!v) return { error: '--model needs a model name.' };
        model = v;
        break;
      }
      case '--small-model': {
        const v = value();
        if (!v) return { error: '--small-model needs a model name.' };
        smallModel = v;
        break;
      }
      case '--yes':
      case '--no': {
        const mode = a === '--yes' ? 'yes' : 'no';
        if (review !== 'ask' && review !== mode) return { error: '--yes and --no cannot be used together.' };
        review = mode;
        break;
      }
      case '--subagent-depth': {
        const v = value();
        if (!v || !/^[0-3]$/.test(v)) return { error: '--subagent-depth must be 0, 1, 2 or 3.' };
        subAgentDepth = Number(v);
        break;
      }
      case '--driver': {
        const v = value();
        if (!v || !DRIVERS.includes(v as DriverSetting)) return { error: `--driver must be one of ${DRIVERS.join(', ')}.` };
        driver = v as DriverSetting;
        break;
      }
      case '--write-budget': {
        const v = value();
        if (!v) return { error: '--write-budget needs a size, e.g. 500M or 20G (or off).' };
        budgetText = v;
        budgetFrom = '--write-budget';
        break;
      }
      case '--no-plan':
        plan = false;
        break;
      case '--web-search':
        web.enabled = true;
        break;
      case '--web-fetch':
        fetch.enabled = true;
        break;
      case '--fetch-raw':
        fetch.raw = true;
        break;
      case '--fetch-allow':
      case '--fetch-block':
      case '--fetch-private': {
        const v = value();
        if (!v) return { error: `${a} needs a value.` };
        fetch[FETCH_VALUE_OPTIONS[a]] = v;
        break;
      }
      case '--web-max':
      case '--web-allow':
      case '--web-block':
      case '--web-location': {
        const v = value();
        if (!v) return { error: `${a} needs a value.` };
        web[webValue[a]] = v;
        break;
      }
      default:
        if (a.startsWith('-')) return { error: `Unknown option ${a}.` };
        positional.push(a);
    }
  }
  if (!DRIVERS.includes(driver)) return { error: `COWORK_SANDBOX_DRIVER must be one of ${DRIVERS.join(', ')}.` };
  let writeBudgetBytes: number | undefined = DEFAULT_BUDGET_BYTES;
  if (budgetText !== undefined) {
    writeBudgetBytes = /^(off|0)$/i.test(budgetText.trim()) ? 0 : parseSize(budgetText);
    if (writeBudgetBytes === undefined) return { error: `${budgetFrom} must be a size such as 500M or 20G, or off (got "${budgetText}").` };
    if (writeBudgetBytes > 0 && writeBudgetBytes < MIN_BUDGET_BYTES) return { error: `${budgetFrom} must be at least 8M (got "${budgetText}").` };
  }
  const webSearch = webSearchSettings(web);
  if (webSearch && 'error' in webSearch) return { error: webSearch.error };
  const webFetch = webFetchSettings(fetch);
  if (webFetch && 'error' in webFetch) return { error: webFetch.error };
  return { positional, folder, review, model, smallModel, plan, driver, writeBudgetBytes, subAgentDepth, ...(webSearch ? { webSearch } : {}), ...(webFetch ? { webFetch } : {}) };
}

function parseUndo(rest: string[]): ParsedArgs {
  let taskId: string | undefined;
  let folder: string | undefined;
  let later: UndoArgs['later'] = 'ask';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--folder') {
      folder = rest[++i];
      if (!folder) return { command: 'error', message: '--folder needs a directory.' };
    } else if (a === '--overwrite-later' || a === '--keep-later') {
      const want = a === '--keep-later' ? 'keep' : 'overwrite';
      if (later !== 'ask' && later !== want) return { command: 'error', message: '--overwrite-later and --keep-later cannot be used together.' };
      later = want;
    } else if (a.startsWith('-')) {
      return { command: 'error', message: `Unknown option ${a} for undo.` };
    } else if (taskId !== undefined) {
      return { command: 'error', message: `undo takes one task id (got "${taskId}" and "${a}").` };
    } else taskId = a;
  }
  if (!taskId) return { command: 'error', message: 'Missing the task id: cowork undo TASK_ID --folder DIR' };
  if (!isTaskId(taskId)) return { command: 'error', message: `"${taskId}" is not a task id: ${TASK_ID_RULE}` };
  if (!folder) return { command: 'error', message: 'Missing --folder DIR.' };
  return { command: 'undo', taskId, folder, later };
}
