// The one place where errors become HTTP responses of the SPEC's shape:
// {"error": {"message", "type", "code"}} (+ retry_after_secs on 429). Never a stack trace.
import type { FastifyError } from 'fastify';
import { SynapseError, isSynapseError } from '../errors.js';
import { formatValidationErrors, type ValidationIssue } from './validation.js';

export interface ErrorBody {
  error: { message: string; type: string; code: string; retry_after_secs?: number };
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

export function toErrorResponse(error: SynapseError): ErrorResponse {
  const body: ErrorBody = { error: { message: error.message, type: error.type, code: error.publicCode } };
  const headers: Record<string, string> = {};
  if (error.status === 429) {
    const retryAfterSecs = Math.max(1, Math.ceil(error.retryAfterSecs ?? 1));
    body.error.retry_after_secs = retryAfterSecs;
    headers['retry-after'] = String(retryAfterSecs);
    // What the OpenAI and Anthropic SDKs read first: the exact wait, not rounded up to a second.
    if (error.retryAfterMs !== undefined) headers['retry-after-ms'] = String(Math.max(1, Math.ceil(error.retryAfterMs)));
  }
  return { status: error.status, body, headers };
}
