// web_fetch for the extension's tasks, without VS Code itself (webFetchService.ts
// reads the settings and the global state and hands them in): one WebFetcher per
// distinct settings and proxy (so its 15-minute cache is shared by tasks), the
// domains the person chose "always allow" for kept in a key-value state, and per
// task the tool fed with that task's events from the hub (the known URLs of a
// resumed task are rebuilt from its log).

import { matchesDomain, type AlwaysAllowedDomains } from '../agent/web/domainPermissions';
import type { WebFetcher } from '../agent/web/pageFetcher';
import { createWebFetcher, webFetchForTask, webFetchSettingsProblem, type WebFetchSettings } from '../agent/web/webFetchSetup';
import type { AnyAgentTool } from '../agent/tools/tool';
import type { TaskEventHub } from './taskEventHub';

export const ALWAYS_KEY = 'cowork.web.alwaysAllowedDomains';

/** The part of VS Code's Memento used here. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface WebFetchConfig {
  /** cowork.web.fetch.*, or undefined when fetching is off. */
  settings(): WebFetchSettings | undefined;
  /** VS Code's http.proxy ('' when unset). */
  httpProxy(): string;
  /** VS Code's http.noProxy. */
  noProxy(): string[];
  env: NodeJS.ProcessEnv;
}

class AlwaysAllowedState implements AlwaysAllowedDomains {
  constructor(private readonly state: KeyValueState) {}

  has(host: string): boolean {
    return this.domains().some((d) => matchesDomain(host, d));
  }

  async add(domain: string): Promise<void> {
    if (!this.domains().includes(domain)) await this.state.update(ALWAYS_KEY, [...this.domains(), domain].sort());
  }

  domains(): string[] {
    const v = this.state.get<unknown>(ALWAYS_KEY);
    return Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : [];
  }
}

export class WebFetchWiring {
  private readonly always: AlwaysAllowedState;
  private fetcher?: { key: string; fetcher: WebFetcher };

  constructor(
    private readonly config: WebFetchConfig,
    private readonly state: KeyValueState,
    private readonly hub: TaskEventHub,
  ) {
    this.always = new AlwaysAllowedState(state);
  }

  /** The task's web_fetch tool, or undefined when fetching is off; throws with a sentence on bad settings. */
  toolFor(taskId: string): AnyAgentTool | undefined {
    const settings = this.config.settings();
    if (!settings) return undefined;
    const problem = webFetchSettingsProblem(settings);
    if (problem) throw new Error(`${problem} (cowork.web.fetch.*)`);
    const web = webFetchForTask(this.fetcherFor(settings), () => this.config.settings() ?? settings, this.always);
    for (const e of this.hub.eventsOf(taskId)) web.observe(e);
    const sub = this.hub.onChange((c) => {
      if (c.kind !== 'event' || c.event.taskId !== taskId) return;
      web.observe(c.event);
      if (c.event.type === 'finished') sub.dispose();
    });
    return web.tool;
  }

  /** The domains allowed "always", sorted. */
  alwaysAllowed(): string[] {
    return this.always.domains();
  }

  /** Forgets every "always" answer; returns the domains that were allowed. */
  async forgetAlwaysAllowed(): Promise<string[]> {
    const before = this.always.domains();
    if (before.length > 0) await this.state.update(ALWAYS_KEY, undefined);
    return before;
  }

  private fetcherFor(settings: WebFetchSettings): WebFetcher {
    const env = this.config.env;
    const noProxy = [env.NO_PROXY ?? env.no_proxy ?? '', ...this.config.noProxy()].filter(Boolean).join(',');
    const proxy = { httpProxy: this.config.httpProxy() || undefined, env: { ...env, NO_PROXY: noProxy } };
    const key = JSON.stringify([settings, proxy.httpProxy, noProxy]);
    if (this.fetcher?.key !== key) this.fetcher = { key, fetcher: createWebFetcher(settings, proxy) };
    return this.fetcher.fetcher;
  }
}
