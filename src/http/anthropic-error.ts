// Errors on the Anthropic Messages routes, in Anthropic's own shape, so that Claude Code and the
// Anthropic SDKs raise their usual error classes: {"type":"error","error":{"type","message"}}
// with Anthropic's error types, chosen by status when the error is not already one of them.
import type { SynapseError } from '../errors.js';

const ANTHROPIC_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
]);

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

export function anthropicErrorType(error: Pick<SynapseError, 'status' | 'type'>): string {
  if (ANTHROPIC_TYPES.has(error.type)) return error.type;
  return TYPE_BY_STATUS[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function anthropicErrorBody(error: SynapseError, requestId: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(error), message: error.message }, request_id: requestId };
}
