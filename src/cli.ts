// `cowork`: the headless entry. `cowork doc …` (the document commands, docs/documents.md)
// runs without loading anything of the agent, so it costs what the stand-alone
// cowork-doc.js costs; `cowork run` / `cowork undo` load the agent (cli/agentBundle.ts) first.
// Bundled, the agent is a file of its own beside this one (scripts/cliBundles.cjs), and
// test/unit/cli/cliDocEntry.test.ts fails if `doc` loads agent code again.

import type { CalcEngine } from './documents/xlsx';
import type { DeckRenderer } from './documents/render';
import { DocumentError } from './documents/ooxml/documentError';
import { runDoc } from './documents/cli/runDoc';
import { useStreamingHeap } from './documents/cli/streamingHeap';

type AgentBundle = typeof import('./cli/agentBundle');

const FAILED = 1;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'doc') {
    useStreamingHeap();
    const err = (t: string) => process.stderr.write(t);
    const note = (line: string) => err(`cowork: ${line}\n`);
    // `recalc` and `thumbnails` run LibreOffice inside the sandbox guest, as the agent's do
    // (cli/sandboxDoc.ts); the sandbox code comes with the agent's file, loaded for them only.
    const calcEngine: CalcEngine = (...a) => inThisBundle(() => loadAgentBundle().sandboxCalcEngine(note)(...a));
    const deckRenderer: DeckRenderer = (...a) => inThisBundle(() => loadAgentBundle().sandboxDeckRenderer(note)(...a));
    return runDoc(argv.slice(1), { out: (t) => process.stdout.write(t), err, calcEngine, deckRenderer });
  }
  return loadAgentBundle().agentCli(argv);
}

/**
 * The rest of the host CLI (cli/agentBundle.ts). Bundled, it is cli-agent.js beside this
 * file; the name is in a variable so esbuild leaves the require alone and nothing of the
 * agent enters cli.js. From source (tsx) it is the module itself.
 */
function loadAgentBundle(): AgentBundle {
  const file = __filename.endsWith('.ts') ? './cli/agentBundle' : './cli-agent.js';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as AgentBundle;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(file)) throw new DocumentError('NOT_FOUND', `the program is incomplete: ${file.slice(2)} is missing beside ${__filename}`);
    throw err;
  }
}

/**
 * Runs a call into cli-agent.js. That bundle has its own copy of DocumentError, which this
 * bundle's `instanceof` does not recognise; its errors are made this bundle's, so `cowork doc`
 * reports them as document problems (one line, exit 1) rather than as internal errors.
 */
async function inThisBundle<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as Partial<DocumentError> | undefined;
    if (err instanceof DocumentError || e?.name !== 'DocumentError' || typeof e.code !== 'string' || typeof e.message !== 'string') throw err;
    const local = new DocumentError(e.code, e.message, e.part);
    local.stack = e.stack;
    throw local;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof DocumentError ? `cowork: ${err.message}\n` : `cowork: internal error: ${(err as Error)?.stack ?? err}\n`);
    process.exit(FAILED);
  },
);
