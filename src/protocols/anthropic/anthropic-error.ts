// Gateway errors in Anthropic's error shape ({type:'error', error:{type, message}}), with our error
// types mapped onto the few Anthropic defines, so the Anthropic SDK raises its matching error class.
import type { AnthropicErrorBody } from './messages-types.js';

/** Our catalogue's types (src/errors.ts) that have an Anthropic counterpart with another name. */
const FROM_GATEWAY_TYPE: Readonly<Record<string, string>> = {
  validation_error: 'invalid_request_error',
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  authorization_error: 'permission_error',
  not_found: 'not_found_error',
  payload_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit_error',
  service_unavailable: 'overloaded_error',
  // The upstream refused the gateway's own provider key (a 502): not the client's authentication_error.
  upstream_auth_error: 'api_error',
};

/** Types an Anthropic upstream may send that we relay unchanged (SynapseError keeps them as `type`). */
const ANTHROPIC_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
]);

/**
 * timeout_error, proxy_error, internal_error and anything unknown become `api_error`, except that an
 * unknown type with a 4xx status (a conflict, say) is the client's `invalid_request_error`.
 */
export function toAnthropicErrorType(type: string, status?: number): string {
  const known = FROM_GATEWAY_TYPE[type] ?? (ANTHROPIC_TYPES.has(type) ? type : undefined);
  if (known) return known;
  return status !== undefined && status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
}

export function toAnthropicErrorBody(error: { type: string; message: string; status?: number }): AnthropicErrorBody {
  return { type: 'error', error: { type: toAnthropicErrorType(error.type, error.status), message: error.message } };
}
