// One connector at run time: an MCP client (the SDK's, 1.x) over stdio or
// Streamable HTTP (falling back to SSE), with its tools listed and kept current.
// It runs in the extension host or the CLI, never in the guest. A server that
// cannot start, hangs at initialize or dies is reported with a reason and the
// tail of its stderr; a call after a crash starts it again. A remote server that
// answers 401 is signed in to with OAuth (oauthProvider.ts) when the host can
// open a browser, else it waits in 'needs-sign-in' until signIn() is called.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { CancelledNotificationSchema, CreateMessageRequestSchema, ElicitRequestSchema, type CallToolResult, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { CallTimeout } from './callTimeout';
import { elicitFromPerson, type AskForm } from './elicitation';
import { NO_PERMISSIONS, type ServerPermissions } from './permissions';
import { answerSampling, type SamplingCaller } from './sampling';
import { listenForRedirect, SignInError } from './loopbackRedirect';
import { ConnectorOAuth } from './oauthProvider';
import { refreshOnce } from './refreshOnce';
import type { SecretStore } from './secrets';
import type { ConnectorConfig, ConnectorTransport } from './serverConfig';
import { ServerRequestSignals } from './serverRequestSignals';
import { resolveTransport, type VariableContext } from './variables';

export type ConnectorState = 'stopped' | 'starting' | 'ready' | 'failed' | 'needs-sign-in';

/** How the host signs the person in to a remote server (the browser, a client id prompt). */
export interface SignInHost {
  /** May the browser be opened now? (CLI: asks on the terminal; VS Code: a dialog.) False leaves the server 'needs-sign-in'. */
  confirm(server: string, authorizationUrl: string): Promise<boolean>;
  openBrowser(url: string): Promise<void>;
  /** The server's authorization server has no client registration: a client id the person registered, or undefined. */
  askClientId?(server: string): Promise<string | undefined>;
  /** How long to wait for the browser to come back (default 5 min). */
  timeoutMs?: number;
}

export interface ConnectionOptions {
  variables: VariableContext;
  /** How long connect + initialize + the first tools/list may take. */
  startupTimeoutMs?: number;
  /** Lines for the connector's log (its stderr, state changes); never secrets. */
  log?(line: string): void;
  /** The server announced a new tool list (already fetched). */
  onToolsChanged?(): void;
  onStateChanged?(): void;
  /** Where OAuth records (tokens, client registration) of remote servers are kept; no OAuth without it. */
  secrets?: SecretStore;
  /** Signs the person in when a remote server asks for it; absent: such a server waits in 'needs-sign-in'. */
  signIn?: SignInHost;
  /** What the person allows this server (sampling); read at each request. */
  permissions?(): ServerPermissions;
}

/** The task a tool call runs for: where the server's questions (elicitation) and model requests (sampling) go. */
export interface CallContext {
  askForm?: AskForm;
  sampling?: SamplingCaller;
}

/** A tool call in flight: its task, and its timeout (paused while the person fills in the server's form). */
interface InFlight {
  caller: CallContext;
  timeout: CallTimeout;
}

/** Longer than any per-server timeout: the SDK's own timer never fires first (CallTimeout keeps the real one). */
const SDK_TIMEOUT_MS = 2_147_483_647;

export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
const STDERR_TAIL = 2000;

export class ConnectorError extends Error {}

export class McpConnection {
  state: ConnectorState = 'stopped';
  /** Why it failed, in a sentence. */
  reason?: string;
  tools: McpTool[] = [];
  private client?: Client;
  private starting?: Promise<void>;
  private stderrTail = '';
  private stopping = false;
  /** One refresh per refresh token, shared by every transport of this connection. */
  private readonly oauthFetch = refreshOnce();
  private oauth?: ConnectorOAuth;
  /** signIn() asks the host to sign in even where a plain start would not. */
  private signInNow = false;
  /** Each tool call in flight; an elicitation or sampling request goes to the latest. */
  private readonly inFlight: InFlight[] = [];

  constructor(
    readonly config: ConnectorConfig,
    private readonly opts: ConnectionOptions,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** Connects and lists tools; resolves when ready, rejects with a ConnectorError naming the cause. */
  start(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
    this.setState('stopped');
    this.stopping = false;
  }

  /** Signs in (browser) and connects; for a server in 'needs-sign-in'. */
  async signIn(): Promise<void> {
    this.signInNow = true;
    try {
      await this.stop();
      await this.start();
    } finally {
      this.signInNow = false;
    }
  }

  /** Forgets this server's OAuth tokens and registration (sign out). */
  async signOut(): Promise<void> {
    await this.stop();
    const t = this.config.transport;
    if (this.opts.secrets && t.type !== 'stdio') await new ConnectorOAuth(this.name, t.url, this.opts.secrets, t.oauth).forget();
    this.oauth = undefined;
  }

  capabilities() {
    return this.client?.getServerCapabilities();
  }

  /** Calls a tool; starts the server first when it is not running (e.g. after a crash). */
  async callTool(name: string, args: Record<string, unknown>, signal: AbortSignal, onProgress?: (text: string) => void, caller?: CallContext): Promise<CallToolResult> {
    const client = await this.ready();
    const call: InFlight = { caller: caller ?? {}, timeout: new CallTimeout(this.config.timeoutMs, `${this.name}: ${name}`) };
    this.inFlight.push(call);
    try {
      const result = await client.callTool({ name, arguments: args }, undefined, {
        signal: AbortSignal.any([signal, call.timeout.signal]),
        timeout: SDK_TIMEOUT_MS,
        onprogress: (p) => {
          call.timeout.reset();
          onProgress?.(p.message ?? (p.total ? `${p.progress}/${p.total}` : `${p.progress}`));
        },
      });
      return result as CallToolResult;
    } finally {
      call.timeout.dispose();
      this.inFlight.splice(this.inFlight.lastIndexOf(call), 1);
    }
  }

  /** The running client, started when needed. */
  async ready(): Promise<Client> {
    if (this.state !== 'ready' || !this.client) await this.start();
    if (!this.client) throw new ConnectorError(`${this.name} is not running`);
    return this.client;
  }

  private async connect(): Promise<void> {
    this.setState('starting');
    this.stderrTail = '';
    const timeoutMs = this.opts.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    let transport: ConnectorTransport;
    try {
      transport = await resolveTransport(this.config, this.opts.variables);
    } catch (err) {
      throw this.fail(`its configuration cannot be used: ${(err as Error).message}`);
    }
    try {
      const client = await this.open(transport, timeoutMs);
      this.client = client;
      this.tools = await listAllTools(client, timeoutMs);
      this.setState('ready');
      this.opts.log?.(`${this.name}: ready, ${this.tools.length} tool(s)`);
    } catch (err) {
      const client = this.client;
      this.client = undefined;
      await client?.close().catch(() => undefined);
      if (err instanceof ConnectorError) throw err;
      throw this.fail(explainStartError(err, timeoutMs, this.stderrTail));
    }
  }

  private async open(t: ConnectorTransport, timeoutMs: number): Promise<Client> {
    if (t.type === 'stdio') {
      const transport = new StdioClientTransport({
        command: t.command,
        args: t.args,
        // Only what a process needs to run (PATH, HOME, USER, …) plus what the config names: no API keys leak in.
        env: { ...getDefaultEnvironment(), ...t.env },
        ...(t.cwd ? { cwd: t.cwd } : {}),
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (d: Buffer) => this.onStderr(d.toString()));
      return this.connectWith(transport, timeoutMs);
    }
    const url = new URL(t.url);
    const requestInit = { headers: t.headers };
    const authProvider = this.opts.secrets ? (this.oauth ??= await new ConnectorOAuth(this.name, t.url, this.opts.secrets, t.oauth).load()) : undefined;
    const opts = { requestInit, ...(authProvider ? { authProvider, fetch: this.oauthFetch } : {}) };
    const make = (): HttpTransport => (t.type === 'sse' ? new SSEClientTransport(url, opts) : new StreamableHTTPClientTransport(url, opts));
    try {
      return await this.connectWith(make(), timeoutMs);
    } catch (err) {
      if (authProvider && needsAuth(err)) return this.signInAndConnect(authProvider, make, timeoutMs, err);
      // Older servers speak only the 2024-11-05 HTTP+SSE transport: a 4xx on the POST means try that.
      const code = (err as { code?: number }).code;
      if (t.type === 'sse' || typeof code !== 'number' || code < 400 || code >= 500) throw err;
      this.opts.log?.(`${this.name}: Streamable HTTP refused (${code}); trying SSE`);
      return this.connectWith(new SSEClientTransport(url, opts), timeoutMs);
    }
  }

  /**
   * The server wants OAuth. The SDK has done discovery (and registration, when the
   * authorization server offers it) and left the authorization URL with the provider;
   * the person signs in in the browser, the loopback takes the code, the SDK exchanges
   * it (with the PKCE verifier) and the connection is made again with the token.
   */
  private async signInAndConnect(auth: ConnectorOAuth, make: () => HttpTransport, timeoutMs: number, first: unknown): Promise<Client> {
    const host = this.opts.signIn;
    if (isNoRegistration(first)) {
      const clientId = host && (this.signInNow || host.askClientId) ? await host.askClientId?.(this.name) : undefined;
      if (!clientId) throw this.needsSignIn('its authorization server does not register clients by itself: give a client id (the "oauth": {"clientId"} of its config, or when asked)');
      await auth.useClientId(clientId);
      try {
        return await this.connectWith(make(), timeoutMs);
      } catch (err) {
        if (!needsAuth(err) || isNoRegistration(err)) throw err;
      }
    }
    const target = auth.pendingAuthorization;
    if (!target) throw this.fail(`it refused the saved sign-in and gave no way to sign in again (${(first as Error)?.message ?? first})`);
    if (!host || !(await host.confirm(this.name, target.href))) throw this.needsSignIn('it needs you to sign in');
    const wait = await listenForRedirect(auth.port, () => auth.stateForCallback, host.timeoutMs ?? 5 * 60_000).catch((err: Error) => {
      throw this.fail(`sign-in could not start: ${err.message}`);
    });
    try {
      this.opts.log?.(`${this.name}: waiting for sign-in in the browser`);
      await host.openBrowser(target.href);
      const code = await wait.code;
      const transport = make();
      await transport.finishAuth(code);
      this.opts.log?.(`${this.name}: signed in`);
      return await this.connectWith(transport, timeoutMs);
    } catch (err) {
      if (err instanceof SignInError) throw this.needsSignIn(err.message);
      throw err;
    } finally {
      wait.close();
    }
  }

  private needsSignIn(reason: string): ConnectorError {
    this.reason = reason;
    this.state = 'needs-sign-in';
    this.opts.onStateChanged?.();
    this.opts.log?.(`${this.name}: needs sign-in: ${reason}`);
    return new ConnectorError(`Connector ${this.name}: ${reason}`);
  }

  private async connectWith(transport: Transport, timeoutMs: number): Promise<Client> {
    const client = new Client(
      { name: 'cowork', version: '1.0.0' },
      {
        // Elicitation (form mode) reaches the person as one form in the task's steps. Sampling is declared so a
        // server can ask, and answered only where the person enabled it for this server (sampling.ts).
        capabilities: { elicitation: { form: {} }, sampling: {} },
        listChanged: {
          tools: {
            onChanged: (err, tools) => {
              if (err || !tools) return void this.opts.log?.(`${this.name}: could not refresh tools: ${err?.message ?? 'no list'}`);
              this.tools = tools;
              this.opts.log?.(`${this.name}: tool list changed, ${tools.length} tool(s)`);
              this.opts.onToolsChanged?.();
            },
          },
        },
      },
    );
    const current = () => this.inFlight[this.inFlight.length - 1];
    // The server may take back its own request (notifications/cancelled): an open form then closes.
    // Setting this handler replaces the SDK's own, which aborts the request's handler so that no
    // reply is sent; it is called too, so that stays true (for every id but 0, see serverRequestSignals.ts).
    const requestSignals = new ServerRequestSignals();
    const sdkOnCancel = (client as unknown as { _oncancel?: (n: unknown) => Promise<void> })._oncancel?.bind(client);
    client.setNotificationHandler(CancelledNotificationSchema, async (n) => {
      requestSignals.cancel(n.params.requestId, n.params.reason);
      await sdkOnCancel?.(n);
    });
    client.setRequestHandler(ElicitRequestSchema, async (req, extra) => {
      const call = current();
      const withdrawn = requestSignals.track(extra.requestId, extra.signal);
      // The person's time is not the server's: the call's clock stops while the form is open.
      call?.timeout.pause();
      try {
        return await elicitFromPerson(this.name, req.params, call?.caller.askForm, withdrawn.signal);
      } finally {
        withdrawn.done();
        call?.timeout.resume();
      }
    });
    client.setRequestHandler(CreateMessageRequestSchema, (req) => {
      const perms = this.opts.permissions?.() ?? NO_PERMISSIONS;
      this.opts.log?.(`${this.name}: sampling request ${perms.sampling ? 'answered' : 'refused (not enabled for this server)'}`);
      return answerSampling(this.name, req.params, perms, current()?.caller.sampling);
    });
    client.onclose = () => {
      if (this.client !== client || this.stopping) return;
      this.client = undefined;
      this.fail(`the server stopped${this.stderrTail ? `: ${lastLine(this.stderrTail)}` : ''}; it is started again on the next call`);
    };
    await client.connect(transport, { timeout: timeoutMs });
    return client;
  }

  private onStderr(text: string): void {
    this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
    for (const line of text.split('\n')) if (line.trim()) this.opts.log?.(`${this.name} stderr: ${line}`);
  }

  private fail(reason: string): ConnectorError {
    this.reason = reason;
    this.setState('failed');
    this.opts.log?.(`${this.name}: failed: ${reason}`);
    return new ConnectorError(`Connector ${this.name}: ${reason}`);
  }

  private setState(state: ConnectorState): void {
    if (state !== 'failed') this.reason = undefined;
    this.state = state;
    this.opts.onStateChanged?.();
  }
}

async function listAllTools(client: Client, timeoutMs: number): Promise<McpTool[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    tools.push(...r.tools);
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

type HttpTransport = StreamableHTTPClientTransport | SSEClientTransport;

function needsAuth(err: unknown): boolean {
  return err instanceof UnauthorizedError || isNoRegistration(err);
}

function isNoRegistration(err: unknown): boolean {
  return /does not support dynamic client registration/i.test((err as Error)?.message ?? '');
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].slice(0, 300);
}

function explainStartError(err: unknown, timeoutMs: number, stderr: string): string {
  const e = err as { code?: unknown; message?: string };
  const tail = stderr.trim() ? ` (stderr: ${lastLine(stderr)})` : '';
  if (e.code === 'ENOENT') return `the command was not found${tail}`;
  if (e.code === -32001 || /timed out|timeout/i.test(e.message ?? '')) return `it did not answer initialize within ${Math.round(timeoutMs / 1000)} s${tail}`;
  if (/connection closed/i.test(e.message ?? '')) return `the server exited during start-up${tail}`;
  return `${e.message ?? String(err)}${tail}`;
}
