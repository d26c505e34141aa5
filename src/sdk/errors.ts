// The SDK's error classes: one per SPEC error type (section 5), each carrying the HTTP status,
// the type, the gateway's request id and, on 429, retry_after_secs; plus connection failures.

export interface ApiErrorDetails {
  status: number | undefined;
  type: string;
  message: string;
  code?: string | undefined;
  requestId?: string | undefined;
  retryAfterSecs?: number | undefined;
  /** The parsed error body, when the gateway sent one. */
  body?: unknown;
}

/** Base class of every error the SDK throws for a failed call. */
export class SynapseApiError extends Error {
  override name = 'SynapseApiError';
  /** HTTP status; undefined when no response arrived (connection errors). */
  readonly status: number | undefined;
  /** The SPEC error type, e.g. `not_found` or `rate_limit_error`. */
  readonly type: string;
  /** The gateway's machine-readable code, e.g. `project_exists`. */
  readonly code: string | undefined;
  /** The response's `X-Request-ID`: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Seconds the gateway asked to wait (429 only). */
  readonly retryAfterSecs: number | undefined;
  readonly body: unknown;

  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(details.message, options);
    this.status = details.status;
    this.type = details.type;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterSecs = details.retryAfterSecs;
    this.body = details.body;
  }
}

export class ValidationError extends SynapseApiError { override name = 'ValidationError'; }
export class InvalidRequestError extends SynapseApiError { override name = 'InvalidRequestError'; }
export class AuthenticationError extends SynapseApiError { override name = 'AuthenticationError'; }
export class AuthorizationError extends SynapseApiError { override name = 'AuthorizationError'; }
export class NotFoundError extends SynapseApiError { override name = 'NotFoundError'; }
export class ConflictError extends SynapseApiError { override name = 'ConflictError'; }
export class PayloadTooLargeError extends SynapseApiError { override name = 'PayloadTooLargeError'; }
export class RateLimitError extends SynapseApiError { override name = 'RateLimitError'; }
export class InternalServerError extends SynapseApiError { override name = 'InternalServerError'; }
export class DatabaseError extends SynapseApiError { override name = 'DatabaseError'; }
export class ProxyError extends SynapseApiError { override name = 'ProxyError'; }
export class ServiceUnavailableError extends SynapseApiError { override name = 'ServiceUnavailableError'; }
export class EmbeddingError extends SynapseApiError { override name = 'EmbeddingError'; }
export class GatewayTimeoutError extends SynapseApiError { override name = 'GatewayTimeoutError'; }

/** No response arrived: the gateway is down, unreachable, or the connection broke. */
export class ConnectionError extends SynapseApiError { override name = 'ConnectionError'; }
/** No response arrived within the client's `timeoutMs`. */
export class ConnectionTimeoutError extends ConnectionError { override name = 'ConnectionTimeoutError'; }
/** The client was built without what it needs (no credentials, bad base URL). */
export class SynapseConfigError extends Error { override name = 'SynapseConfigError'; }

type ApiErrorClass = new (details: ApiErrorDetails, options?: { cause?: unknown }) => SynapseApiError;

const classByType: Record<string, ApiErrorClass> = {
  validation_error: ValidationError,
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  authorization_error: AuthorizationError,
  not_found: NotFoundError,
  conflict: ConflictError,
  payload_too_large: PayloadTooLargeError,
  rate_limit_error: RateLimitError,
  internal_error: InternalServerError,
  database_error: DatabaseError,
  proxy_error: ProxyError,
  service_unavailable: ServiceUnavailableError,
  embedding_error: EmbeddingError,
  timeout_error: GatewayTimeoutError,
};

const typeByStatus: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'authorization_error',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limit_error',
  500: 'internal_error',
  502: 'proxy_error',
  503: 'service_unavailable',
  504: 'timeout_error',
};

/** Builds the error for a non-2xx response from its status, headers and (maybe JSON) body. */
export function errorFromResponse(status: number, headers: Headers, body: unknown): SynapseApiError {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const declared = typeof error?.type === 'string' ? error.type : undefined;
  const type = declared ?? typeByStatus[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request_error');
  const message = typeof error?.message === 'string' ? error.message : `gateway answered ${status}`;
  const ErrorClass = classByType[type] ?? classByType[typeByStatus[status] ?? ''] ?? SynapseApiError;
  return new ErrorClass({
    status,
    type,
    message,
    code: typeof error?.code === 'string' ? error.code : undefined,
    requestId: headers.get('x-request-id') ?? undefined,
    retryAfterSecs: retryAfterOf(error, headers),
    body,
  });
}

function retryAfterOf(error: Record<string, unknown> | undefined, headers: Headers): number | undefined {
  if (typeof error?.retry_after_secs === 'number' && Number.isFinite(error.retry_after_secs)) return error.retry_after_secs;
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return secs;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}
