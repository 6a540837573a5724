// Where connector secrets (the values of `${input:id}`, tokens) are kept: the
// extension puts them in VS Code's SecretStorage, the CLI in a file only its
// owner can read. Never in settings, config files or logs.

import type { ConnectorInput } from './serverConfig';

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const inputSecretKey = (server: string, id: string) => `cowork.mcp.input.${server}.${id}`;

/**
 * An input resolver for VariableContext: the stored value, else the person's
 * answer (stored for next time); undefined when no one can answer or they decline.
 */
export function storedInputs(store: SecretStore, ask: ((server: string, input: ConnectorInput) => Promise<string | undefined>) | undefined) {
  return async (server: string, input: ConnectorInput): Promise<string | undefined> => {
    const key = inputSecretKey(server, input.id);
    const known = await store.get(key);
    if (known !== undefined) return known;
    const answer = ask ? await ask(server, input) : undefined;
    const value = answer === undefined || answer === '' ? input.default : answer;
    if (value !== undefined && value !== '') await store.set(key, value);
    return value === '' ? undefined : value;
  };
}
