// The Messages API's error shape: `{ type: "error", error: { type, message }, request_id }`,
// with the error type the real API uses for each status.

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  invalid_request_error: 'Invalid request (scripted).',
  authentication_error: 'invalid x-api-key (scripted)',
  billing_error: 'Billing problem (scripted).',
  permission_error: 'Your API key does not have permission to use the specified resource (scripted).',
  not_found_error: 'Not found (scripted).',
  request_too_large: 'Request exceeds the maximum allowed number of bytes (scripted).',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit (scripted).',
  api_error: 'Internal server error (scripted).',
  timeout_error: 'Request timed out (scripted).',
  overloaded_error: 'Overloaded (scripted).',
};

export function errorTypeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function defaultErrorMessage(type: string): string {
  return DEFAULT_MESSAGES[type] ?? `${type} (scripted)`;
}

export interface ApiErrorBody {
  type: 'error';
  error: { type: string; message: string; details?: Record<string, unknown> };
  request_id: string;
}

export function errorBody(type: string, message: string, requestId: string, details?: Record<string, unknown>): ApiErrorBody {
  return { type: 'error', error: details ? { type, message, details } : { type, message }, request_id: requestId };
}
