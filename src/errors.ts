// The error catalogue: every error the gateway can return, with its HTTP status, SPEC type and
// message template. Domain code throws SynapseError; src/http/error-response.ts turns it into JSON.
// docs/errors.md is checked against this table by test/errors-doc.test.ts.

export interface ErrorSpec {
  readonly status: number;
  readonly type: string;
  /** Message template; `{name}` is replaced by the matching parameter. */
  readonly message: string;
}

export const errorCatalogue = {
  validation_failed: { status: 400, type: 'validation_error', message: '{detail}' },
  invalid_json: { status: 400, type: 'invalid_request_error', message: 'request body is not valid JSON: {detail}' },
  empty_body: { status: 400, type: 'invalid_request_error', message: 'request body is empty; send a JSON object' },
  unsupported_media_type: {
    status: 415,
    type: 'invalid_request_error',
    message: "unsupported content type '{contentType}'; send application/json",
  },
  invalid_url: { status: 400, type: 'invalid_request_error', message: 'the request URL is malformed: {detail}' },
  uri_too_long: {
    status: 414,
    type: 'invalid_request_error',
    message: 'a path segment is longer than {limit} characters; no id is that long',
  },
  headers_too_large: {
    status: 431,
    type: 'invalid_request_error',
    message: 'the request line and headers exceed the limit of {limit} bytes',
  },
  malformed_request: { status: 400, type: 'invalid_request_error', message: 'the request is not valid HTTP/1.1' },
  request_timeout: { status: 408, type: 'timeout_error', message: 'the request did not arrive in time' },
  expectation_failed: {
    status: 417,
    type: 'invalid_request_error',
    message: "unsupported Expect header '{expect}'; only 100-continue is understood",
  },
  missing_credentials: {
    status: 401,
    type: 'authentication_error',
    message: 'authentication failed: missing credentials; send Authorization: Bearer <token or API key> (or the API key in x-api-key)',
  },
  invalid_api_key: { status: 401, type: 'authentication_error', message: 'authentication failed: invalid API key' },
  token_expired: { status: 401, type: 'authentication_error', message: 'authentication failed: token expired' },
  invalid_token: { status: 401, type: 'authentication_error', message: 'authentication failed: invalid token' },
  metrics_unauthorized: {
    status: 401,
    type: 'authentication_error',
    message: '/metrics needs Authorization: Bearer <the metrics token set in SYNAPSE_METRICS_TOKEN>',
  },
  role_forbidden: {
    status: 403,
    type: 'authorization_error',
    message: "role '{role}' may not {action}; requires '{required}'",
  },
  role_widening: {
    status: 403,
    type: 'authorization_error',
    message: "role '{requested}' is wider than the key's role '{role}'",
  },
  tenant_forbidden: {
    status: 403,
    type: 'authorization_error',
    message: 'only operator admins may manage another tenant',
  },
  rate_limit_tier_forbidden: {
    status: 403,
    type: 'authorization_error',
    message: "only operator admins may raise a tenant's rate-limit tier (from '{current}' to '{requested}'); a tenant's own admin may only lower it",
  },
  not_found: { status: 404, type: 'not_found', message: 'not found: {what} does not exist' },
  agent_session_not_found: { status: 404, type: 'not_found', message: "not found: agent session '{sessionId}' does not exist" },
  request_log_not_found: { status: 404, type: 'not_found', message: "not found: request log entry '{id}' does not exist" },
  route_not_found: { status: 404, type: 'not_found', message: 'not found: no route for {method} {path}' },
  model_not_configured: {
    status: 404,
    type: 'not_found',
    message: "not found: model '{model}' is not routed to any upstream",
  },
  conflict: { status: 409, type: 'conflict', message: '{detail}' },
  project_exists: { status: 409, type: 'conflict', message: "project '{projectId}' already exists" },
  branch_exists: { status: 409, type: 'conflict', message: "branch '{branchName}' already exists in project '{projectId}'" },
  branch_closed: {
    status: 409,
    type: 'conflict',
    message: "branch '{branchName}' is {status}; it accepts no more milestones or log entries",
  },
  payload_too_large: {
    status: 413,
    type: 'payload_too_large',
    message: 'request body exceeds the limit of {limit} bytes',
  },
  rate_limited: {
    status: 429,
    type: 'rate_limit_error',
    message: 'rate limit exceeded: try again in {retryAfterSecs} seconds ({group})',
  },
  upstream_rate_limited: {
    status: 429,
    type: 'rate_limit_error',
    message: 'rate limit exceeded: the upstream asks to try again in {retryAfterSecs} seconds',
  },
  upstream_rejected: { status: 400, type: 'invalid_request_error', message: '{detail}' },
  internal: { status: 500, type: 'internal_error', message: 'internal error' },
  database: { status: 500, type: 'database_error', message: 'storage error' },
  upstream_failed: { status: 502, type: 'proxy_error', message: 'upstream request failed: {detail}' },
  upstream_key_is_synapse_key: {
    status: 502,
    type: 'proxy_error',
    message:
      "upstream '{upstream}' is configured with a Synapse API key as its provider key; Synapse never sends its own credentials upstream: set {variable} to the provider's key in the gateway's environment",
  },
  upstream_auth_failed: {
    status: 502,
    type: 'upstream_auth_error',
    message: "upstream '{upstream}' refused {credential} ({upstreamStatus}: {detail}); {fix}",
  },
  upstream_loop: {
    status: 508,
    type: 'proxy_error',
    message:
      "the gateway called itself: an upstream base URL points at this gateway (is ANTHROPIC_BASE_URL or OPENAI_BASE_URL exported in the gateway's environment?); point it at the provider's API",
  },
  upstream_overloaded: { status: 529, type: 'overloaded_error', message: 'upstream is overloaded: {detail}' },
  service_unavailable: { status: 503, type: 'service_unavailable', message: '{detail}' },
  upstream_timeout: {
    status: 504,
    type: 'timeout_error',
    message: 'upstream did not answer within {timeoutMs} ms',
  },
  upstream_stream_stalled: {
    status: 504,
    type: 'timeout_error',
    message: 'upstream stream stalled: no data within the timeout',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalogue;

export type ErrorParams = Record<string, string | number>;

export interface SynapseErrorOptions {
  /** Overrides the catalogue status (used to relay an upstream 4xx with its own status). */
  status?: number;
  /** Overrides the catalogue type (used to relay the upstream's own error type). */
  type?: string;
  retryAfterSecs?: number;
  /** The exact wait behind retryAfterSecs, sent as `retry-after-ms` when known. */
  retryAfterMs?: number;
  /** The `code` shown to the client when it is not the catalogue key (an upstream's own code). */
  publicCode?: string;
  /** The upstream's HTTP status behind a proxy_error, shown to the client as `upstream_status`. */
  upstreamStatus?: number;
  cause?: unknown;
}

export class SynapseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  readonly retryAfterSecs: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly publicCode: string;
  readonly upstreamStatus: number | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, options: SynapseErrorOptions = {}) {
    const spec: ErrorSpec = errorCatalogue[code];
    super(formatMessage(spec.message, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SynapseError';
    this.code = code;
    this.status = options.status ?? spec.status;
    this.type = options.type ?? spec.type;
    this.retryAfterSecs = options.retryAfterSecs;
    this.retryAfterMs = options.retryAfterMs;
    this.publicCode = options.publicCode ?? code;
    this.upstreamStatus = options.upstreamStatus;
  }
}

export function formatMessage(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export function isSynapseError(value: unknown): value is SynapseError {
  return value instanceof SynapseError;
}
