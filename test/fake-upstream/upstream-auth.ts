// Credential checks of the fake upstream: OpenAI's `Authorization: Bearer` key on OpenAI routes and
// Anthropic's key (x-api-key, or Bearer) on Anthropic ones (/v1/messages*, /v1/models* with anthropic-version).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { sendAnthropicError } from './anthropic-errors.js';
import { openAIError, sendError } from './http-helpers.js';

export interface ExpectedKeys {
  /** `Bearer <apiKey>`, or undefined when OpenAI routes are open. */
  authorization: string | undefined;
  /** The key Anthropic routes need (as x-api-key or Bearer), or undefined when they are open. */
  anthropicApiKey: string | undefined;
}

/** Anthropic's routes, and the model routes when the caller speaks Anthropic (its SDK always sends anthropic-version). */
export function isAnthropicRequest(path: string, headers: IncomingHttpHeaders): boolean {
  if (path === '/v1/messages' || path.startsWith('/v1/messages/')) return true;
  return (path === '/v1/models' || path.startsWith('/v1/models/')) && headers['anthropic-version'] !== undefined;
}

function sendOpenAIUnauthorized(res: ServerResponse, authorization: string | undefined): void {
  const message =
    authorization === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${authorization.replace(/^Bearer\s+/i, '').slice(0, 8)}***. You can find your API key at https://platform.openai.com/account/api-keys.`;
  const code = authorization === undefined ? null : 'invalid_api_key';
  sendError(res, 401, openAIError(message, 'invalid_request_error', null, code));
}

/** True when the request may go on; otherwise the 401 has been sent in the shape of the API it addressed. */
export function checkCredentials(expected: ExpectedKeys, anthropic: boolean, headers: IncomingHttpHeaders, res: ServerResponse): boolean {
  if (anthropic) {
    if (expected.anthropicApiKey === undefined) return true;
    // x-api-key is the classic header; the official SDK since 1.0 (API version 2026-10-21) sends the
    // same key as `Authorization: Bearer`, so either one opens the route.
    const key = headers['x-api-key'];
    if (key === expected.anthropicApiKey || headers.authorization === `Bearer ${expected.anthropicApiKey}`) return true;
    const absent = key === undefined && headers.authorization === undefined;
    sendAnthropicError(res, 401, 'authentication_error', absent ? 'x-api-key header is required' : 'invalid x-api-key');
    return false;
  }
  if (expected.authorization === undefined || headers.authorization === expected.authorization) return true;
  sendOpenAIUnauthorized(res, headers.authorization);
  return false;
}
