// Token refreshes one at a time. When several requests to a remote connector
// meet an expired token together, each would ask the SDK to refresh, and with
// rotating refresh tokens every refresh but the first fails (and signs the
// person out). This fetch wrapper sends one refresh per refresh token and gives
// every caller a copy of its answer; a late caller that still holds the old
// token gets the same answer for a while after.

type Fetch = typeof fetch;

const REMEMBER_MS = 60_000;

export function refreshOnce(inner: Fetch = fetch): Fetch {
  const inFlight = new Map<string, Promise<Response>>();
  return async (input, init) => {
    const token = refreshTokenOf(init);
    if (!token) return inner(input, init);
    let answer = inFlight.get(token);
    if (!answer) {
      answer = inner(input, init);
      inFlight.set(token, answer);
      const forget = () => setTimeout(() => inFlight.delete(token), REMEMBER_MS).unref();
      answer.then(forget, () => inFlight.delete(token));
    }
    return (await answer).clone();
  };
}

function refreshTokenOf(init: RequestInit | undefined): string | undefined {
  if (!init || (init.method ?? 'GET').toUpperCase() !== 'POST') return undefined;
  const body = init.body;
  const params = body instanceof URLSearchParams ? body : typeof body === 'string' ? new URLSearchParams(body) : undefined;
  if (!params || params.get('grant_type') !== 'refresh_token') return undefined;
  return params.get('refresh_token') ?? undefined;
}
