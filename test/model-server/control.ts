// The control API, for driving the server from another process (e.g. a Playwright test whose
// VS Code talks to this server): load a transcript, read recorded requests and the script state.
//
//   POST /__control/transcript   body: transcript JSON  → resets and loads it; returns state
//   GET  /__control/requests                             → RecordedRequest[]
//   GET  /__control/state                                → ControlState
//
// Control calls are not recorded in `requests`.

import type { ServerResponse } from 'node:http';
import type { ModelServerFailure } from './apiTypes';
import { newRequestId } from './messageEvents';
import { sendError, sendJson } from './responses';
import type { ModelServer } from './server';
import { parseTranscript } from './transcriptFile';

export interface ControlState {
  url: string;
  totalTurns: number;
  usedTurns: number;
  remainingTurns: number;
  requestCount: number;
  failures: ModelServerFailure[];
}

export function controlState(server: ModelServer): ControlState {
  return {
    url: server.url,
    totalTurns: server.totalTurns,
    usedTurns: server.used,
    remainingTurns: server.remaining,
    requestCount: server.requests.length,
    failures: [...server.failures],
  };
}

export async function handleControl(server: ModelServer, method: string, path: string, rawBody: string, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const route = `${method} ${path}`;
  if (route === 'GET /__control/state') {
    sendJson(res, 200, controlState(server), requestId);
  } else if (route === 'GET /__control/requests') {
    sendJson(res, 200, server.requests, requestId);
  } else if (route === 'POST /__control/transcript') {
    try {
      server.reset(parseTranscript(JSON.parse(rawBody)));
    } catch (err) {
      sendError(res, { status: 400, type: 'invalid_request_error', message: (err as Error).message, requestId });
      return;
    }
    sendJson(res, 200, controlState(server), requestId);
  } else {
    sendError(res, { status: 404, type: 'not_found_error', message: `model-server: no control route ${route}`, requestId });
  }
}
