// Command-line parsing for `cowork run "<task>" --folder DIR [...]`. Pure: no
// I/O, so bad input is reported with a clear message and usage, never a stack.

import { DEFAULT_BUDGET_BYTES, MIN_BUDGET_BYTES, parseSize } from '../sandbox/staging/writeBudget';

export type ReviewMode = 'ask' | 'yes' | 'no';

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
}

export type DriverSetting = 'auto' | 'qemu' | 'vz' | 'namespace';
const DRIVERS: readonly DriverSetting[] = ['auto', 'qemu', 'vz', 'namespace'];

export type ParsedArgs = RunArgs | { command: 'help' } | { command: 'error'; message: string };

export const USAGE = `Usage: cowork run "<task>" --folder DIR [options]

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
  -h, --help           show this help

Environment: ANTHROPIC_API_KEY (required), ANTHROPIC_BASE_URL (optional),
COWORK_SANDBOX_DRIVER (default for --driver), COWORK_WRITE_BUDGET (default
for --write-budget).
Exit status: 0 done, 1 failed, 2 bad usage, 3 cancelled.`;

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'run') return { command: 'error', message: `Unknown command "${command}". The only command is "run".` };
  let prompt: string | undefined;
  let folder: string | undefined;
  let review: ReviewMode = 'ask';
  let model: string | undefined;
  let smallModel: string | undefined;
  let plan = true;
  let driver = (env.COWORK_SANDBOX_DRIVER || 'auto') as DriverSetting;
  let budgetText = env.COWORK_WRITE_BUDGET || undefined;
  let budgetFrom = 'COWORK_WRITE_BUDGET';
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
        if (!v) return { command: 'error', message: '--folder needs a directory.' };
        folder = v;
        break;
      }
      case '--model': {
        const v = value();
        if (!v) return { command: 'error', message: '--model needs a model name.' };
        model = v;
        break;
      }
      case '--small-model': {
        const v = value();
        if (!v) return { command: 'error', message: '--small-model needs a model name.' };
        smallModel = v;
        break;
      }
      case '--yes':
      case '--no': {
        const mode = a === '--yes' ? 'yes' : 'no';
        if (review !== 'ask' && review !== mode) return { command: 'error', message: '--yes and --no cannot be used together.' };
        review = mode;
        break;
      }
      case '--driver': {
        const v = value();
        if (!v || !DRIVERS.includes(v as DriverSetting)) return { command: 'error', message: `--driver must be one of ${DRIVERS.join(', ')}.` };
        driver = v as DriverSetting;
        break;
      }
      case '--write-budget': {
        const v = value();
        if (!v) return { command: 'error', message: '--write-budget needs a size, e.g. 500M or 20G (or off).' };
        budgetText = v;
        budgetFrom = '--write-budget';
        break;
      }
      case '--no-plan':
        plan = false;
        break;
      default:
        if (a.startsWith('-')) return { command: 'error', message: `Unknown option ${a}.` };
        if (prompt !== undefined) return { command: 'error', message: `Only one task text is allowed; quote it ("${prompt} ${a}").` };
        prompt = a;
    }
  }
  if (!prompt?.trim()) return { command: 'error', message: 'Missing the task text: cowork run "<task>" --folder DIR' };
  if (!folder) return { command: 'error', message: 'Missing --folder DIR.' };
  if (!DRIVERS.includes(driver)) return { command: 'error', message: `COWORK_SANDBOX_DRIVER must be one of ${DRIVERS.join(', ')}.` };
  let writeBudgetBytes: number | undefined = DEFAULT_BUDGET_BYTES;
  if (budgetText !== undefined) {
    writeBudgetBytes = /^(off|0)$/i.test(budgetText.trim()) ? 0 : parseSize(budgetText);
    if (writeBudgetBytes === undefined) return { command: 'error', message: `${budgetFrom} must be a size such as 500M or 20G, or off (got "${budgetText}").` };
    if (writeBudgetBytes > 0 && writeBudgetBytes < MIN_BUDGET_BYTES) return { command: 'error', message: `${budgetFrom} must be at least 8M (got "${budgetText}").` };
  }
  return { command: 'run', prompt, folder, review, model, smallModel, plan, driver, writeBudgetBytes };
}
