// An upstream LLM API over HTTP on an undici keep-alive pool (about three times the sequential
// throughput of the global fetch here). What differs between APIs (how the provider key is sent,
// which headers every call needs) comes from a small credential scheme, so OpenAI-compatible and
// Anthropic upstreams share this one client.
import { Pool, errors as undiciErrors } from 'undici';
import { looksLikeApiKey } from '../../domain/auth/api-key-codec.js';
import { GATEWAY_HOP_HEADER } from '../../domain/proxy/upstream-loop.js';
import { SynapseError } from '../../errors.js';
import type { ProviderKeyInfo, UpstreamKind, UpstreamProvider, UpstreamRequest, UpstreamResponse } from '../upstream-provider.js';

/** How one kind of API is authenticated, and the headers it needs on every call. */
export interface CredentialScheme {
  kind: UpstreamKind;
  /** The headers that carry the provider key. */
  credentialHeaders(apiKey: string): Record<string, string>;
  /** Headers sent unless the client sent its own (e.g. `anthropic-version`). */
  defaultHeaders: Record<string, string>;
  /** The variable that names this upstream's key, for error messages. */
  keyVariable: string;
}

export interface HttpUpstreamOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  connections: number;
  /** This gateway's id, sent along so that a call that comes back to this gateway is recognised. */
  gatewayId: string;
}

export class HttpUpstream implements UpstreamProvider {
  readonly name: string;
  readonly kind: UpstreamKind;
  readonly providerKey: ProviderKeyInfo;
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    private readonly options: HttpUpstreamOptions,
    private readonly scheme: CredentialScheme,
  ) {
    this.name = options.name;
    this.kind = scheme.kind;
    const credentialHeader = Object.keys(options.headers ?? {}).some((name) => /^(authorization|api-key|x-api-key)$/i.test(name));
    this.providerKey = { variable: scheme.keyVariable, configured: Boolean(options.apiKey) || credentialHeader };
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
    });
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers = this.headersFor(request);
    const path = this.basePath + request.path + (request.query ? `?${request.query}` : '');
    try {
      const response = await this.pool.request({
        method: request.method,
        path,
        headers,
        body: request.body ?? null,
        signal: request.signal ?? null,
      });
      const body = response.body;
      return {
        status: response.statusCode,
        headers: response.headers,
        body,
        // A body that breaks off or stalls is a transport failure too: 502 / 504, never a raw error.
        text: () => body.text().catch((error: unknown) => Promise.reject(translateTransportError(error, this.options.timeoutMs, request.signal))),
        discard: async () => {
          await body.dump().catch(() => undefined);
        },
      };
    } catch (error) {
      throw translateTransportError(error, this.options.timeoutMs, request.signal);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private headersFor(request: UpstreamRequest): Record<string, string> {
    const headers: Record<string, string> = {
      accept: request.stream ? 'text/event-stream' : 'application/json',
      ...this.scheme.defaultHeaders,
      ...this.options.headers,
      ...request.headers,
      [GATEWAY_HOP_HEADER]: this.options.gatewayId,
    };
    const apiKey = request.apiKey ?? this.options.apiKey;
    if (apiKey) {
      // Synapse never sends its own credentials upstream, even when one was configured as the
      // provider key (typically ANTHROPIC_API_KEY exported for Claude Code in the same shell).
      if (looksLikeApiKey(apiKey)) {
        throw new SynapseError('upstream_key_is_synapse_key', { upstream: this.name, variable: this.scheme.keyVariable });
      }
      Object.assign(headers, this.scheme.credentialHeaders(apiKey));
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }
}

/** Maps undici's transport failures to the SPEC's 502/504; an abort by our own signal passes through. */
export function translateTransportError(error: unknown, timeoutMs: number, signal?: AbortSignal): unknown {
  if (signal?.aborted) return error;
  if (error instanceof SynapseError) return error;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new SynapseError('upstream_timeout', { timeoutMs }, { cause: error });
  }
  const code = (error as { code?: string }).code ?? (error as Error).name ?? 'unknown';
  return new SynapseError('upstream_failed', { detail: `connection error (${code})` }, { cause: error });
}
