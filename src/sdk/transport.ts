// The SDK's HTTP core: builds each request, adds the bearer token, applies the timeout, turns
// error responses into typed errors and retries what the SPEC marks retryable. Resources call it.
import { ConnectionError, ConnectionTimeoutError, SynapseApiError, errorFromResponse } from './errors.js';
import { retryDelayMs, type RetryPolicy } from './retry-delay.js';
import type { TokenSource } from './token-source.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export type QueryValue = string | number | boolean | undefined;

/** Per-call options every SDK method accepts as its last argument. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`: the gateway answers a repeat with what it stored the first time. */
  idempotencyKey?: string;
  /** Overrides the client's timeout for this call (milliseconds per attempt). */
  timeoutMs?: number;
  /** Overrides the client's retry count for this call. */
  maxRetries?: number;
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** False for the token exchange itself. */
  auth?: boolean;
  options?: RequestOptions | undefined;
}

export interface TransportSettings {
  baseUrl: string;
  fetch: FetchLike;
  tokens: TokenSource;
  timeoutMs: number;
  retry: RetryPolicy;
  headers: Record<string, string>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export class Transport {
  constructor(private readonly settings: TransportSettings) {}

  /** Sends the request and returns the parsed JSON body (undefined for an empty body). */
  async json<T>(request: HttpRequest): Promise<T> {
    const response = await this.send(request);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends the request, retrying as the policy allows, and returns the successful response. */
  async send(request: HttpRequest): Promise<Response> {
    const maxRetries = request.options?.maxRetries ?? this.settings.retry.maxRetries;
    const policy = { ...this.settings.retry, maxRetries };
    let renewedRefusedToken = false;
    for (let attempt = 0; ; attempt++) {
      let bearer: string | undefined;
      try {
        // Inside the try: a failed exchange is retried like the call it is for.
        bearer = request.auth === false ? undefined : await abortable(this.settings.tokens.bearer(), request.options?.signal);
        return await this.attempt(request, bearer);
      } catch (error) {
        if (isRefusedToken(error) && bearer && this.settings.tokens.renewable && !renewedRefusedToken) {
          renewedRefusedToken = true;
          await this.settings.tokens.invalidate(bearer);
          attempt--; // a renewed token is not a retry
          continue;
        }
        const waitMs = retryDelayMs(error, attempt, policy, this.settings.random);
        if (waitMs === undefined || request.options?.signal?.aborted) throw error;
        await this.settings.sleep(waitMs, request.options?.signal);
      }
    }
  }

  private async attempt(request: HttpRequest, bearer: string | undefined): Promise<Response> {
    const { settings } = this;
    const headers: Record<string, string> = { accept: 'application/json', ...settings.headers, ...request.options?.headers };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (request.options?.idempotencyKey) headers['idempotency-key'] = request.options.idempotencyKey;
    const init: RequestInit = { method: request.method, headers };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    const timeoutMs = request.options?.timeoutMs ?? settings.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    init.signal = request.options?.signal ? AbortSignal.any([request.options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await settings.fetch(buildUrl(settings.baseUrl, request.path, request.query), init);
    } catch (error) {
      throw connectionError(error, timeout.aborted, timeoutMs, request.options?.signal);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw errorFromResponse(response.status, response.headers, parseJson(text));
  }
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** Encodes one path segment (project ids, branch names) safely. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The promise, or the signal's reason once it aborts (an exchange shared by several calls goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined); // nobody waits for it any more: its failure must not go unhandled
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A 401 for a token: expired, or unknown to the gateway (a cached token from before its secret changed). */
function isRefusedToken(error: unknown): boolean {
  return error instanceof SynapseApiError && error.status === 401;
}

function connectionError(error: unknown, timedOut: boolean, timeoutMs: number, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error; // the caller cancelled: not ours to wrap
  if (timedOut) {
    return new ConnectionTimeoutError(
      { status: undefined, type: 'connection_timeout', message: `no response from the gateway within ${timeoutMs} ms` },
      { cause: error },
    );
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new ConnectionError({ status: undefined, type: 'connection_error', message: `cannot reach the gateway: ${detail}` }, { cause: error });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
