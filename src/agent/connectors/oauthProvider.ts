// OAuth for a remote connector, as the SDK's client auth provider wants it: the
// SDK does discovery (protected resource metadata, then the authorization
// server's), dynamic client registration, PKCE and refresh; this keeps what it
// hands over in the host's SecretStore (VS Code SecretStorage, the CLI's 0600
// file), never in settings, logs or the guest. One record per server name and
// URL, so tokens for one server are never offered to another. Sign-in uses a
// loopback redirect (http://127.0.0.1:<port>/callback, RFC 8252) whose port is
// picked once and kept, so a registered client's redirect URI stays valid.

import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import type { SecretStore } from './secrets';
import type { OAuthSettings } from './serverConfig';

interface Saved {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  verifier?: string;
  discovery?: OAuthDiscoveryState;
  port?: number;
}

export const oauthSecretKey = (server: string, url: string) => `cowork.mcp.oauth.${server}.${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;

export class ConnectorOAuth implements OAuthClientProvider {
  /** Set when the SDK wants the person to sign in: the authorization URL to open. */
  pendingAuthorization?: URL;
  private saved: Saved = {};
  private loaded = false;
  private expectedState = '';

  constructor(
    private readonly server: string,
    private readonly url: string,
    private readonly store: SecretStore,
    private readonly settings: OAuthSettings = {},
  ) {}

  /** Reads the stored record and fixes the loopback port (before the SDK reads redirectUrl). */
  async load(): Promise<this> {
    if (this.loaded) return this;
    const text = await this.store.get(this.key);
    try {
      this.saved = text ? (JSON.parse(text) as Saved) : {};
    } catch {
      this.saved = {};
    }
    if (this.settings.callbackPort) this.saved.port = this.settings.callbackPort;
    else if (!this.saved.port) {
      this.saved.port = await freePort();
      await this.persist();
    }
    this.loaded = true;
    return this;
  }

  get port(): number {
    return this.saved.port ?? 0;
  }

  get redirectUrl(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Cowork for VS Code',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.settings.clientSecret ? 'client_secret_post' : 'none',
    };
  }

  /** A fresh value per sign-in; the loopback accepts only a redirect carrying it. */
  state(): string {
    this.expectedState = randomBytes(16).toString('hex');
    return this.expectedState;
  }

  get stateForCallback(): string {
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    if (this.settings.clientId) return { client_id: this.settings.clientId, ...(this.settings.clientSecret ? { client_secret: this.settings.clientSecret } : {}), ...issuerOf(this.saved.client) };
    return this.saved.client;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    this.saved.client = info;
    await this.persist();
  }

  /** A client id the person typed (the server offers no registration): kept like a registered one. */
  async useClientId(clientId: string): Promise<void> {
    this.saved.client = { client_id: clientId };
    await this.persist();
  }

  get hasClient(): boolean {
    return this.clientInformation() !== undefined;
  }

  tokens(): OAuthTokens | undefined {
    return this.saved.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.saved.tokens = tokens;
    this.saved.verifier = undefined;
    this.pendingAuthorization = undefined;
    await this.persist();
  }

  redirectToAuthorization(url: URL): void {
    this.pendingAuthorization = url;
  }

  async saveCodeVerifier(verifier: string): Promise<void> {
    this.saved.verifier = verifier;
    await this.persist();
  }

  codeVerifier(): string {
    if (!this.saved.verifier) throw new Error('no sign-in is in progress (no PKCE verifier kept)');
    return this.saved.verifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    this.saved.discovery = state;
    await this.persist();
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.saved.discovery;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all' || scope === 'client') this.saved.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.saved.tokens = undefined;
    if (scope === 'all' || scope === 'verifier') this.saved.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.saved.discovery = undefined;
    await this.persist();
  }

  /** Sign out: forget tokens and registration for this server. */
  async forget(): Promise<void> {
    this.saved = { port: this.saved.port };
    await this.store.delete(this.key);
  }

  private get key(): string {
    return oauthSecretKey(this.server, this.url);
  }

  private async persist(): Promise<void> {
    await this.store.set(this.key, JSON.stringify(this.saved));
  }
}

function issuerOf(client: OAuthClientInformationMixed | undefined): { issuer?: string } {
  const issuer = (client as { issuer?: string } | undefined)?.issuer;
  return issuer ? { issuer } : {};
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
