// TEST HELPER: a remote MCP server behind OAuth, in process, built from the
// SDK's own server-side pieces: mcpAuthRouter (authorization server metadata,
// /authorize, /token with PKCE checked by the SDK, /register for dynamic client
// registration), requireBearerAuth on /mcp, and an McpServer over stateless
// Streamable HTTP. The authorization provider below is ours and in memory: it
// signs the "person" in at once (its /authorize redirects straight back with a
// code, or with error=access_denied when told to refuse), rotates refresh
// tokens, and counts what happened so tests can check it.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { mcpAuthRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthServerProvider, AuthorizationParams } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type * as http from 'node:http';
// express ships no types of its own and @types/express is not a dependency; only app, json and listen are used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => ExpressApp;

interface ExpressApp {
  use(...handlers: unknown[]): void;
  post(path: string, ...handlers: unknown[]): void;
  get(path: string, ...handlers: unknown[]): void;
  delete(path: string, ...handlers: unknown[]): void;
  listen(port: number, host: string, cb: () => void): http.Server;
}

export interface OAuthServerOptions {
  /** Offer dynamic client registration (default true). */
  registration?: boolean;
  /** A client registered by hand (for a server without registration). */
  preRegistered?: { clientId: string; redirectUri: string };
}

export interface OAuthMcpServer {
  /** The MCP endpoint a connector config names. */
  url: string;
  stats: { registrations: number; authorizations: number; codeExchanges: number; refreshes: number; refused: number };
  /** Every access token given out so far (to check none leaks). */
  issuedTokens: string[];
  /** Make /authorize refuse (error=access_denied) from now on. */
  refuseSignIn: boolean;
  /** Every access token stops working (as if expired); refresh tokens still work. */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export async function startOAuthMcpServer(opts: OAuthServerOptions = {}): Promise<OAuthMcpServer> {
  const app = express();
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const mcpUrl = new URL('/mcp', base);
  const clients = new Map<string, OAuthClientInformationFull>();
  const codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  const access = new Map<string, { clientId: string; expiresAt: number }>();
  const refresh = new Map<string, string>();
  const result: OAuthMcpServer = {
    url: mcpUrl.href,
    stats: { registrations: 0, authorizations: 0, codeExchanges: 0, refreshes: 0, refused: 0 },
    issuedTokens: [],
    refuseSignIn: false,
    expireAccessTokens: () => access.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  if (opts.preRegistered) {
    const { clientId, redirectUri } = opts.preRegistered;
    clients.set(clientId, { client_id: clientId, redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
  }
  const issue = (clientId: string): OAuthTokens => {
    const token = randomBytes(16).toString('hex');
    const refreshToken = randomBytes(16).toString('hex');
    access.set(token, { clientId, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    refresh.set(refreshToken, clientId);
    result.issuedTokens.push(token);
    return { access_token: token, token_type: 'bearer', expires_in: 3600, refresh_token: refreshToken };
  };
  const clientsStore: OAuthRegisteredClientsStore = {
    getClient: (id) => clients.get(id),
    ...(opts.registration === false
      ? {}
      : {
          registerClient: (client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>) => {
            const full = { ...client, client_id: randomUUID(), client_id_issued_at: Math.floor(Date.now() / 1000) };
            clients.set(full.client_id, full);
            result.stats.registrations++;
            return full;
          },
        }),
  };
  const provider: OAuthServerProvider = {
    clientsStore,
    async authorize(client, params, res) {
      result.stats.authorizations++;
      const back = new URL(params.redirectUri);
      if (params.state) back.searchParams.set('state', params.state);
      if (result.refuseSignIn) {
        result.stats.refused++;
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = randomBytes(12).toString('hex');
        codes.set(code, { clientId: client.client_id, params });
        back.searchParams.set('code', code);
      }
      res.redirect(302, back.href);
    },
    async challengeForAuthorizationCode(_client, code) {
      const c = codes.get(code);
      if (!c) throw new InvalidGrantError('unknown authorization code');
      return c.params.codeChallenge;
    },
    async exchangeAuthorizationCode(client, code) {
      const c = codes.get(code);
      if (!c || c.clientId !== client.client_id) throw new InvalidGrantError('unknown authorization code');
      codes.delete(code);
      result.stats.codeExchanges++;
      return issue(client.client_id);
    },
    async exchangeRefreshToken(client, refreshToken) {
      if (refresh.get(refreshToken) !== client.client_id) throw new InvalidGrantError('refresh token is not valid');
      // Rotation: a refresh token works once.
      refresh.delete(refreshToken);
      result.stats.refreshes++;
      return issue(client.client_id);
    },
    async verifyAccessToken(token) {
      const a = access.get(token);
      if (!a) throw new InvalidTokenError('token expired or unknown');
      return { token, clientId: a.clientId, scopes: [], expiresAt: a.expiresAt };
    },
  };
  const noLimit = { rateLimit: false as const };
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(base),
      resourceServerUrl: mcpUrl,
      resourceName: 'Test tracker',
      authorizationOptions: noLimit,
      tokenOptions: noLimit,
      clientRegistrationOptions: noLimit,
      revocationOptions: noLimit,
    }),
  );
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) });
  app.post('/mcp', bearer, async (req: http.IncomingMessage & { auth?: AuthInfo }, res: http.ServerResponse) => {
    const mcp = new McpServer({ name: 'oauth-tracker', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'Which client is calling.', annotations: { readOnlyHint: true } }, async (extra) => ({
      content: [{ type: 'text', text: `signed in as client ${extra.authInfo?.clientId ?? 'nobody'}` }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close().then(() => mcp.close()));
    await mcp.connect(transport);
    await transport.handleRequest(req, res, await readJson(req));
  });
  const notAllowed = (_req: unknown, res: http.ServerResponse) => {
    res.writeHead(405, { allow: 'POST' }).end();
  };
  app.get('/mcp', bearer, notAllowed);
  app.delete('/mcp', bearer, notAllowed);
  return result;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** What a browser does with the authorization URL here: follow it to the loopback and load that page. */
export async function followSignIn(authorizationUrl: string): Promise<string> {
  const first = await fetch(authorizationUrl, { redirect: 'manual' });
  const to = first.headers.get('location');
  if (first.status !== 302 || !to) throw new Error(`authorize answered ${first.status}: ${await first.text()}`);
  const page = await fetch(to);
  return page.text();
}
