// The SDK's public API (`import { Synapse } from 'synapse-gateway/sdk'`): named exports only, so
// what is public is a choice.
export { Synapse, type SynapseOptions } from './synapse-client.js';
export {
  SynapseApiError,
  ValidationError,
  InvalidRequestError,
  AuthenticationError,
  AuthorizationError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  RateLimitError,
  InternalServerError,
  DatabaseError,
  ProxyError,
  ServiceUnavailableError,
  EmbeddingError,
  GatewayTimeoutError,
  ConnectionError,
  ConnectionTimeoutError,
  SynapseConfigError,
} from './errors.js';
export { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-delay.js';
export { RENEW_BEFORE_EXPIRY_MS, type TokenGrant } from './token-source.js';
export { FileTokenCache, type CachedToken, type TokenCache } from './token-cache.js';
export type { FetchLike, RequestOptions } from './transport.js';
export type * from './types.js';
