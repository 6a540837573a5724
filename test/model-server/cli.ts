// Run the scripted model server as its own process:
//
//   npx tsx test/model-server/cli.ts [--transcript file.json] [--port N] [--api-key KEY]
//
// The first line of stdout is the base URL (e.g. http://127.0.0.1:41234); load further transcripts
// through the control API. Stops on SIGINT/SIGTERM, and when stdin ends if --exit-on-stdin-end is
// given (so a parent that dies does not leave the server running).

import { startModelServer } from './server';
import { loadTranscriptFile } from './transcriptFile';
import type { Transcript } from './transcript';

interface CliArgs {
  transcript?: string;
  port: number;
  apiKey?: string;
  exitOnStdinEnd: boolean;
}

const USAGE = 'usage: tsx test/model-server/cli.ts [--transcript file.json] [--port N] [--api-key KEY] [--exit-on-stdin-end]';

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 0, exitOnStdinEnd: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--transcript') args.transcript = value();
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--api-key') args.apiKey = value();
    else if (flag === '--exit-on-stdin-end') args.exitOnStdinEnd = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`--port must be 0-65535\n${USAGE}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const transcript: Transcript = args.transcript ? loadTranscriptFile(args.transcript) : { turns: [] };
  const server = await startModelServer({ transcript, port: args.port, requireApiKey: args.apiKey });
  process.stdout.write(`${server.url}\n`);
  const stop = (): void => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args.exitOnStdinEnd) {
    process.stdin.resume();
    process.stdin.on('end', stop);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`model-server: ${(err as Error).message ?? String(err)}\n`);
  process.exit(2);
});
