// web_fetch in the extension: the settings (cowork.web.fetch.*) and VS Code's proxy
// (http.proxy, http.noProxy, on top of HTTPS_PROXY/NO_PROXY) read at each task,
// "always allow" answers in the global state, and the command that forgets them.
// The wiring itself (fetcher, per-task tool, events) is webFetchWiring.ts.

import * as vscode from 'vscode';
import type { WebFetchSettings } from '../agent/web/webFetchSetup';
import type { AnyAgentTool } from '../agent/tools/tool';
import type { TaskEventHub } from './taskEventHub';
import { WebFetchWiring } from './webFetchWiring';

export const FORGET_WEB_DOMAINS_COMMAND = 'cowork.forgetAllowedWebDomains';

export function webFetchSettings(): WebFetchSettings | undefined {
  const c = vscode.workspace.getConfiguration('cowork');
  if (!c.get<boolean>('web.fetch.enabled', false)) return undefined;
  return {
    allowedDomains: c.get<string[]>('web.fetch.allowedDomains', []),
    blockedDomains: c.get<string[]>('web.fetch.blockedDomains', []),
    allowPrivateAddresses: c.get<string[]>('web.fetch.allowPrivateAddresses', []),
    summarise: c.get<boolean>('web.fetch.summarise', true),
    respectRobots: c.get<boolean>('web.fetch.respectRobots', true),
  };
}

export class WebFetchService {
  private readonly wiring: WebFetchWiring;

  constructor(state: vscode.Memento, hub: TaskEventHub) {
    const http = () => vscode.workspace.getConfiguration('http');
    this.wiring = new WebFetchWiring(
      { settings: webFetchSettings, httpProxy: () => http().get<string>('proxy', ''), noProxy: () => http().get<string[]>('noProxy', []), env: process.env },
      state,
      hub,
    );
  }

  /** The task's web_fetch tool, or undefined when fetching is off; throws with a sentence on bad settings. */
  toolFor(taskId: string): AnyAgentTool | undefined {
    return this.wiring.toolFor(taskId);
  }

  /** Registers "Cowork: Forget Always-Allowed Web Domains". */
  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.commands.registerCommand(FORGET_WEB_DOMAINS_COMMAND, async () => {
        const forgot = await this.wiring.forgetAlwaysAllowed();
        void vscode.window.showInformationMessage(
          forgot.length > 0
            ? `Forgot ${forgot.length} always-allowed web domain${forgot.length === 1 ? '' : 's'} (${forgot.join(', ')}); web_fetch asks before reading ${forgot.length === 1 ? 'it' : 'them'} again.`
            : 'No web domain was always allowed.',
        );
      }),
    );
  }
}
