// The webview's link to the extension: typed postMessage out, validated
// messages in, and the small UI state VS Code keeps for us across reloads.

import { parseExtensionMessage, type ExtensionToWebview, type WebviewToExtension } from '../src/shared/webviewProtocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the webview being hidden or reloaded (the rest comes from the extension). */
export interface PersistedUi {
  selectedTaskId: string | null;
  draft: string;
}

export class Host {
  private readonly api = acquireVsCodeApi();

  post(msg: WebviewToExtension): void {
    this.api.postMessage(msg);
  }

  /** Subscribes to validated messages; malformed ones are logged and dropped. */
  listen(handler: (msg: ExtensionToWebview) => void): void {
    window.addEventListener('message', (ev: MessageEvent) => {
      const parsed = parseExtensionMessage(ev.data);
      if (!parsed.ok) {
        console.error(`[cowork] dropped a malformed message from the extension: ${parsed.error}`);
        return;
      }
      handler(parsed.value);
    });
  }

  loadUi(): PersistedUi {
    const s = this.api.getState() as Partial<PersistedUi> | undefined;
    return {
      selectedTaskId: typeof s?.selectedTaskId === 'string' ? s.selectedTaskId : null,
      draft: typeof s?.draft === 'string' ? s.draft : '',
    };
  }

  saveUi(ui: PersistedUi): void {
    this.api.setState(ui);
  }
}
