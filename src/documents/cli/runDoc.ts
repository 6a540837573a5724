// `cowork doc <command> ...`: finds the command in the table, runs it, and turns every
// failure into one clear line on stderr (the file and the problem) and an exit status:
// 0 ok, 1 the document has a problem, 2 bad usage. With --json a failure is also
// printed as {"error": {...}} on stdout, so scripts always get JSON back.

import { DocumentError } from '../ooxml';
import { DOC_COMMANDS } from './commandTable';
import { EXIT, json, UsageError, type DocIo } from './docCommand';

export function docUsage(): string {
  const width = Math.max(...DOC_COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cowork doc <command> FILE [options]',
    '',
    'Commands:',
    ...DOC_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '`cowork doc <command> --help` shows its options. Exit status: 0 ok, 1 document problem, 2 bad usage.',
  ].join('\n');
}

export async function runDoc(argv: string[], io: DocIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.out(docUsage() + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  const cmd = DOC_COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`cowork doc: unknown command "${name}"\n\n${docUsage()}\n`);
    return EXIT.usage;
  }
  if (args.includes('-h') || args.includes('--help')) {
    io.out(`Usage: ${cmd.usage}\n`);
    return EXIT.ok;
  }
  const wantsJson = args.includes('--json');
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cowork doc ${name}: ${err.message}\nUsage: ${cmd.usage}\n`);
      return EXIT.usage;
    }
    if (err instanceof DocumentError) {
      io.err(`cowork doc ${name}: ${err.message}\n`);
      if (wantsJson) io.out(json({ error: { code: err.code, message: err.message, ...(err.part ? { part: err.part } : {}) } }));
      return EXIT.failed;
    }
    throw err;
  }
}
