// OAuth for remote connectors against a real authorization server and protected
// MCP server built from the SDK's server-side auth pieces (test/support/mcpOAuthServer.ts):
// discovery, dynamic client registration, PKCE, the loopback redirect, tokens in
// the SecretStore, refresh one at a time, a client id asked for where there is
// no registration, refusal and "not now" leaving the server 'needs-sign-in'.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { McpConnection, type SignInHost } from '../../../../src/agent/connectors/mcpConnection';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import type { SecretStore } from '../../../../src/agent/connectors/secrets';
import { followSignIn, startOAuthMcpServer, type OAuthMcpServer } from '../../../support/mcpOAuthServer';

class MemoryStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(k: string) {
    return this.values.get(k);
  }
  async set(k: string, v: string) {
    this.values.set(k, v);
  }
  async delete(k: string) {
    this.values.delete(k);
  }
}

const vars = { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined };

function connection(url: string, store: SecretStore, signIn: SignInHost | undefined, log: string[], oauth?: Record<string, unknown>): McpConnection {
  const parsed = parseConnectorConfig({ mcpServers: { tracker: { type: 'http', url, ...(oauth ? { oauth } : {}) } } }, { kind: 'userFile', source: 'test', project: false });
  assert.deepEqual(parsed.problems, []);
  return new McpConnection(parsed.servers[0], { variables: vars, secrets: store, ...(signIn ? { signIn } : {}), log: (l) => log.push(l) });
}

/** A person who says yes and whose browser follows the sign-in; counts how often it was opened. */
function browserHost(extra: Partial<SignInHost> = {}): SignInHost & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    confirm: async () => true,
    openBrowser: async (url) => {
      opened.push(url);
      void followSignIn(url).catch(() => undefined);
    },
    timeoutMs: 20_000,
    ...extra,
  };
}

const textOf = (r: { content?: unknown }) => ((r.content as { type: string; text?: string }[]) ?? []).map((c) => c.text ?? '').join('');

describe('connectors: OAuth for remote servers', function () {
  this.timeout(30_000);
  let as: OAuthMcpServer | undefined;
  const open: McpConnection[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.stop()));
    await as?.close();
    as = undefined;
  });
  const track = (c: McpConnection) => (open.push(c), c);

  it('signs in through discovery, registration, PKCE and the loopback; the token is kept in the store, reused, and never logged', async () => {
    as = await startOAuthMcpServer();
    const store = new MemoryStore();
    const log: string[] = [];
    const host = browserHost();
    const conn = track(connection(as.url, store, host, log));
    await conn.start();
    assert.equal(conn.state, 'ready', conn.reason);
    assert.equal(host.opened.length, 1);
    const auth = new URL(host.opened[0]);
    assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
    assert.match(auth.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(auth.searchParams.get('resource'), as.url);
    assert.deepEqual(as.stats, { registrations: 1, authorizations: 1, codeExchanges: 1, refreshes: 0, refused: 0 });
    const r = await conn.callTool('whoami', {}, new AbortController().signal);
    assert.match(textOf(r), /signed in as client [0-9a-f-]{36}/);
    // The record (client, tokens) is in the store under this server and URL; no token in the log.
    const [key, record] = [...store.values][0];
    assert.match(key, /^cowork\.mcp\.oauth\.tracker\.[0-9a-f]{12}$/);
    assert.ok(record.includes(as.issuedTokens[0]));
    for (const t of as.issuedTokens) assert.ok(!log.join('\n').includes(t), 'a token reached the log');
    // A second connection with the same store (a later run): no browser, no new registration.
    const again = track(connection(as.url, store, browserHost({ confirm: async () => assert.fail('must not ask to sign in again') }), []));
    await again.start();
    assert.equal(again.state, 'ready', again.reason);
    assert.equal(as.stats.registrations, 1);
    assert.equal(as.stats.authorizations, 1);
  });

  it('an expired token is refreshed once for three calls at the same time (refresh tokens rotate)', async () => {
    as = await startOAuthMcpServer();
    const conn = track(connection(as.url, new MemoryStore(), browserHost(), []));
    await conn.start();
    as.expireAccessTokens();
    const signal = new AbortController().signal;
    const results = await Promise.all([1, 2, 3].map(() => conn.callTool('whoami', {}, signal)));
    for (const r of results) assert.match(textOf(r), /signed in as client/);
    assert.equal(as.stats.refreshes, 1);
    assert.equal(as.stats.authorizations, 1, 'no second sign-in');
  });

  it('"not now" leaves it needing sign-in; signIn() later connects', async () => {
    as = await startOAuthMcpServer();
    let allow = false;
    const host = browserHost({ confirm: async () => allow });
    const conn = track(connection(as.url, new MemoryStore(), host, []));
    await assert.rejects(conn.start(), /needs you to sign in/);
    assert.equal(conn.state, 'needs-sign-in');
    assert.equal(host.opened.length, 0);
    allow = true;
    await conn.signIn();
    assert.equal(conn.state, 'ready', conn.reason);
  });

  it('a refused sign-in (access_denied) says so and leaves it needing sign-in', async () => {
    as = await startOAuthMcpServer();
    as.refuseSignIn = true;
    const conn = track(connection(as.url, new MemoryStore(), browserHost(), []));
    await assert.rejects(conn.start(), /sign-in was refused \(access_denied\)/);
    assert.equal(conn.state, 'needs-sign-in');
    assert.match(conn.reason ?? '', /access_denied/);
  });

  it('without registration: the client id is asked for (or taken from the config) and used', async () => {
    const port = 40000 + Math.floor(Math.random() * 20000);
    as = await startOAuthMcpServer({ registration: false, preRegistered: { clientId: 'hand-made', redirectUri: `http://127.0.0.1:${port}/callback` } });
    const none = track(connection(as.url, new MemoryStore(), browserHost(), [], { callbackPort: port }));
    await assert.rejects(none.start(), /does not register clients/);
    assert.equal(none.state, 'needs-sign-in');
    const asked: string[] = [];
    const conn = track(connection(as.url, new MemoryStore(), browserHost({ askClientId: async (s) => (asked.push(s), 'hand-made') }), [], { callbackPort: port }));
    await conn.start();
    assert.equal(conn.state, 'ready', conn.reason);
    assert.deepEqual(asked, ['tracker']);
    assert.match(textOf(await conn.callTool('whoami', {}, new AbortController().signal)), /client hand-made/);
    await conn.stop();
    const configured = track(connection(as.url, new MemoryStore(), browserHost({ askClientId: async () => assert.fail('the config names it') }), [], { clientId: 'hand-made', callbackPort: port }));
    await configured.start();
    assert.equal(configured.state, 'ready', configured.reason);
    assert.equal(as.stats.registrations, 0);
  });

  it('with no host to sign in (no browser): needs sign-in, the reason says so', async () => {
    as = await startOAuthMcpServer();
    const conn = track(connection(as.url, new MemoryStore(), undefined, []));
    await assert.rejects(conn.start(), /needs you to sign in/);
    assert.equal(conn.state, 'needs-sign-in');
  });
});
