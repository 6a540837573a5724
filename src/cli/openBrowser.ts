// Opens a URL in the person's browser for a connector sign-in: $BROWSER when
// set (the command, given the URL as its one argument), else the platform's
// opener. The URL is printed as well, so a person on a machine without a
// browser (ssh) can open it elsewhere; the loopback redirect then needs that
// browser to reach this machine's 127.0.0.1, which docs/connectors.md notes.

import { spawn } from 'node:child_process';

export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): void {
  const [command, args] = env.BROWSER
    ? [env.BROWSER, [url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The printed URL is the fallback.
  }
}
