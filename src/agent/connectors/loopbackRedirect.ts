// The end of a browser sign-in: a one-shot HTTP listener on 127.0.0.1 that
// takes the authorization server's redirect (`/callback?code=…&state=…`),
// checks the state, answers the browser with a short page and hands the code
// over. Anything else (another path, a wrong state) is answered 400 and the
// wait goes on; an error from the server (`?error=access_denied`) ends it.

import * as http from 'node:http';

export class SignInError extends Error {}

export interface RedirectWait {
  /** Resolves with the authorization code. */
  code: Promise<string>;
  close(): void;
}

/** Listens on the port now (so the browser cannot arrive first); the wait ends at the timeout or the signal. */
export async function listenForRedirect(port: number, expectedState: () => string, timeoutMs: number, signal?: AbortSignal): Promise<RedirectWait> {
  let settle!: { resolve(code: string): void; reject(err: Error): void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const page = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Cowork</title><p>${text}</p>`);
    };
    if (url.pathname !== '/callback') return page(404, 'Not found.');
    const error = url.searchParams.get('error');
    const state = url.searchParams.get('state') ?? '';
    if (state !== expectedState()) return page(400, 'This sign-in link is not the one Cowork is waiting for.');
    if (error) {
      page(200, 'Sign-in was not completed. You can close this tab.');
      return settle.reject(new SignInError(`the sign-in was refused (${error}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''})`));
    }
    const got = url.searchParams.get('code');
    if (!got) return page(400, 'The redirect carried no authorization code.');
    page(200, 'Signed in. You can close this tab and return to Cowork.');
    settle.resolve(got);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new SignInError(err.code === 'EADDRINUSE' ? `port ${port} for the sign-in redirect is in use; close what uses it and try again` : err.message)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => settle.reject(new SignInError(`no sign-in arrived within ${Math.round(timeoutMs / 60_000)} min`)), timeoutMs);
  const onAbort = () => settle.reject(new SignInError('the sign-in was cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections?.();
    server.close();
  };
  void code.catch(() => undefined).finally(close);
  return { code, close };
}
