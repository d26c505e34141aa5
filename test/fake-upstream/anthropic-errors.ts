// Anthropic's error shape for the fake upstream: `{"type":"error","error":{type,message},"request_id"}`
// with a request-id header, and Anthropic's wording of the scripted failures (429, 500, 529, 400, 404).
import type { ServerResponse } from 'node:http';
import { newId, sendJson } from './http-helpers.js';
import type { ErrorDialect, ScriptedFailure } from './scripted-behaviours.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id: string;
}

export function anthropicError(type: AnthropicErrorType, message: string, requestId = newId('req_')): AnthropicErrorBody {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** Sends a JSON body with Anthropic's request-id header (not OpenAI's x-request-id). */
export function sendAnthropicJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, { 'request-id': newId('req_'), ...headers });
}

export function sendAnthropicError(
  res: ServerResponse,
  status: number,
  type: AnthropicErrorType,
  message: string,
  headers: Record<string, string> = {},
): void {
  const requestId = newId('req_');
  sendJson(res, status, anthropicError(type, message, requestId), { 'request-id': requestId, ...headers });
}

export function sendAnthropicInvalidRequest(res: ServerResponse, message: string): void {
  sendAnthropicError(res, 400, 'invalid_request_error', message);
}

/** Anthropic's 404 for a model it does not know, on /v1/messages and /v1/models/{id} alike. */
export function sendAnthropicModelNotFound(res: ServerResponse, model: string): void {
  sendAnthropicError(res, 404, 'not_found_error', `model: ${model}`);
}

function sendFailure(res: ServerResponse, failure: ScriptedFailure, model: string): void {
  switch (failure.kind) {
    case 'rate-limit':
      sendAnthropicError(
        res,
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization (fake-org) of 3 requests per minute. ' +
          'For details, refer to: https://docs.claude.com/en/api/rate-limits. ' +
          'You can see the response headers for current usage. Please try again later.',
        { 'retry-after': failure.retryAfter, 'anthropic-ratelimit-requests-limit': '3', 'anthropic-ratelimit-requests-remaining': '0' },
      );
      break;
    case 'server-error':
      sendAnthropicError(res, 500, 'api_error', 'Internal server error');
      break;
    case 'overloaded':
      sendAnthropicError(res, 529, 'overloaded_error', 'Overloaded');
      break;
    case 'context-length':
      sendAnthropicInvalidRequest(res, 'prompt is too long: 200001 tokens > 200000 maximum');
      break;
    case 'model-not-found':
      sendAnthropicModelNotFound(res, model);
      break;
  }
}

export const ANTHROPIC_ERRORS: ErrorDialect = { sendFailure };
