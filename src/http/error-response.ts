// The one place where errors become HTTP responses of the SPEC's shape:
// {"error": {"message", "type", "code"}} (+ retry_after_secs on 429, upstream_status on an upstream
// failure). Never a stack trace.
import type { FastifyError } from 'fastify';
import { SynapseError, isSynapseError } from '../errors.js';
import { formatValidationErrors, type ValidationIssue } from './validation.js';

export interface ErrorBody {
  error: { message: string; type: string; code: string; retry_after_secs?: number; upstream_status?: number };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

export function toSynapseError(error: unknown, bodyLimit: number, contentType?: string): SynapseError {
  if (isSynapseError(error)) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    return new SynapseError('validation_failed', {
      detail: formatValidationErrors(fastifyError.validation, fastifyError.validationContext ?? 'body'),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SynapseError('payload_too_large', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SynapseError('unsupported_media_type', { contentType: (contentType || 'none').slice(0, 100) });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SynapseError('empty_body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new SynapseError('invalid_json', { detail: 'the body could not be parsed' });
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new SynapseError('invalid_json', { detail: 'the body could not be parsed' });
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new SynapseError('validation_failed', { detail: 'the request could not be read' });
  }
  return new SynapseError('internal', {}, { cause: error });
}

/**
 * 5xx answers that only a configuration change can fix. The official OpenAI and Anthropic SDKs (and
 * so Claude Code and Codex) retry any 5xx with backoff unless told `x-should-retry: false`, which
 * would turn an immediate, clear refusal into minutes of waiting for the same answer.
 */
const NOT_RETRYABLE = new Set(['upstream_loop', 'upstream_key_is_synapse_key', 'upstream_auth_failed']);

export function toErrorResponse(error: SynapseError): ErrorResponse {
  const body: ErrorBody = { error: { message: error.message, type: error.type, code: error.publicCode } };
  const headers: Record<string, string> = {};
  if (NOT_RETRYABLE.has(error.code)) headers['x-should-retry'] = 'false';
  if (error.upstreamStatus !== undefined) body.error.upstream_status = error.upstreamStatus;
  if (error.status === 429) {
    const retryAfterSecs = Math.max(1, Math.ceil(error.retryAfterSecs ?? 1));
    body.error.retry_after_secs = retryAfterSecs;
    headers['retry-after'] = String(retryAfterSecs);
    // What the OpenAI and Anthropic SDKs read first: the exact wait, not rounded up to a second.
    if (error.retryAfterMs !== undefined) headers['retry-after-ms'] = String(Math.max(1, Math.ceil(error.retryAfterMs)));
  }
  return { status: error.status, body, headers };
}
